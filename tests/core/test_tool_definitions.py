"""``tool(fn)``: the schema from a function's signature, type hints and docstring, and
how the validated call reaches the function. This module uses ``from __future__
import annotations`` on purpose: hints are strings here, as in most modern code."""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

import pytest
from pydantic import BaseModel, Field

from ai_sdk_integrations import tool
from ai_sdk_integrations.core.tool_execution import ToolRun, run_tool
from ai_sdk_integrations.core.tools import parse_tool_call
from ai_sdk_integrations.spec import ToolCallContent


def call(definition: Any, arguments: str, name: str = "t") -> Any:
    parsed = parse_tool_call(ToolCallContent("c1", name, arguments), {name: definition})
    assert parsed.error is None, parsed.error
    result = run_tool(ToolRun(parsed, definition))
    assert not result.is_error, result.output
    return result.output


def forecast(city: str, days: int = 3, unit: Literal["c", "f"] = "c") -> str:
    """Forecast for a city.

    Longer text about the tool.

    Args:
        city: The city, e.g. Paris.
        days (int): How many days
            ahead to look.
        unit: Temperature unit.

    Returns:
        The forecast.
    """
    return f"{city}/{days}/{unit}"


def test_schema_from_hints_defaults_and_google_docstring() -> None:
    defined = tool(forecast)
    assert defined.description == "Forecast for a city.\n\nLonger text about the tool."
    schema = defined.input_schema
    assert schema["required"] == ["city"]
    assert schema["properties"]["city"] == {
        "description": "The city, e.g. Paris.",
        "title": "City",
        "type": "string",
    }
    assert schema["properties"]["days"]["default"] == 3
    assert schema["properties"]["days"]["description"] == "How many days ahead to look."
    assert schema["properties"]["unit"]["enum"] == ["c", "f"]
    assert call(defined, '{"city": "Rome", "unit": "f"}') == "Rome/3/f"


def test_numpy_and_sphinx_docstrings() -> None:
    def numpy_style(city: str) -> str:
        """Look up a city.

        Parameters
        ----------
        city : str
            The city's name.
        """
        return city

    def sphinx_style(city: str) -> str:
        """Look up a city.

        :param city: The city's name.
        :returns: it
        """
        return city

    for fn in (numpy_style, sphinx_style):
        defined = tool(fn)
        assert defined.description == "Look up a city."
        assert defined.input_schema["properties"]["city"]["description"] == "The city's name."


def test_a_local_type_under_future_annotations_is_resolved() -> None:
    """The bug this guards: hints are strings naming a class local to this function, so
    resolving them with the function's globals alone fails (and used to give an empty
    schema)."""

    class Trip(BaseModel):
        origin: str
        destination: str = Field(description="Where to")

    def book(trip: Trip, seats: int = 1) -> str:
        """Book a trip."""
        return f"{trip.origin}->{trip.destination} x{seats}"

    defined = tool(book)
    schema = defined.input_schema
    assert set(schema["properties"]) == {"trip", "seats"}
    assert schema["$defs"]["Trip"]["properties"]["destination"]["description"] == "Where to"
    assert call(defined, '{"trip": {"origin": "A", "destination": "B"}}') == "A->B x1"


def test_an_unresolvable_hint_is_a_clear_error() -> None:
    def broken(x: NotDefinedAnywhere) -> None:  # type: ignore[name-defined]  # noqa: F821
        """Broken."""

    with pytest.raises(
        TypeError, match=r"cannot read the type hints of tool function .*broken.*NotDefinedAnywhere"
    ):
        tool(broken)


class Route(BaseModel):
    start: str
    end: str


@dataclasses.dataclass
class Box:
    width: int
    height: int


def test_one_model_like_parameter_takes_the_object() -> None:
    def route(r: Route) -> str:
        """Plan a route."""
        return f"{r.start}-{r.end}"

    def area(box: Box) -> int:
        """Area of a box."""
        return box.width * box.height

    assert tool(route).input_schema == Route.model_json_schema()
    assert call(tool(route), '{"start": "a", "end": "b"}') == "a-b"
    assert set(tool(area).input_schema["properties"]) == {"width", "height"}
    assert call(tool(area), '{"width": 2, "height": 3}') == 6


def test_parameters_may_be_a_dataclass_or_a_schema() -> None:
    defined = tool(lambda box: box.width, parameters=Box)
    assert call(defined, '{"width": 4, "height": 1}') == 4
    raw = {"type": "object", "properties": {"q": {"type": "string"}}}
    assert call(tool(lambda args: args["q"], parameters=raw), '{"q": "x"}') == "x"


def test_one_unannotated_parameter_gets_the_arguments_dict() -> None:
    defined = tool(lambda args: sorted(args))
    assert defined.input_schema == {"type": "object", "properties": {}}
    assert call(defined, '{"b": 1, "a": 2}') == ["a", "b"]


def test_no_parameters_and_positional_only() -> None:
    def now() -> str:
        """The time."""
        return "noon"

    def scale(value: float, /, factor: float = 2.0) -> float:
        """Scale a value."""
        return value * factor

    assert tool(now).input_schema["properties"] == {}
    assert call(tool(now), "") == "noon"
    assert call(tool(scale), '{"value": 1.5}') == 3.0


def test_decorator_and_errors() -> None:
    @tool
    def shout(text: str) -> str:
        """Shout."""
        return text.upper()

    assert shout.description == "Shout." and call(shout, '{"text": "hi"}') == "HI"

    def variadic(*names: str) -> None:
        """No."""

    with pytest.raises(TypeError, match=r"\*args"):
        tool(variadic)
    bad = parse_tool_call(ToolCallContent("c1", "shout", '{"text": 3}'), {"shout": shout})
    assert bad.error is not None and "text: Input should be a valid string" in str(bad.error)
