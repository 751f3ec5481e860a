"""OpenAI Chat Completions, and every server that speaks it: a sans-I/O codec.

``OpenAIChatCodec.build_request`` maps call options to a request body (settings a
server cannot take become warnings), ``parse_response`` maps a response body to a
``GenerateResult``, and ``OpenAIChatStreamDecoder`` maps SSE ``data`` payloads to
stream parts. Generate and stream share the finish-reason, usage and metadata mappers.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from ..spec import (
    CallOptions,
    CallWarning,
    Content,
    Finish,
    FinishReason,
    FunctionTool,
    GenerateResult,
    InputTokens,
    JsonFormat,
    OutputTokens,
    Raw,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    ResponseInfo,
    ResponseMetadata,
    StreamError,
    StreamPart,
    TextContent,
    TextDelta,
    TextEnd,
    TextStart,
    ToolCallContent,
    ToolChoice,
    Usage,
)
from ..spec.errors import APICallError, InvalidResponseDataError
from ._request import PreparedRequest
from ._tool_calls import ToolCallTracker
from .openai_dialect import ChatDialect
from .openai_messages import convert_to_openai_messages

FINISH_REASONS: Mapping[str, Any] = {
    "stop": "stop",
    "length": "length",
    "content_filter": "content-filter",
    "tool_calls": "tool-calls",
    "function_call": "tool-calls",
}

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
    "safetyIdentifier": "safety_identifier",
}
_CONSUMED_OPTIONS = frozenset({"strictJsonSchema", "imageDetail"})
_SAMPLING_FIELDS = (
    ("temperature", "temperature"),
    ("top_p", "top_p"),
    ("presence_penalty", "presence_penalty"),
    ("frequency_penalty", "frequency_penalty"),
    ("seed", "seed"),
)


def _new_tool_call_id() -> str:
    return f"call_{os.urandom(12).hex()}"  # os, not uuid: uuid imports platform and socket


@dataclass(frozen=True, slots=True)
class OpenAIChatCodec:
    model_id: str
    dialect: ChatDialect
    new_id: Callable[[], str] = field(default=_new_tool_call_id, compare=False)

    @property
    def structured_outputs(self) -> str:
        """How this server takes a JSON schema (adapters pick their default method by it)."""
        return self.dialect.structured_outputs

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
            body["reasoning_effort"] = options.reasoning
        provider_options = dict((options.provider_options or {}).get(dialect.provider, {}))
        if isinstance(options.response_format, JsonFormat):
            body["response_format"] = self._response_format(
                options.response_format, provider_options, warnings
            )
        if options.tools:
            body.update(self._tools(options, warnings))
        for key, value in provider_options.items():
            if key not in _CONSUMED_OPTIONS:
                body[_OPTION_FIELDS.get(key, key)] = value
        body["messages"] = convert_to_openai_messages(options.prompt, dialect)
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

    def _response_format(
        self, fmt: JsonFormat, provider_options: Mapping[str, Any], warnings: list[CallWarning]
    ) -> dict[str, Any]:
        mode = self.dialect.structured_outputs
        if fmt.schema is None:
            return {"type": "json_object"}
        if mode == "json_object_schema":
            return {"type": "json_object", "schema": dict(fmt.schema)}
        if mode == "json_object":
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="responseFormat",
                    details="this server takes JSON mode without a schema; the schema was not sent",
                )
            )
            return {"type": "json_object"}
        json_schema: dict[str, Any] = {"name": fmt.name or "response", "schema": dict(fmt.schema)}
        if fmt.description:
            json_schema["description"] = fmt.description
        # Unlike the AI SDK (whose zod schemas come out strict-ready), strict is opt-in:
        # OpenAI rejects strict schemas unless every property is required and objects
        # forbid additionalProperties, which pydantic's schemas do not do by default.
        strict = provider_options.get("strictJsonSchema")
        if strict is not None:
            json_schema["strict"] = strict
        return {"type": "json_schema", "json_schema": json_schema}

    def _tools(self, options: CallOptions, warnings: list[CallWarning]) -> dict[str, Any]:
        tools: list[dict[str, Any]] = []
        for tool in options.tools or ():
            if not isinstance(tool, FunctionTool):
                warnings.append(CallWarning("unsupported", feature=f"provider-defined tool {tool.id}"))
                continue
            function: dict[str, Any] = {"name": tool.name, "parameters": dict(tool.input_schema)}
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

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> GenerateResult:
        try:
            return self._parse_response(body, headers)
        except (AttributeError, KeyError, IndexError, TypeError) as exc:
            raise InvalidResponseDataError(
                f"chat completion has an unexpected shape (expected choices[0].message): {str(body)[:200]}",
                provider=self.dialect.provider,
            ) from exc

    def _parse_response(self, body: Any, headers: Mapping[str, str] | None) -> GenerateResult:
        choice = body["choices"][0]
        message = choice["message"]
        content: list[Content] = []
        reasoning = message.get("reasoning_content") or message.get("reasoning")
        if reasoning:
            content.append(ReasoningContent(reasoning))
        text = message.get("content")
        if text:
            content.append(TextContent(text))
        for call in message.get("tool_calls") or ():
            function = call.get("function") or {}
            content.append(
                ToolCallContent(
                    call.get("id") or self.new_id(),
                    function.get("name") or "",
                    function.get("arguments") or "{}",
                )
            )
        usage_body = body.get("usage")
        return GenerateResult(
            content=content,
            finish_reason=map_finish_reason(choice.get("finish_reason")),
            usage=convert_usage(usage_body),
            provider_metadata=self.provider_metadata(usage_body),
            response=ResponseInfo(
                id=body.get("id"),
                timestamp=_timestamp(body.get("created")),
                model_id=body.get("model"),
                headers=headers,
                body=body,
            ),
        )

    def provider_metadata(self, usage: Any) -> dict[str, dict[str, Any]] | None:
        details = (usage or {}).get("completion_tokens_details") or {}
        metadata = {
            wire: details[key]
            for key, wire in (
                ("accepted_prediction_tokens", "acceptedPredictionTokens"),
                ("rejected_prediction_tokens", "rejectedPredictionTokens"),
            )
            if details.get(key) is not None
        }
        return {self.dialect.provider: metadata} if metadata else None

    def stream_decoder(self, options: CallOptions) -> OpenAIChatStreamDecoder:
        return OpenAIChatStreamDecoder(self, include_raw=bool(options.include_raw_chunks))

    @staticmethod
    def error_message(data: Any) -> str | None:
        """The human message in an error body (``{"error": {"message": ...}}`` and kin)."""
        if not isinstance(data, dict):
            return None
        error = data.get("error", data)
        if isinstance(error, str):
            return error
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
        return None


def map_finish_reason(raw: str | None) -> FinishReason:
    return FinishReason(FINISH_REASONS.get(raw or "", "other"), raw)


def convert_usage(usage: Any) -> Usage:
    if not usage:
        return Usage()
    prompt = usage.get("prompt_tokens")
    completion = usage.get("completion_tokens")
    cached = (usage.get("prompt_tokens_details") or {}).get("cached_tokens")
    reasoning = (usage.get("completion_tokens_details") or {}).get("reasoning_tokens")
    return Usage(
        InputTokens(
            total=prompt,
            no_cache=None if prompt is None else prompt - (cached or 0),
            cache_read=cached,
        ),
        OutputTokens(
            total=completion,
            text=None if completion is None else max(0, completion - (reasoning or 0)),
            reasoning=reasoning,
        ),
        raw=usage,
    )


def _timestamp(created: Any) -> datetime | None:
    if isinstance(created, (int, float)):
        return datetime.fromtimestamp(created, tz=UTC)
    return None


_TEXT_ID = "txt-0"
_REASONING_ID = "reasoning-0"


class OpenAIChatStreamDecoder:
    """Feed it each SSE ``data`` payload, then call ``finish()`` once at the end."""

    __slots__ = (
        "_codec",
        "_failed",
        "_finish_raw",
        "_include_raw",
        "_metadata_sent",
        "_reasoning_open",
        "_text_open",
        "_tools",
        "_usage",
    )

    def __init__(self, codec: OpenAIChatCodec, *, include_raw: bool = False) -> None:
        self._codec = codec
        self._include_raw = include_raw
        self._tools = ToolCallTracker(codec.new_id)
        self._metadata_sent = False
        self._text_open = False
        self._reasoning_open = False
        self._finish_raw: str | None = None
        self._usage: Any = None
        self._failed = False

    def feed(self, data: str) -> list[StreamPart]:
        if data == "[DONE]":
            return []
        try:
            chunk = json.loads(data)
        except ValueError:
            return self._fail(
                InvalidResponseDataError(
                    f"stream chunk is not JSON: {data[:200]!r}", provider=self._codec.dialect.provider
                )
            )
        parts: list[StreamPart] = [Raw(chunk)] if self._include_raw else []
        try:
            self._chunk(chunk, parts)
        except (AttributeError, KeyError, TypeError, IndexError):
            parts.extend(
                self._fail(
                    InvalidResponseDataError(
                        f"stream chunk has an unexpected shape: {data[:200]!r}",
                        provider=self._codec.dialect.provider,
                    )
                )
            )
        return parts

    def _chunk(self, chunk: Any, parts: list[StreamPart]) -> None:
        if "error" in chunk:
            message = self._codec.error_message(chunk) or str(chunk["error"])[:200]
            error = APICallError(message, status_code=200, provider=self._codec.dialect.provider, data=chunk)
            parts.extend(self._fail(error))
            return
        if not self._metadata_sent:
            self._metadata_sent = True
            parts.append(
                ResponseMetadata(chunk.get("id"), _timestamp(chunk.get("created")), chunk.get("model"))
            )
        usage = chunk.get("usage")
        if usage:
            if not isinstance(usage, dict):
                raise TypeError("usage is not an object")
            self._usage = usage
        choices = chunk.get("choices")
        if not choices:
            return
        choice = choices[0]
        delta = choice.get("delta")
        if delta:
            reasoning = delta.get("reasoning_content") or delta.get("reasoning")
            if reasoning:
                if not self._reasoning_open:
                    self._reasoning_open = True
                    parts.append(ReasoningStart(_REASONING_ID))
                parts.append(ReasoningDelta(_REASONING_ID, reasoning))
            text = delta.get("content")
            if text:
                self._close_reasoning(parts)
                if not self._text_open:
                    self._text_open = True
                    parts.append(TextStart(_TEXT_ID))
                parts.append(TextDelta(_TEXT_ID, text))
            tool_calls = delta.get("tool_calls")
            if tool_calls:
                self._close_reasoning(parts)
                for position, tool_call in enumerate(tool_calls):
                    parts.extend(self._tools.feed(tool_call, position))
        finish_reason = choice.get("finish_reason")
        if finish_reason:
            self._finish_raw = finish_reason

    def _close_reasoning(self, parts: list[StreamPart]) -> None:
        if self._reasoning_open:
            self._reasoning_open = False
            parts.append(ReasoningEnd(_REASONING_ID))

    def finish(self) -> list[StreamPart]:
        parts: list[StreamPart] = []
        if self._reasoning_open:
            parts.append(ReasoningEnd(_REASONING_ID))
        if self._text_open:
            parts.append(TextEnd(_TEXT_ID))
        parts.extend(self._tools.finish())
        if self._failed:
            reason = FinishReason("error", self._finish_raw)
        elif self._finish_raw is None:
            parts.append(StreamError(InvalidResponseDataError("the stream ended without a finish reason")))
            reason = FinishReason("error", None)
        else:
            reason = map_finish_reason(self._finish_raw)
        usage = self._usage
        parts.append(Finish(reason, convert_usage(usage), self._codec.provider_metadata(usage)))
        return parts

    def _fail(self, error: Exception) -> list[StreamPart]:
        self._failed = True
        return [StreamError(error)]
