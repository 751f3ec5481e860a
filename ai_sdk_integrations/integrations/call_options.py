"""OpenAI-format call arguments -> spec types, for the framework adapters.

LangChain's ``bind_tools`` and LlamaIndex's tool preparation both produce OpenAI-style
tool dicts, ``tool_choice`` values and ``response_format`` dicts; this is the one place
that reads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from ..spec import (
    CallOptions,
    FunctionTool,
    JsonFormat,
    Prompt,
    ProviderTool,
    ResponseFormat,
    TextFormat,
    ToolChoice,
)
from ..spec.errors import UsageError


def openai_tools(tools: Sequence[Mapping[str, Any]] | None) -> list[FunctionTool | ProviderTool] | None:
    """OpenAI-shaped tools (what ``convert_to_openai_tool`` gives) as spec tools; OpenAI's
    built-in tools (``{"type": "web_search"}``, ``file_search``, ``code_interpreter``, as
    ChatOpenAI takes them) become the provider's own tools, which the Responses API runs."""
    if not tools:
        return None
    out: list[FunctionTool | ProviderTool] = []
    for tool in tools:
        kind = tool.get("type")
        if isinstance(kind, str) and kind != "function" and "function" not in tool:
            out.append(_built_in_tool(kind, tool))
            continue
        function = tool.get("function", tool)
        out.append(
            FunctionTool(
                name=function["name"],
                input_schema=function.get("parameters") or {"type": "object", "properties": {}},
                description=function.get("description"),
                strict=function.get("strict"),
            )
        )
    return out


def _built_in_tool(kind: str, tool: Mapping[str, Any]) -> ProviderTool:
    """Its settings in the AI SDK's names (``vector_store_ids`` -> ``vectorStoreIds``)."""
    args = {_camel(key): _camel_keys(value) for key, value in tool.items() if key != "type"}
    if "rankingOptions" in args:
        args["ranking"] = args.pop("rankingOptions")
    return ProviderTool(f"openai.{kind}", kind, args)


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.title() for word in rest)


def _camel_keys(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {_camel(str(k)): _camel_keys(v) for k, v in value.items()}
    return value


def openai_tool_choice(choice: Any) -> ToolChoice | None:
    if choice is None or choice is False:
        return None
    if choice is True or choice in ("any", "required"):
        return ToolChoice("required")
    if choice in ("auto", "none"):
        return ToolChoice(choice)
    if isinstance(choice, dict):
        name = (choice.get("function") or {}).get("name") or choice.get("name")
        return ToolChoice("tool", name)
    return ToolChoice("tool", str(choice))


def openai_response_format(value: Any, provider_options: dict[str, Any]) -> ResponseFormat | None:
    """Accept our spec types, OpenAI's ``response_format`` dicts, or a pydantic model
    class (as ChatOpenAI and the OpenAI SDK do): its JSON schema, named after the class."""
    if value is None or isinstance(value, (JsonFormat, TextFormat)):
        return value
    if isinstance(value, type):
        return _model_class_format(value)
    if not isinstance(value, Mapping):
        raise ValueError(
            "response_format must be a JsonFormat, an OpenAI response_format dict or a pydantic "
            f"model class, not {type(value).__name__}"
        )
    kind = value.get("type")
    if kind == "json_object":
        return JsonFormat()
    if kind == "json_schema":
        spec = value["json_schema"]
        if spec.get("strict") is not None:
            provider_options["strictJsonSchema"] = spec["strict"]
        return JsonFormat(
            schema=spec.get("schema"), name=spec.get("name"), description=spec.get("description")
        )
    if kind == "text":
        return TextFormat()
    raise ValueError(f"response_format type must be json_schema, json_object or text, not {kind!r}")


def _model_class_format(cls: type) -> JsonFormat:
    schema_of = getattr(cls, "model_json_schema", None) or getattr(cls, "schema", None)
    if schema_of is None:
        raise ValueError(
            f"response_format={cls.__name__}: a class here must be a pydantic model (it has no JSON schema)"
        )
    schema: dict[str, Any] = dict(schema_of())
    description = schema.get("description") or None
    return JsonFormat(schema=schema, name=schema.get("title") or cls.__name__, description=description)


# Per-call keyword arguments that are call settings, by the names frameworks use.
CALL_SETTING_KWARGS: Mapping[str, str] = {
    "temperature": "temperature",
    "max_tokens": "max_output_tokens",
    "max_output_tokens": "max_output_tokens",
    "top_p": "top_p",
    "top_k": "top_k",
    "presence_penalty": "presence_penalty",
    "frequency_penalty": "frequency_penalty",
    "seed": "seed",
    "reasoning_effort": "reasoning",
}


# Per-call keyword arguments that configure the client, not the request: they change
# this call's endpoint (timeouts, retries) or are accepted for the peers' sake, and
# never reach the request body (OpenAI answers 400 to unknown fields).
_CLIENT_KWARGS: Mapping[str, str | None] = {
    "timeout": "timeout",
    "request_timeout": "timeout",
    "max_retries": "max_retries",
    "stream_usage": None,  # usage is always asked for where the server can send it
    "stream": None,  # the framework method already says whether to stream
}
_FIXED_PER_MODEL = ("api_key", "openai_api_key", "base_url", "openai_api_base", "api_base")
_READ_HERE = ("tools", "tool_choice", "response_format", "parallel_tool_calls", "headers", "stop")
PER_CALL_NAMES = frozenset({*CALL_SETTING_KWARGS, *_CLIENT_KWARGS, *_READ_HERE, "provider_options"})


def call_options_from_kwargs(
    provider: str,
    prompt: Prompt,
    defaults: Mapping[str, Any],
    provider_options: Mapping[str, Mapping[str, Any]] | None,
    kwargs: Mapping[str, Any],
    stop: Sequence[str] | None = None,
    *,
    body_params: Mapping[str, Any] | None = None,
    unknown: Literal["body", "error"] = "error",
    schema_options_key: str | None = None,
) -> tuple[CallOptions, dict[str, Any]]:
    """Call options from an adapter's fields (``defaults``), the request-body parameters
    the user gave on purpose (``body_params``: LangChain's ``model_kwargs``, LlamaIndex's
    ``additional_kwargs``) and a call's keyword arguments; plus the endpoint changes the
    call asks for (``timeout``, ``max_retries``).

    Known settings override the defaults; ``tools``, ``tool_choice`` and
    ``response_format`` are read in OpenAI's format; client settings never reach the
    body. Any other keyword is an error that names the closest valid one
    (``unknown="error"``, LangChain), or a body parameter (``unknown="body"``, as
    LlamaIndex's OpenAI LLM treats its per-call keywords).

    ``schema_options_key``: whose provider options a ``response_format``'s ``strict``
    goes to, when not ``provider``'s (behind a gateway, the upstream vendor's).
    """
    body = dict(body_params or {})
    kwargs = {**{k: body.pop(k) for k in list(body) if k in CALL_SETTING_KWARGS or k == "stop"}, **kwargs}
    settings = dict(defaults)
    for key in [k for k in kwargs if k in CALL_SETTING_KWARGS]:
        settings[CALL_SETTING_KWARGS[key]] = kwargs.pop(key)
    endpoint: dict[str, Any] = {}
    for key in [k for k in kwargs if k in _CLIENT_KWARGS]:
        value, target = kwargs.pop(key), _CLIENT_KWARGS[key]
        if target is not None and value is not None:
            endpoint[target] = value
    for key in _FIXED_PER_MODEL:
        if key in kwargs:
            raise UsageError(f"{key} is set on the model, not per call: pass it when you create the model")
    options = {name: dict(values) for name, values in (provider_options or {}).items()}
    for name, values in (kwargs.pop("provider_options", None) or {}).items():
        options.setdefault(name, {}).update(values)
    own = options.setdefault(provider, {})
    own.update(body)
    tools = openai_tools(kwargs.pop("tools", None))
    tool_choice = openai_tool_choice(kwargs.pop("tool_choice", None))
    schema_options = options.setdefault(schema_options_key, {}) if schema_options_key else own
    response_format = openai_response_format(kwargs.pop("response_format", None), schema_options)
    if (parallel := kwargs.pop("parallel_tool_calls", None)) is not None:
        own["parallelToolCalls"] = parallel
    headers = kwargs.pop("headers", None)
    stop = kwargs.pop("stop", None) or stop
    if kwargs and unknown == "error":
        raise _unknown_keyword(next(iter(kwargs)))
    own.update(kwargs)
    options_ = CallOptions(
        prompt=prompt,
        stop_sequences=stop or None,
        tools=tools,
        tool_choice=tool_choice,
        response_format=response_format,
        headers=headers,
        provider_options={name: values for name, values in options.items() if values} or None,
        **{key: value for key, value in settings.items() if value is not None},
    )
    return options_, endpoint


def _unknown_keyword(name: str) -> UsageError:
    import difflib

    close = difflib.get_close_matches(name, PER_CALL_NAMES, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return UsageError(
        f"unknown keyword argument {name!r}: {hint}A parameter meant for the request body goes in "
        f"model_kwargs={{{name!r}: ...}} on the model, or provider_options=... per call"
    )
