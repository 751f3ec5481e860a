"""OpenAI Chat Completions, and every server that speaks it: a sans-I/O codec.

``OpenAIChatCodec.build_request`` maps call options to a request body (settings a
server cannot take become warnings), ``parse_response`` maps a response body to a
``GenerateResult``, and ``OpenAIChatStreamDecoder`` (``chat_stream``) maps SSE ``data``
payloads to stream parts. Generate and stream share the finish-reason, usage and field
readers (``finish_reason``, ``usage``, ``response_fields``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...provider.profile import DEFAULT, ModelProfile
from ...spec import (
    CallOptions,
    CallWarning,
    Content,
    FunctionTool,
    GenerateResult,
    JsonFormat,
    ReasoningContent,
    ResponseInfo,
    SourceContent,
    TextContent,
    ToolCallContent,
    ToolChoice,
)
from ...spec.errors import InvalidResponseDataError
from ...spec.request import PreparedRequest
from ...spec.wire import arguments_text
from .chat_messages import convert_to_openai_messages
from .chat_stream import OpenAIChatStreamDecoder
from .dialect import ChatDialect
from .error_message import openai_error_message
from .finish_reason import map_finish_reason
from .response_fields import (
    content_parts,
    listed_context_window,
    search_result_sources,
    string,
    timestamp,
    url_citations,
)
from .usage import convert_usage, response_provider_metadata

# camelCase provider option -> request body field. Unknown keys pass through verbatim,
# which is the escape hatch for server-specific parameters.
_OPTION_FIELDS: Mapping[str, str] = {
    "user": "user",
    "reasoningEffort": "reasoning_effort",
    "parallelToolCalls": "parallel_tool_calls",
    "textVerbosity": "verbosity",
    "serviceTier": "service_tier",
    "logitBias": "logit_bias",
    "topLogprobs": "top_logprobs",
    "promptCacheKey": "prompt_cache_key",
    "reasoningFormat": "reasoning_format",  # Groq
    "reasoningHistory": "reasoning_history",  # Fireworks
    "searchMode": "search_mode",  # Perplexity
    "searchRecencyFilter": "search_recency_filter",
    "searchDomainFilter": "search_domain_filter",
    "returnImages": "return_images",
    "webSearchOptions": "web_search_options",
    "safetyIdentifier": "safety_identifier",
}
_WHOLE_RESPONSE = CallWarning(
    "compatibility",
    feature="stream",
    details="this server cannot stream a call where the model chooses whether to use a tool; "
    "the response was made whole and replayed as a stream",
)
_CONSUMED_OPTIONS = frozenset({"strictJsonSchema", "imageDetail"})
_EFFORTS = ("minimal", "low", "medium", "high", "xhigh", "max")
_SAMPLING_FIELDS = (
    ("temperature", "temperature"),
    ("top_p", "top_p"),
    ("presence_penalty", "presence_penalty"),
    ("frequency_penalty", "frequency_penalty"),
    ("seed", "seed"),
)


def _rejected(wire_name: str, provider: str) -> CallWarning:
    head, *rest = wire_name.split("_")
    feature = head + "".join(word.capitalize() for word in rest)  # the AI SDK's setting name
    return CallWarning(
        "unsupported", feature=feature, details=f"{provider} rejects {wire_name}; it was not sent"
    )


def _thinking(value: Any) -> Any:
    """``thinking: {type, budgetTokens}`` (the AI SDK's Fireworks option) in wire names."""
    if not isinstance(value, Mapping) or "budgetTokens" not in value:
        return value
    return {("budget_tokens" if key == "budgetTokens" else key): item for key, item in value.items()}


def _new_tool_call_id() -> str:
    return f"call_{os.urandom(12).hex()}"  # os, not uuid: uuid imports platform and socket


@dataclass(frozen=True, slots=True)
class OpenAIChatCodec:
    model_id: str
    dialect: ChatDialect
    profile: ModelProfile = DEFAULT
    new_id: Callable[[], str] = field(default=_new_tool_call_id, compare=False)

    # -- outbound -------------------------------------------------------------------

    def build_request(self, options: CallOptions, *, stream: bool) -> PreparedRequest:
        dialect = self.dialect
        warnings: list[CallWarning] = []
        body: dict[str, Any] = {"model": self.model_id}
        if options.max_output_tokens is not None:
            body[dialect.max_tokens_field] = options.max_output_tokens
        for attribute, wire_name in _SAMPLING_FIELDS:
            value = getattr(options, attribute)
            if value is not None:
                body[wire_name] = value
        if options.top_k is not None:
            if dialect.top_k:
                body["top_k"] = options.top_k
            else:
                warnings.append(CallWarning("unsupported", feature="topK"))
        if options.stop_sequences:
            body["stop"] = list(options.stop_sequences)
        if options.reasoning not in (None, "none", "provider-default"):
            body["reasoning_effort"] = self._reasoning_effort(options.reasoning, warnings)
        provider_options = dict((options.provider_options or {}).get(dialect.provider, {}))
        if isinstance(options.response_format, JsonFormat):
            body["response_format"] = self._response_format(
                options.response_format, provider_options, warnings
            )
        if options.tools:
            body.update(self._tools(options, warnings))
        for key, value in provider_options.items():
            if key not in _CONSUMED_OPTIONS:
                body[_OPTION_FIELDS.get(key, key)] = _thinking(value) if key == "thinking" else value
        for wire_name in dialect.rejected_fields:
            if body.pop(wire_name, None) is not None:
                warnings.append(_rejected(wire_name, dialect.provider))
        body["messages"] = convert_to_openai_messages(options.prompt, dialect)
        if stream and body.get("tool_choice") == "auto" and not dialect.streams_chosen_tool_calls:
            stream = False
            warnings.append(_WHOLE_RESPONSE)
        if stream:
            body["stream"] = True
            if dialect.include_usage:
                body["stream_options"] = {"include_usage": True}
        return PreparedRequest(
            "/chat/completions",
            body,
            stream=stream,
            headers=dict(options.headers or {}),
            warnings=tuple(warnings),
        )

    def _reasoning_effort(self, effort: str, warnings: list[CallWarning]) -> str:
        """The server's nearest level where it takes fewer than the spec's (AI SDK's
        Fireworks maps minimal to low and xhigh to high); a warning says so."""
        levels = [level for level in self.dialect.reasoning_efforts or () if level in _EFFORTS]
        if not levels or effort in levels or effort not in _EFFORTS:
            return effort
        rank = _EFFORTS.index(effort)
        nearest = min(levels, key=lambda level: abs(_EFFORTS.index(level) - rank))
        warnings.append(
            CallWarning(
                "compatibility",
                feature="reasoning",
                details=f"this server takes reasoning effort {', '.join(levels)}; "
                f"sent {nearest!r} for {effort!r}",
            )
        )
        return nearest

    def _response_format(
        self, fmt: JsonFormat, provider_options: Mapping[str, Any], warnings: list[CallWarning]
    ) -> dict[str, Any]:
        if fmt.schema is None:
            return {"type": "json_object"}
        if self.profile.structured_output != "json_schema":
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="responseFormat",
                    details="this model takes JSON mode without a schema; the schema was not sent",
                )
            )
            return {"type": "json_object"}
        if self.dialect.schema_form == "json_object_schema":
            return {"type": "json_object", "schema": dict(fmt.schema)}
        # Unlike the AI SDK (whose zod schemas come out strict-ready), strict is opt-in.
        # OpenAI rejects a strict schema unless every property is required and objects
        # forbid additionalProperties; the profile's transformer makes it so.
        strict = provider_options.get("strictJsonSchema")
        json_schema: dict[str, Any] = {
            "name": fmt.name or "response",
            "schema": self._schema(fmt.schema, strict),
        }
        if fmt.description:
            json_schema["description"] = fmt.description
        if strict is not None:
            json_schema["strict"] = strict
        return {"type": "json_schema", "json_schema": json_schema}

    def _schema(self, schema: Mapping[str, Any], strict: bool | None) -> dict[str, Any]:
        transform = self.profile.json_schema_transformer
        return transform(schema) if strict and transform is not None else dict(schema)

    def _tools(self, options: CallOptions, warnings: list[CallWarning]) -> dict[str, Any]:
        tools: list[dict[str, Any]] = []
        for tool in options.tools or ():
            if not isinstance(tool, FunctionTool):
                warnings.append(CallWarning("unsupported", feature=f"provider-defined tool {tool.id}"))
                continue
            function: dict[str, Any] = {
                "name": tool.name,
                "parameters": self._schema(tool.input_schema, tool.strict),
            }
            if tool.description:
                function["description"] = tool.description
            if tool.strict is not None:
                function["strict"] = tool.strict
            tools.append({"type": "function", "function": function})
        out: dict[str, Any] = {"tools": tools}
        choice = self._tool_choice(options.tool_choice, tools, warnings)
        if choice is not None:
            out["tool_choice"] = choice
        return out

    def _tool_choice(
        self, choice: ToolChoice | None, tools: list[dict[str, Any]], warnings: list[CallWarning]
    ) -> Any:
        if choice is None:
            return self.dialect.default_tool_choice
        if choice.type == "tool":
            return {"type": "function", "function": {"name": choice.tool_name}}
        if choice.type == "required" and not self.dialect.tool_choice_required:
            if len(tools) == 1:
                return {"type": "function", "function": {"name": tools[0]["function"]["name"]}}
            warnings.append(
                CallWarning(
                    "compatibility",
                    feature="toolChoice",
                    details="this server rejects tool_choice 'required'; sent 'auto' instead",
                )
            )
            return "auto"
        return choice.type

    # -- inbound --------------------------------------------------------------------

    def parse_response(
        self, body: Any, headers: Mapping[str, str] | None = None, options: CallOptions | None = None
    ) -> GenerateResult:
        try:
            return self._parse_response(body, headers)
        except (AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise InvalidResponseDataError(
                f"chat completion has an unexpected shape (expected choices[0].message): {str(body)[:200]}",
                provider=self.dialect.provider,
            ) from exc

    def _parse_response(self, body: Any, headers: Mapping[str, str] | None) -> GenerateResult:
        """The message is the answer and must be readable; every other field is
        metadata, read leniently (``response_fields``)."""
        choice = body["choices"][0]
        message = choice["message"]
        if not isinstance(message, dict):
            raise TypeError("choices[0].message is not an object")
        parsed = content_parts(message.get("content"))
        if parsed is None:
            raise TypeError("message.content is neither text nor a list of parts")
        text, reasoning = parsed
        reasoning = string(message.get("reasoning_content")) or string(message.get("reasoning")) or reasoning
        content: list[Content] = []
        if reasoning:
            content.append(ReasoningContent(reasoning))
        if text:
            content.append(TextContent(text))
        for url, title in url_citations(message.get("annotations")):
            content.append(SourceContent("url", self.new_id(), url=url, title=title))
        if self.dialect.search_results_as_sources:
            for url, title in search_result_sources(body):
                content.append(SourceContent("url", self.new_id(), url=url, title=title))
        for call in message.get("tool_calls") or ():
            function = call.get("function") or {}
            content.append(
                ToolCallContent(
                    string(call.get("id")) or self.new_id(),
                    string(function.get("name")) or "",
                    arguments_text(function.get("arguments")) or "{}",
                )
            )
        usage_body = body.get("usage")
        return GenerateResult(
            content=content,
            finish_reason=map_finish_reason(choice.get("finish_reason")),
            usage=convert_usage(
                usage_body, reasoning_outside_completion=self.dialect.reasoning_outside_completion
            ),
            provider_metadata=response_provider_metadata(
                self.dialect.provider, usage_body, string(message.get("refusal"))
            ),
            response=ResponseInfo(
                id=string(body.get("id")),
                timestamp=timestamp(body.get("created")),
                model_id=string(body.get("model")),
                headers=headers,
                body=body,
            ),
        )

    def stream_decoder(self, options: CallOptions) -> OpenAIChatStreamDecoder:
        return OpenAIChatStreamDecoder(
            self.dialect.provider,
            self.new_id,
            include_raw=bool(options.include_raw_chunks),
            reasoning_outside_completion=self.dialect.reasoning_outside_completion,
            search_results_as_sources=self.dialect.search_results_as_sources,
        )

    error_message = staticmethod(openai_error_message)

    # -- what the server says about the model ---------------------------------------

    def context_window_request(self) -> PreparedRequest | None:
        """Where the server lists the model's context window, if it does (``GET /models``)."""
        if self.dialect.models_context_field is None:
            return None
        return PreparedRequest("/models", {}, method="GET")

    def read_context_window(self, body: Any) -> int | None:
        field_name = self.dialect.models_context_field
        return listed_context_window(body, self.model_id, field_name) if field_name else None
