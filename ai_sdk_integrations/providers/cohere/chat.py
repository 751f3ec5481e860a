"""Cohere Chat v2 (``POST /v2/chat``): a sans-I/O codec.

``CohereChatCodec.build_request`` maps call options to Cohere's body (a setting Cohere
cannot take becomes a warning), ``parse_response`` maps a response body to a
``GenerateResult`` and ``CohereChatStreamDecoder`` (``chat_stream``) maps the SSE
events. Both directions share the readers in ``fields``.

Provider options (``provider_options={"cohere": {...}}``): ``thinking`` (``{"type":
"enabled" | "disabled", "tokenBudget": n}``), ``documents`` (strings or ``{"id"?,
"data": {...}}`` objects for grounded generation, before those made from text file
parts), ``citationOptions`` (``{"mode": "FAST" | "ACCURATE" | "OFF"}``),
``safetyMode``, ``strictTools``, ``logprobs``, ``priority``. Other keys are sent as
given, which is the escape hatch for fields this codec does not know yet.
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
    GenerateResult,
    JsonFormat,
    ReasoningContent,
    ResponseInfo,
    TextContent,
    ToolCallContent,
)
from ...spec.errors import InvalidResponseDataError, UsageError
from ...spec.request import PreparedRequest
from .chat_messages import THINKING, TOOL_PLAN, convert_to_cohere_messages
from .chat_stream import CohereChatStreamDecoder
from .fields import (
    PROVIDER,
    citation_source,
    cohere_error_message,
    convert_usage,
    map_finish_reason,
    mapping,
    string,
    tool_arguments,
    usage_metadata,
)
from .tools import prepare_tools

# camelCase provider option -> body field; other keys pass through as given.
_OPTION_FIELDS: Mapping[str, str] = {
    "citationOptions": "citation_options",
    "safetyMode": "safety_mode",
    "strictTools": "strict_tools",
    "logprobs": "logprobs",
    "priority": "priority",
}
_CONSUMED = frozenset({"thinking", "documents"})
_SAMPLING = (
    ("temperature", "temperature"),
    ("top_p", "p"),
    ("top_k", "k"),
    ("seed", "seed"),
    ("frequency_penalty", "frequency_penalty"),
    ("presence_penalty", "presence_penalty"),
)
# Share of the largest thinking budget per reasoning level, as the AI SDK maps them.
_BUDGET_SHARE = {"minimal": 0.02, "low": 0.1, "medium": 0.3, "high": 0.6, "xhigh": 0.9, "max": 1.0}
_MAX_BUDGET = 32_768
_MIN_BUDGET = 1_024


def _new_id() -> str:
    return os.urandom(12).hex()  # os, not uuid: uuid imports platform and socket


@dataclass(frozen=True, slots=True)
class CohereChatCodec:
    model_id: str
    provider: str = PROVIDER
    profile: ModelProfile = DEFAULT
    new_id: Callable[[], str] = field(default=_new_id, compare=False)

    # -- outbound -------------------------------------------------------------------

    def build_request(self, options: CallOptions, *, stream: bool) -> PreparedRequest:
        own = dict((options.provider_options or {}).get(PROVIDER) or {})
        messages, file_documents, warnings = convert_to_cohere_messages(options.prompt)
        body: dict[str, Any] = {"model": self.model_id, "messages": messages}
        if options.max_output_tokens is not None:
            body["max_tokens"] = options.max_output_tokens
        for attribute, wire_name in _SAMPLING:
            value = getattr(options, attribute)
            if value is not None:
                body[wire_name] = value
        if options.stop_sequences:
            body["stop_sequences"] = list(options.stop_sequences)
        if isinstance(options.response_format, JsonFormat):
            fmt: dict[str, Any] = {"type": "json_object"}
            if options.response_format.schema is not None:
                fmt["json_schema"] = dict(options.response_format.schema)
            body["response_format"] = fmt
        tools, tool_choice, tool_warnings = prepare_tools(options.tools, options.tool_choice)
        warnings.extend(tool_warnings)
        if tools is not None:
            body["tools"] = tools
        if tool_choice is not None:
            body["tool_choice"] = tool_choice
        documents = [*_option_documents(own.get("documents")), *file_documents]
        if documents:
            body["documents"] = documents
        thinking = self._thinking(own.get("thinking"), options, warnings)
        if thinking is not None:
            body["thinking"] = thinking
        for key, value in own.items():
            if key not in _CONSUMED:
                body[_OPTION_FIELDS.get(key, key)] = value
        if stream:
            body["stream"] = True
        return PreparedRequest(
            "/chat",
            body,
            stream=stream,
            headers=dict(options.headers or {}),
            warnings=tuple(warnings),
            framing="sse",
        )

    def _thinking(
        self, option: Any, options: CallOptions, warnings: list[CallWarning]
    ) -> dict[str, Any] | None:
        """The ``thinking`` provider option as given, else the call's ``reasoning``
        level as a token budget (share of 32k, at least 1k), as the AI SDK maps it."""
        if option is not None:
            if not isinstance(option, Mapping):
                raise UsageError(
                    'provider_options["cohere"]["thinking"] must be an object, e.g. '
                    f'{{"type": "enabled", "tokenBudget": 2048}}, not {option!r}'
                )
            thinking: dict[str, Any] = {"type": option.get("type") or "enabled"}
            budget = option.get("tokenBudget", option.get("token_budget"))
            if budget is not None:
                thinking["token_budget"] = budget
            return thinking
        reasoning = options.reasoning
        if reasoning in (None, "provider-default"):
            return None
        if not self.profile.reasoning:
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="reasoning",
                    details=f"{self.model_id} does not reason; reasoning {reasoning!r} was not sent",
                )
            )
            return None
        if reasoning == "none":
            return {"type": "disabled"}
        share = _BUDGET_SHARE[str(reasoning)]
        budget = min(_MAX_BUDGET, max(_MIN_BUDGET, round(_MAX_BUDGET * share)))
        return {"type": "enabled", "token_budget": budget}

    # -- inbound --------------------------------------------------------------------

    def parse_response(
        self, body: Any, headers: Mapping[str, str] | None = None, options: CallOptions | None = None
    ) -> GenerateResult:
        try:
            return self._parse_response(body, headers)
        except (AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise InvalidResponseDataError(
                f"Cohere chat response has an unexpected shape (expected message.content): {str(body)[:200]}",
                provider=self.provider,
            ) from exc

    def _parse_response(self, body: Any, headers: Mapping[str, str] | None) -> GenerateResult:
        message = body["message"]
        if not isinstance(message, dict):
            raise TypeError("message is not an object")
        items = message.get("content")
        if items is not None and not isinstance(items, list):
            raise TypeError("message.content is not a list")
        citations = [c for c in message.get("citations") or () if isinstance(c, dict)]
        items = items or []
        content: list[Content] = []
        for index, item in enumerate(items):
            kind = item.get("type")
            if kind == "text":
                text = item["text"]
                if not isinstance(text, str):
                    raise TypeError("a text block has no text")
                cited = [c for c in citations if _cites(c, index, items)]
                if text:
                    content.append(TextContent(text, citations=tuple(cited) or None))
            elif kind == "thinking":
                thinking = item["thinking"]
                if not isinstance(thinking, str):
                    raise TypeError("a thinking block has no text")
                if thinking:
                    content.append(ReasoningContent(thinking, {PROVIDER: {"type": THINKING}}))
        plan = string(message.get("tool_plan"))
        if plan:
            content.append(ReasoningContent(plan, {PROVIDER: {"type": TOOL_PLAN}}))
        for citation in citations:
            source = citation_source(citation, self.new_id)
            if source is not None:
                content.append(source)
        for call in message.get("tool_calls") or ():
            function = mapping(call.get("function"))
            name = function.get("name")
            if not isinstance(name, str):
                raise TypeError("a tool call has no function name")
            content.append(
                ToolCallContent(
                    string(call.get("id")) or self.new_id(), name, tool_arguments(function.get("arguments"))
                )
            )
        usage = body.get("usage")
        return GenerateResult(
            content=content,
            finish_reason=map_finish_reason(body.get("finish_reason")),
            usage=convert_usage(usage),
            provider_metadata=usage_metadata(usage),
            response=ResponseInfo(
                id=string(body.get("id")) or string(body.get("generation_id")),
                model_id=self.model_id,
                headers=headers,
                body=body,
            ),
        )

    def stream_decoder(self, options: CallOptions) -> CohereChatStreamDecoder:
        return CohereChatStreamDecoder(
            self.provider, self.new_id, self.model_id, include_raw=bool(options.include_raw_chunks)
        )

    error_message = staticmethod(cohere_error_message)


def _cites(citation: dict[str, Any], index: int, items: list[Any]) -> bool:
    """Whether ``citation`` belongs to the text block at ``index``: its
    ``content_index`` says so, or (without one) it is the first text block."""
    if citation.get("type") not in (None, "TEXT_CONTENT"):
        return False
    where = citation.get("content_index")
    if isinstance(where, int) and not isinstance(where, bool):
        return where == index
    first = next((i for i, item in enumerate(items) if mapping(item).get("type") == "text"), None)
    return first == index


def _option_documents(value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        raise UsageError(
            'provider_options["cohere"]["documents"] must be a list of strings or of '
            f'{{"data": {{...}}}} objects, not {type(value).__name__}'
        )
    return list(value)
