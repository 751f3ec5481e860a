"""``with_structured_output`` for ``ChatAISDK``: three methods, one parser choice.

* ``json_schema``: the provider constrains output to the schema (``JsonFormat``).
* ``function_calling``: the schema becomes a tool the model is forced to call.
* ``json_mode``: JSON without a schema; the prompt must describe the shape.
"""

from __future__ import annotations

from operator import itemgetter
from typing import TYPE_CHECKING, Any

from langchain_core.output_parsers import JsonOutputParser, PydanticOutputParser
from langchain_core.output_parsers.openai_tools import JsonOutputKeyToolsParser, PydanticToolsParser
from langchain_core.runnables import Runnable, RunnableMap, RunnablePassthrough
from langchain_core.utils.function_calling import convert_to_json_schema, convert_to_openai_tool
from langchain_core.utils.pydantic import is_basemodel_subclass

from ...spec import JsonFormat

if TYPE_CHECKING:
    from .chat_model import ChatAISDK


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
    traced = {"kwargs": {"method": method, "strict": strict}}
    if schema is not None:
        traced["schema"] = convert_to_json_schema(schema)
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
        provider_options = (
            {llm.language_model().provider: {"strictJsonSchema": strict}} if strict is not None else None
        )
        bound = llm.bind(
            response_format=response_format,
            ls_structured_output_format=traced,
            **({"provider_options": provider_options} if provider_options else {}),
        )
        parser = PydanticOutputParser(pydantic_object=schema) if is_pydantic else JsonOutputParser()  # type: ignore[arg-type]
    elif method == "json_mode":
        if strict is not None:
            raise ValueError(
                "strict does not apply to method='json_mode' (there is no schema to be strict about)"
            )
        bound = llm.bind(response_format={"type": "json_object"}, ls_structured_output_format=traced)
        parser = PydanticOutputParser(pydantic_object=schema) if is_pydantic else JsonOutputParser()  # type: ignore[arg-type]
    else:
        raise ValueError(f"method must be json_schema, function_calling or json_mode, not {method!r}")
    if not include_raw:
        return bound | parser
    parse = RunnablePassthrough.assign(parsed=itemgetter("raw") | parser, parsing_error=lambda _: None)
    fallback = RunnablePassthrough.assign(parsed=lambda _: None)
    return RunnableMap(raw=bound) | parse.with_fallbacks([fallback], exception_key="parsing_error")
