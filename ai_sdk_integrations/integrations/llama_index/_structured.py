"""Structured prediction through the provider's own JSON schema support.

Where the provider constrains output to a schema, ``structured_predict`` and friends
send one request with that schema instead of LlamaIndex's default function-calling
program; elsewhere (or with a non-default ``pydantic_program_mode``) they defer to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from llama_index.core.types import PydanticProgramMode
from pydantic import BaseModel, ValidationError

from ...spec import JsonFormat

if TYPE_CHECKING:
    from .llm import AISDK

Model = TypeVar("Model", bound=BaseModel)


def json_format(llm: AISDK, output_cls: type[BaseModel]) -> JsonFormat | None:
    if llm.pydantic_program_mode != PydanticProgramMode.DEFAULT:
        return None
    if llm.language_model().profile.structured_output != "json_schema":
        return None
    description = (output_cls.__doc__ or "").strip() or None
    return JsonFormat(
        schema=output_cls.model_json_schema(), name=output_cls.__name__, description=description
    )


def partial_object(output_cls: type[Model], text: str) -> Any:
    """The object so far: a complete model, or a flexible partial one (None if no JSON yet)."""
    from llama_index.core.llms.utils import parse_partial_json
    from llama_index.core.program.utils import create_flexible_model

    try:
        data = parse_partial_json(text)
    except ValueError:
        return None
    try:
        return output_cls.model_validate(data)
    except ValidationError:
        return create_flexible_model(output_cls).model_validate(data)
