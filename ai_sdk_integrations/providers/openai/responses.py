"""OpenAI's Responses API (``POST /responses``): a sans-I/O codec.

What the Chat Completions format cannot carry travels here: reasoning items (with
``encrypted_content`` when OpenAI stores nothing), built-in tools that OpenAI runs
itself (web search, file search, code interpreter) whose calls, results and citations
come back as content, and ``previous_response_id`` to continue a stored response.

``build_request`` maps call options to a request body (settings the API cannot take
become warnings), ``parse_response`` maps a response body to a ``GenerateResult``, and
``OpenAIResponsesStreamDecoder`` (``responses_stream``) maps the stream's events to
stream parts; both read output items through ``responses_output``. Provider options
and metadata live under one key (``"openai"``; ``"azure"`` on Azure), in the AI SDK's
camelCase names: ``store``, ``previousResponseId``, ``reasoningEffort``,
``reasoningSummary``, ``strictJsonSchema``, ``include``, ``serviceTier``, ...
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
    ToolResultContent,
)
from ...spec.errors import InvalidResponseDataError
from ...spec.request import PreparedRequest
from ...spec.wire import arguments_text
from .error_message import openai_error_message
from .response_fields import mapping, string, timestamp
from .responses_input import InputContext, convert_to_responses_input
from .responses_output import (
    PROVIDER_EXECUTED_ITEMS,
    annotation_source,
    convert_usage,
    error_from_code,
    map_finish_reason,
    provider_tool_input,
    provider_tool_result,
    response_provider_metadata,
)
from .responses_stream import OpenAIResponsesStreamDecoder
from .responses_tools import prepare_tools

# camelCase provider option -> request body field. Unknown keys pass through verbatim
# (the API answers an unknown one with a 400 that names it).
_OPTION_FIELDS: Mapping[str, str] = {
    "previousResponseId": "previous_response_id",
    "parallelToolCalls": "parallel_tool_calls",
    "maxToolCalls": "max_tool_calls",
    "serviceTier": "service_tier",
    "promptCacheKey": "prompt_cache_key",
    "promptCacheRetention": "prompt_cache_retention",
    "safetyIdentifier": "safety_identifier",
    "topLogprobs": "top_logprobs",
}
_CONSUMED_OPTIONS = frozenset(
    {
        "reasoningEffort",
        "reasoningSummary",
        "strictJsonSchema",
        "textVerbosity",
        "include",
        "imageDetail",
        "logprobs",
    }
)
# CallOptions attribute -> the AI SDK's name for it, for settings Responses has no field for
_UNSUPPORTED = (
    ("top_k", "topK"),
    ("seed", "seed"),
    ("presence_penalty", "presencePenalty"),
    ("frequency_penalty", "frequencyPenalty"),
    ("stop_sequences", "stopSequences"),
)
_TOP_LOGPROBS_MAX = 20


def _new_id() -> str:
    return f"id_{os.urandom(12).hex()}"  # os, not uuid: uuid imports platform and socket


@dataclass(frozen=True, slots=True)
class OpenAIResponsesCodec:
    model_id: str
    provider: str = "openai"
    """The key of ``provider_options`` and ``provider_metadata``."""
    profile: ModelProfile = DEFAULT
    new_id: Callable[[], str] = field(default=_new_id, compare=False)

    # -- outbound -------------------------------------------------------------------

    def build_request(self, options: CallOptions, *, stream: bool) -> PreparedRequest:
        warnings: list[CallWarning] = []
        opts = dict(mapping((options.provider_options or {}).get(self.provider)))
        for attribute, name in _UNSUPPORTED:
            if getattr(options, attribute) is not None:
                warnings.append(CallWarning("unsupported", feature=name))
        body: dict[str, Any] = {"model": self.model_id}
        context = InputContext(
            self.provider,
            system_role="developer" if self.profile.reasoning else "system",
            store=opts.get("store") is not False,
            continues_response=bool(opts.get("previousResponseId")),
            warnings=warnings,
        )
        body["input"] = convert_to_responses_input(options.prompt, context)
        if options.temperature is not None:
            body["temperature"] = options.temperature
        if options.top_p is not None:
            body["top_p"] = options.top_p
        if options.max_output_tokens is not None:
            body["max_output_tokens"] = options.max_output_tokens
        strict = opts.get("strictJsonSchema") is True
        text = self._text(options, opts, strict)
        if text:
            body["text"] = text
        reasoning = self._reasoning(options, opts, warnings)
        if reasoning:
            body["reasoning"] = reasoning
        include = [v for v in opts.get("include") or () if isinstance(v, str)]
        if options.tools:
            prepared = prepare_tools(
                options.tools,
                options.tool_choice,
                strict_default=strict,
                transform=self.profile.json_schema_transformer,
                warnings=warnings,
            )
            body["tools"] = prepared.tools
            if prepared.tool_choice is not None:
                body["tool_choice"] = prepared.tool_choice
            if "web_search" in prepared.provider_tool_names:
                include.append("web_search_call.action.sources")
            if "code_interpreter" in prepared.provider_tool_names:
                include.append("code_interpreter_call.outputs")
        if opts.get("store") is False and self.profile.reasoning:
            include.append("reasoning.encrypted_content")
        logprobs = opts.get("logprobs")
        if logprobs:
            include.append("message.output_text.logprobs")
            body["top_logprobs"] = (
                logprobs if isinstance(logprobs, int) and logprobs is not True else _TOP_LOGPROBS_MAX
            )
        if include:
            body["include"] = list(dict.fromkeys(include))
        for key, value in opts.items():
            if key not in _CONSUMED_OPTIONS:
                body[_OPTION_FIELDS.get(key, key)] = value
        if stream:
            body["stream"] = True
        return PreparedRequest(
            "/responses", body, stream=stream, headers=dict(options.headers or {}), warnings=tuple(warnings)
        )

    def _text(self, options: CallOptions, opts: Mapping[str, Any], strict: bool) -> dict[str, Any]:
        text: dict[str, Any] = {}
        fmt = options.response_format
        if isinstance(fmt, JsonFormat):
            if fmt.schema is None:
                text["format"] = {"type": "json_object"}
            else:
                transform = self.profile.json_schema_transformer
                schema = transform(fmt.schema) if strict and transform is not None else dict(fmt.schema)
                json_schema: dict[str, Any] = {
                    "type": "json_schema",
                    "name": fmt.name or "response",
                    "schema": schema,
                    "strict": strict,
                }
                if fmt.description:
                    json_schema["description"] = fmt.description
                text["format"] = json_schema
        if opts.get("textVerbosity") is not None:
            text["verbosity"] = opts["textVerbosity"]
        return text

    def _reasoning(
        self, options: CallOptions, opts: Mapping[str, Any], warnings: list[CallWarning]
    ) -> dict[str, Any]:
        """``reasoningEffort`` (else the call's ``reasoning``) and ``reasoningSummary``;
        a model that does not reason takes neither (a warning each)."""
        effort = opts.get("reasoningEffort")
        if effort is None and options.reasoning not in (None, "provider-default"):
            effort = "xhigh" if options.reasoning == "max" else options.reasoning
        summary = opts.get("reasoningSummary")
        if not self.profile.reasoning:
            for name, value in (("reasoningEffort", effort), ("reasoningSummary", summary)):
                if value is not None and not (name == "reasoningEffort" and value == "none"):
                    warnings.append(
                        CallWarning(
                            "unsupported",
                            feature=name,
                            details=f"{name} is not supported for non-reasoning models",
                        )
                    )
            return {}
        out: dict[str, Any] = {}
        if effort is not None:
            out["effort"] = effort
        if summary is not None:
            out["summary"] = summary
        return out

    # -- inbound --------------------------------------------------------------------

    def parse_response(
        self, body: Any, headers: Mapping[str, str] | None = None, options: CallOptions | None = None
    ) -> GenerateResult:
        if isinstance(body, dict) and isinstance(body.get("error"), dict) and body["error"]:
            raise error_from_code(body["error"], self.provider, body)
        try:
            return self._parse_response(body, headers)
        except (AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise InvalidResponseDataError(
                f"response has an unexpected shape (expected an 'output' list): {str(body)[:200]}",
                provider=self.provider,
            ) from exc

    def _parse_response(self, body: Any, headers: Mapping[str, str] | None) -> GenerateResult:
        """The output items are the answer and must be a list; every other field is
        metadata, read leniently."""
        output = body["output"]
        if not isinstance(output, list):
            raise TypeError("output is not a list")
        content: list[Content] = []
        refusal: list[str] = []
        has_function_call = False
        for item in output:
            if isinstance(item, dict):
                has_function_call |= self._output_item(item, content, refusal)
        return GenerateResult(
            content=content,
            finish_reason=map_finish_reason(
                body.get("incomplete_details"), has_function_call=has_function_call
            ),
            usage=convert_usage(body.get("usage")),
            provider_metadata=response_provider_metadata(self.provider, body, "".join(refusal) or None),
            response=ResponseInfo(
                id=string(body.get("id")),
                timestamp=timestamp(body.get("created_at")),
                model_id=string(body.get("model")),
                headers=headers,
                body=body,
            ),
        )

    def _output_item(self, item: dict[str, Any], content: list[Content], refusal: list[str]) -> bool:
        """Append what one output item says; ``True`` if it is a call we must answer."""
        kind = item.get("type")
        item_id = string(item.get("id"))
        key = self.provider
        if kind == "message":
            for part in item.get("content") or ():
                if not isinstance(part, dict):
                    continue
                if part.get("type") == "refusal" and isinstance(part.get("refusal"), str):
                    refusal.append(part["refusal"])
                    continue
                text = part.get("text")
                if part.get("type") != "output_text" or not isinstance(text, str):
                    continue
                annotations = [a for a in part.get("annotations") or () if isinstance(a, dict)]
                metadata: dict[str, Any] = {"itemId": item_id}
                if annotations:
                    metadata["annotations"] = annotations
                content.append(TextContent(text, {key: metadata}))
                for annotation in annotations:
                    if (source := annotation_source(annotation, key, self.new_id)) is not None:
                        content.append(source)
        elif kind == "reasoning":
            summary = [s.get("text") for s in item.get("summary") or () if isinstance(s, dict)]
            encrypted = string(item.get("encrypted_content"))
            for text in [t for t in summary if isinstance(t, str)] or [""]:
                content.append(
                    ReasoningContent(text, {key: {"itemId": item_id, "reasoningEncryptedContent": encrypted}})
                )
        elif kind == "function_call":
            call_id = string(item.get("call_id")) or item_id or self.new_id()
            content.append(
                ToolCallContent(
                    call_id,
                    string(item.get("name")) or "",
                    arguments_text(item.get("arguments")) or "{}",
                    provider_metadata={key: {"itemId": item_id}},
                )
            )
            return True
        elif kind in PROVIDER_EXECUTED_ITEMS:
            name = PROVIDER_EXECUTED_ITEMS[str(kind)]
            call_id = item_id or self.new_id()
            metadata = {key: {"itemId": call_id, "providerExecuted": True}}
            content.append(
                ToolCallContent(call_id, name, provider_tool_input(item), True, provider_metadata=metadata)
            )
            content.append(
                ToolResultContent(call_id, name, provider_tool_result(item), provider_metadata=metadata)
            )
        return False

    def stream_decoder(self, options: CallOptions) -> OpenAIResponsesStreamDecoder:
        opts = mapping((options.provider_options or {}).get(self.provider))
        return OpenAIResponsesStreamDecoder(
            self.provider,
            self.new_id,
            include_raw=bool(options.include_raw_chunks),
            store=opts.get("store") is not False,
        )

    error_message = staticmethod(openai_error_message)
