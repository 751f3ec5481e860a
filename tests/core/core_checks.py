"""Checks shared by the core's cassette tests, whatever the provider."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import BaseModel

QUESTION = "What is the weather in Paris? Use get_weather."
CITY_PROMPT = "Give me facts about Paris as JSON: its name, country, population and landmarks."


def get_weather(city: str, unit: Literal["celsius", "fahrenheit"] = "celsius") -> dict[str, Any]:
    """Current weather for a city.

    Args:
        city: City name, e.g. Paris
        unit: Temperature unit
    """
    return {"city": city, "temperature": 18 if unit == "celsius" else 64, "unit": unit, "conditions": "sunny"}


class CityFacts(BaseModel):
    name: str
    country: str
    population: int
    landmarks: list[str]


def assert_weather_schema(schema: Any) -> None:
    """The schema read from ``get_weather``'s hints and docstring, as sent."""
    assert schema["type"] == "object"
    assert set(schema["properties"]) == {"city", "unit"}
    assert schema["required"] == ["city"]
    assert schema["properties"]["city"]["description"] == "City name, e.g. Paris"
    assert schema["properties"]["unit"]["enum"] == ["celsius", "fahrenheit"]


def consistent(partial: Any, final: Any) -> bool:
    """``partial`` is what ``final`` looked like part way: no key or element it does not
    have, strings that are prefixes of its strings, numbers that are its numbers so far."""
    if isinstance(partial, dict):
        return isinstance(final, dict) and all(
            k in final and consistent(v, final[k]) for k, v in partial.items()
        )
    if isinstance(partial, list):
        return (
            isinstance(final, list)
            and len(partial) <= len(final)
            and all(consistent(p, f) for p, f in zip(partial, final, strict=False))
        )
    if isinstance(partial, str):
        return isinstance(final, str) and final.startswith(partial)
    if isinstance(partial, int | float) and not isinstance(partial, bool):
        return partial == final or str(final).startswith(str(partial))
    return bool(partial == final)


def assert_partials(partials: Sequence[Any], final: Any) -> None:
    """Several partial answers, each new, each consistent with the final one, the last
    equal to it."""
    assert len(partials) > 2, "the answer arrived in pieces"
    assert all(a != b for a, b in itertools.pairwise(partials)), "only changes are reported"
    assert all(consistent(p, final) for p in partials), partials
    assert partials[-1] == final
