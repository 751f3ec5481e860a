"""``generate_object`` / ``stream_object`` (+ async): the AI SDK's older structured
output calls (deprecated there in 7), as thin aliases of ``generate_text`` /
``stream_text`` with ``output=``.

``output="object"`` (default) with ``schema``, ``"array"`` with the element ``schema``,
``"enum"`` with ``enum=[...]``, ``"no-schema"`` for any JSON. The result is the text
functions' result: ``.object`` (= ``.output``), ``partial_object_stream``,
``element_stream``; ``NoObjectGeneratedError`` when the answer is not valid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, Unpack

from ..provider.language_model import LanguageModel
from .drive import adrive, drive
from .loop import LoopSpec
from .messages import MessageLike
from .output import Output
from .schemas import SchemaLike
from .steps import Timeout
from .streaming import AsyncStreamTextResult, StreamTextResult
from .text_result import CallSettings, GenerateTextResult, finished, loop_spec

if TYPE_CHECKING:
    from ..telemetry.settings import TelemetrySettings

ObjectMode = Literal["object", "array", "enum", "no-schema"]


def object_output(
    schema: SchemaLike | None,
    output: ObjectMode,
    enum: Sequence[str] | None,
    schema_name: str | None,
    schema_description: str | None,
) -> Output:
    if output == "no-schema":
        return Output.json(name=schema_name, description=schema_description)
    if output == "enum":
        if not enum:
            raise ValueError('output="enum" needs enum=[...] (the values to choose from)')
        return Output.choice(enum, name=schema_name, description=schema_description)
    if schema is None:
        raise ValueError(
            f'output="{output}" needs schema= (a pydantic model, dataclass, TypedDict or JSON schema)'
        )
    if output == "array":
        return Output.array(schema, name=schema_name, description=schema_description)
    if output != "object":
        raise ValueError(f"output must be 'object', 'array', 'enum' or 'no-schema', not {output!r}")
    return Output.object(schema, name=schema_name, description=schema_description)


def _spec(
    model: str | LanguageModel, operation: str, arguments: Mapping[str, Any], settings: Any
) -> LoopSpec:
    return loop_spec(
        model,
        prompt=arguments["prompt"],
        system=arguments["system"],
        instructions=None,
        messages=arguments["messages"],
        tools=None,
        tool_choice=None,
        max_retries=arguments["max_retries"],
        output=object_output(
            arguments["schema"],
            arguments["output"],
            arguments["enum"],
            arguments["schema_name"],
            arguments["schema_description"],
        ),
        stop_when=None,
        prepare_step=None,
        active_tools=None,
        on_step_finish=None,
        repair_tool_call=None,
        repair_text=arguments["repair_text"],
        timeout=arguments["timeout"],
        telemetry=arguments["telemetry"],
        settings=settings,
        operation=operation,
    )


def generate_object(
    model: str | LanguageModel,
    *,
    schema: SchemaLike | None = None,
    output: ObjectMode = "object",
    enum: Sequence[str] | None = None,
    schema_name: str | None = None,
    schema_description: str | None = None,
    prompt: str | None = None,
    system: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    max_retries: int | None = None,
    repair_text: Callable[..., Any] | None = None,
    timeout: float | Timeout | None = None,
    telemetry: TelemetrySettings | None = None,
    **settings: Unpack[CallSettings],
) -> GenerateTextResult:
    """An object (``.object``) valid for ``schema``; see the module docstring."""
    arguments = dict(locals())
    spec = _spec(model, "generate_object", arguments, arguments.pop("settings"))
    return finished(drive(spec), spec)


async def agenerate_object(
    model: str | LanguageModel,
    *,
    schema: SchemaLike | None = None,
    output: ObjectMode = "object",
    enum: Sequence[str] | None = None,
    schema_name: str | None = None,
    schema_description: str | None = None,
    prompt: str | None = None,
    system: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    max_retries: int | None = None,
    repair_text: Callable[..., Any] | None = None,
    timeout: float | Timeout | None = None,
    telemetry: TelemetrySettings | None = None,
    **settings: Unpack[CallSettings],
) -> GenerateTextResult:
    arguments = dict(locals())
    spec = _spec(model, "generate_object", arguments, arguments.pop("settings"))
    return finished(await adrive(spec), spec)


def stream_object(
    model: str | LanguageModel,
    *,
    schema: SchemaLike | None = None,
    output: ObjectMode = "object",
    enum: Sequence[str] | None = None,
    schema_name: str | None = None,
    schema_description: str | None = None,
    prompt: str | None = None,
    system: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    max_retries: int | None = None,
    repair_text: Callable[..., Any] | None = None,
    timeout: float | Timeout | None = None,
    telemetry: TelemetrySettings | None = None,
    **settings: Unpack[CallSettings],
) -> StreamTextResult:
    """Stream an object: ``partial_object_stream``, ``element_stream`` (arrays),
    ``text_stream``; then ``.object``."""
    arguments = dict(locals())
    return StreamTextResult(_spec(model, "stream_object", arguments, arguments.pop("settings")))


def astream_object(
    model: str | LanguageModel,
    *,
    schema: SchemaLike | None = None,
    output: ObjectMode = "object",
    enum: Sequence[str] | None = None,
    schema_name: str | None = None,
    schema_description: str | None = None,
    prompt: str | None = None,
    system: str | None = None,
    messages: Sequence[MessageLike] | None = None,
    max_retries: int | None = None,
    repair_text: Callable[..., Any] | None = None,
    timeout: float | Timeout | None = None,
    telemetry: TelemetrySettings | None = None,
    **settings: Unpack[CallSettings],
) -> AsyncStreamTextResult:
    arguments = dict(locals())
    return AsyncStreamTextResult(_spec(model, "stream_object", arguments, arguments.pop("settings")))
