"""``with_structured_output`` for ``ChatAISDK``: three methods, one parser choice.

* ``json_schema``: the provider constrains output to the schema (``JsonFormat``).
* ``function_calling``: the schema becomes a tool the model is forced to call.
* ``json_mode``: JSON without a schema; the prompt must describe the shape. Capped at
  ``JSON_MODE_MAX_TOKENS`` (4096) output tokens, or the model's own limit if lower, when
  the model has no ``max_tokens``: a model left in JSON mode without being told to write
  JSON can emit whitespace until its limit. An answer that is not JSON raises
  ``JsonModeIgnoredError`` (an ``InvalidResponseDataError`` and an
  ``OutputParserException``) saying the server ignored JSON mode.

``strict=True`` with ``json_schema`` sets the ``strictJsonSchema`` provider option (for a
Gateway model, the upstream vendor's), with which OpenAI's codec rewrites the schema
into the subset strict mode accepts (``provider.profile.openai_strict_schema``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from langchain_core.exceptions import OutputParserException
from langchain_core.messages import BaseMessage
from langchain_core.output_parsers import JsonOutputParser, PydanticOutputParser
from langchain_core.output_parsers.openai_tools import JsonOutputKeyToolsParser, PydanticToolsParser
from langchain_core.runnables import Runnable, RunnableMap, RunnablePassthrough
from langchain_core.utils.function_calling import convert_to_json_schema, convert_to_openai_tool
from langchain_core.utils.json import parse_json_markdown
from langchain_core.utils.pydantic import is_basemodel_subclass

from ...spec import JsonFormat
from ._errors import JsonModeIgnoredError, raise_on_refusal
from .chat_model import vendor_options_key

if TYPE_CHECKING:
    from langchain_core.outputs import Generation

    from .chat_model import ChatAISDK

JSON_MODE_MAX_TOKENS = 4096
"""``method="json_mode"``'s output cap when the model has no ``max_tokens`` of its own."""


def structured_output_runnable(
    llm: ChatAISDK,
    schema: dict[str, Any] | type | None,
    method: str,
    include_raw: bool,
    strict: bool | None,
    kwargs: dict[str, Any],
) -> Runnable[Any, Any]:
    if kwargs:
        raise ValueError(f"with_structured_output got unexpected arguments: {sorted(kwargs)}")
    is_pydantic = isinstance(schema, type) and is_basemodel_subclass(schema)
    if schema is None and method != "json_mode":
        raise ValueError(f"method={method!r} needs a schema; pass one, or use method='json_mode'")
    # LangChain's tracing reads "schema" unconditionally (None: nothing to trace).
    traced = {
        "kwargs": {"method": method, "strict": strict},
        "schema": convert_to_json_schema(schema) if schema is not None else None,
    }
    parser: Runnable[Any, Any]
    if method == "function_calling":
        tool = convert_to_openai_tool(schema, strict=strict)  # type: ignore[arg-type]
        name = tool["function"]["name"]
        bound = llm.bind_tools([tool], tool_choice=name, strict=strict, ls_structured_output_format=traced)
        parser = (
            PydanticToolsParser(tools=[schema], first_tool_only=True)  # type: ignore[list-item]
            if is_pydantic
            else JsonOutputKeyToolsParser(key_name=name, first_tool_only=True)
        )
    elif method == "json_schema":
        json_schema = convert_to_json_schema(schema)  # type: ignore[arg-type]
        response_format = JsonFormat(
            schema=json_schema,
            name=json_schema.get("title"),
            description=json_schema.get("description") or None,
        )
        key = vendor_options_key(llm.language_model())
        provider_options = {key: {"strictJsonSchema": strict}} if strict is not None else None
        bound = llm.bind(
            response_format=response_format,
            ls_structured_output_format=traced,
            **({"provider_options": provider_options} if provider_options else {}),
        )
        parser = (
            _SchemaPydanticParser(pydantic_object=schema)  # type: ignore[arg-type]
            if is_pydantic
            else _SchemaParser()
        )
    elif method == "json_mode":
        if strict is not None:
            raise ValueError(
                "strict does not apply to method='json_mode' (there is no schema to be strict about)"
            )
        cap = {} if llm.max_tokens is not None else {"max_tokens": json_mode_max_tokens(llm)}
        bound = llm.bind(response_format={"type": "json_object"}, ls_structured_output_format=traced, **cap)
        parser = (
            _JsonModePydanticParser(pydantic_object=schema, model=llm.model_string)  # type: ignore[arg-type]
            if is_pydantic
            else _JsonModeParser(model=llm.model_string)
        )
    else:
        raise ValueError(f"method must be json_schema, function_calling or json_mode, not {method!r}")
    if not include_raw:
        return bound | parser
    parse = RunnablePassthrough.assign(parsed=itemgetter("raw") | parser, parsing_error=lambda _: None)
    fallback = RunnablePassthrough.assign(parsed=lambda _: None)
    return RunnableMap(raw=bound) | parse.with_fallbacks([fallback], exception_key="parsing_error")


def json_mode_max_tokens(llm: ChatAISDK) -> int:
    limit = llm.language_model().profile.max_output_tokens
    return min(JSON_MODE_MAX_TOKENS, limit) if limit > 0 else JSON_MODE_MAX_TOKENS


class _JsonModeCheck:
    """Raise ``JsonModeIgnoredError`` when the whole answer is not JSON (fenced JSON is
    accepted, as JsonOutputParser accepts it); partial answers still stream."""

    model: str

    def _check(self, text: str) -> None:
        try:
            parse_json_markdown(text.strip())
        except ValueError as exc:
            raise JsonModeIgnoredError(self.model, text) from exc

    def parse_result(self, result: list[Generation], *, partial: bool = False) -> Any:
        try:
            return super().parse_result(result, partial=partial)  # type: ignore[misc]
        except OutputParserException:
            self._check(result[0].text)  # ours, when the answer is not JSON at all
            raise

    def _transform(self, input: Iterator[str | BaseMessage]) -> Iterator[Any]:
        seen: list[str] = []
        yield from super()._transform(_text_kept(input, seen))  # type: ignore[misc]
        self._check("".join(seen))

    async def _atransform(self, input: AsyncIterator[str | BaseMessage]) -> AsyncIterator[Any]:
        seen: list[str] = []
        async for parsed in super()._atransform(_atext_kept(input, seen)):  # type: ignore[misc]
            yield parsed
        self._check("".join(seen))


def _text_of(chunk: str | BaseMessage) -> str:
    return chunk if isinstance(chunk, str) else chunk.text


def _text_kept(chunks: Iterator[str | BaseMessage], seen: list[str]) -> Iterator[str | BaseMessage]:
    for chunk in chunks:
        seen.append(_text_of(chunk))
        yield chunk


async def _atext_kept(
    chunks: AsyncIterator[str | BaseMessage], seen: list[str]
) -> AsyncIterator[str | BaseMessage]:
    async for chunk in chunks:
        seen.append(_text_of(chunk))
        yield chunk


class _JsonModeParser(_JsonModeCheck, JsonOutputParser):
    model: str = ""


class _JsonModePydanticParser(_JsonModeCheck, PydanticOutputParser):  # type: ignore[type-arg]
    model: str = ""


class _RefusalCheck:
    """Raise ``StructuredOutputRefusedError`` (also LangChain's ``ModelRefusalError``) when
    the model refused instead of filling the schema; partial objects still stream."""

    def parse_result(self, result: list[Generation], *, partial: bool = False) -> Any:
        message = getattr(result[0], "message", None)
        if message is not None:
            raise_on_refusal(message)
        return super().parse_result(result, partial=partial)  # type: ignore[misc]

    def _transform(self, input: Iterator[str | BaseMessage]) -> Iterator[Any]:
        yield from super()._transform(_refusals_raised(input))  # type: ignore[misc]

    async def _atransform(self, input: AsyncIterator[str | BaseMessage]) -> AsyncIterator[Any]:
        async for parsed in super()._atransform(_arefusals_raised(input)):  # type: ignore[misc]
            yield parsed


def _refusals_raised(chunks: Iterator[str | BaseMessage]) -> Iterator[str | BaseMessage]:
    for chunk in chunks:
        yield raise_on_refusal(chunk)


async def _arefusals_raised(chunks: AsyncIterator[str | BaseMessage]) -> AsyncIterator[str | BaseMessage]:
    async for chunk in chunks:
        yield raise_on_refusal(chunk)


class _SchemaParser(_RefusalCheck, JsonOutputParser):
    pass


class _SchemaPydanticParser(_RefusalCheck, PydanticOutputParser):  # type: ignore[type-arg]
    pass
