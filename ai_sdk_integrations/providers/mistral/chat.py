"""Mistral Chat Completions (``POST /v1/chat/completions``): a sans-I/O codec.

It looks like OpenAI's Chat Completions and is not: the seed is ``random_seed``,
``tool_choice`` says ``"any"`` for *required*, tool-call ids must be nine letters and
digits, files are ``image_url`` / ``document_url`` strings, reasoning arrives as typed
``thinking`` parts inside ``content``, usage comes with the last stream chunk (there is
no ``stream_options``), and any body field Mistral does not know is refused with a 422.
So this codec is Mistral's own, built as the AI SDK's ``@ai-sdk/mistral`` builds its
requests, and shares with the OpenAI codec only what is the same on both wires: the
lenient field readers and the streamed tool-call tracker.

``build_request`` maps call options to the body (a setting Mistral cannot take is a
warning), ``parse_response`` maps a ``chat.completion`` to a ``GenerateResult``, and
``MistralChatStreamDecoder`` (``chat_stream``) maps SSE ``data`` payloads to parts.
"""

from __future__ import annotations

import json
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
    Prompt,
    ReasoningContent,
    ResponseInfo,
    SystemMessage,
    TextContent,
    ToolCallContent,
)
from ...spec.errors import InvalidResponseDataError, UsageError
from ...spec.request import PreparedRequest
from ...spec.wire import arguments_text
from ..openai.response_fields import string, timestamp
from .chat_messages import convert_to_mistral_messages
from .chat_stream import MistralChatStreamDecoder
from .content import content_parts
from .error_message import mistral_error_message
from .finish_reason import map_finish_reason
from .tool_call_ids import new_tool_call_id
from .tools import prepare_tools
from .usage import convert_usage

# camelCase provider option -> request body field. Unknown keys pass through verbatim
# (the escape hatch for fields newer than this table; Mistral refuses unknown ones).
_OPTION_FIELDS: Mapping[str, str] = {
    "safePrompt": "safe_prompt",
    "documentImageLimit": "document_image_limit",
    "documentPageLimit": "document_page_limit",
    "promptMode": "prompt_mode",
    "promptCacheKey": "prompt_cache_key",
    "prediction": "prediction",
    "metadata": "metadata",
    "guardrails": "guardrails",
}
# Options that shape the request rather than being copied into it.
_FLAGS = ("structuredOutputs", "strictJsonSchema", "parallelToolCalls")
_CONSUMED = frozenset({*_FLAGS, "reasoningEffort"})

# Models that take ``reasoning_effort`` (the AI SDK's list); on others a reasoning
# setting is a warning. Magistral models always reason and take no setting.
REASONING_EFFORT_MODELS = frozenset(
    {"mistral-small-latest", "mistral-small-2603", "mistral-medium-3", "mistral-medium-3.5"}
)
_EFFORTS = frozenset({"minimal", "low", "medium", "high", "xhigh"})  # all map to "high"

JSON_INSTRUCTION = "You MUST answer with JSON."
SCHEMA_PREFIX = "JSON schema:"
SCHEMA_SUFFIX = "You MUST answer with a JSON object that matches the JSON schema above."


@dataclass(frozen=True, slots=True)
class MistralChatCodec:
    model_id: str
    provider: str = "mistral"
    profile: ModelProfile = DEFAULT
    new_id: Callable[[], str] = field(default=new_tool_call_id, compare=False)

    # -- outbound -------------------------------------------------------------------

    def build_request(self, options: CallOptions, *, stream: bool) -> PreparedRequest:
        warnings: list[CallWarning] = []
        own = dict((options.provider_options or {}).get(self.provider, {}))
        for name in _FLAGS:
            if own.get(name) is not None and not isinstance(own[name], bool):
                raise UsageError(f"provider_options[{self.provider!r}][{name!r}] must be True or False")
        body: dict[str, Any] = {"model": self.model_id}
        if options.max_output_tokens is not None:
            body["max_tokens"] = options.max_output_tokens
        for attribute, wire_name in (
            ("temperature", "temperature"),
            ("top_p", "top_p"),
            ("presence_penalty", "presence_penalty"),
            ("frequency_penalty", "frequency_penalty"),
            ("seed", "random_seed"),
        ):
            value = getattr(options, attribute)
            if value is not None:
                body[wire_name] = value
        if options.top_k is not None:
            warnings.append(CallWarning("unsupported", feature="topK"))
        if options.stop_sequences:
            body["stop"] = list(options.stop_sequences)
        effort = self._reasoning_effort(options, own.get("reasoningEffort"), warnings)
        if effort is not None:
            body["reasoning_effort"] = effort
        prompt = options.prompt
        if isinstance(options.response_format, JsonFormat):
            body["response_format"], prompt = self._response_format(options.response_format, own, prompt)
        for key, value in own.items():
            if key not in _CONSUMED:
                body[_OPTION_FIELDS.get(key, key)] = value
        body["messages"] = convert_to_mistral_messages(prompt, warnings)
        if options.tools:
            body.update(prepare_tools(options.tools, options.tool_choice, warnings))
        if own.get("parallelToolCalls") is not None:
            if "tools" in body:
                body["parallel_tool_calls"] = own["parallelToolCalls"]
            else:
                warnings.append(
                    CallWarning("other", message="parallelToolCalls was not sent: the call has no tools")
                )
        if stream:
            body["stream"] = True
        return PreparedRequest(
            "/chat/completions",
            body,
            stream=stream,
            headers=dict(options.headers or {}),
            warnings=tuple(warnings),
        )

    def _reasoning_effort(self, options: CallOptions, chosen: Any, warnings: list[CallWarning]) -> str | None:
        """``high`` or ``none`` on the models that take it, as the AI SDK maps the
        spec's levels (every level is ``high``, with a warning where that differs)."""
        if chosen is not None and chosen not in ("high", "none"):
            raise UsageError(
                f"provider_options[{self.provider!r}]['reasoningEffort'] must be 'high' or 'none'"
            )
        level = options.reasoning
        if self.model_id not in REASONING_EFFORT_MODELS:
            if chosen is not None or level not in (None, "provider-default"):
                warnings.append(
                    CallWarning(
                        "unsupported",
                        feature="reasoning",
                        details="This model does not support reasoning configuration.",
                    )
                )
            return None
        if chosen is not None:
            return str(chosen)
        if level in (None, "provider-default"):
            return None
        if level == "none":
            return "none"
        if level not in _EFFORTS:
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="reasoning",
                    details=f'reasoning "{level}" is not supported by this model.',
                )
            )
            return None
        if level != "high":
            warnings.append(
                CallWarning(
                    "compatibility",
                    feature="reasoning",
                    details=f'reasoning "{level}" is not directly supported by this model. '
                    'mapped to effort "high".',
                )
            )
        return "high"

    def _response_format(
        self, fmt: JsonFormat, own: Mapping[str, Any], prompt: Prompt
    ) -> tuple[dict[str, Any], Prompt]:
        """JSON schema mode when there is a schema (``structuredOutputs``, default on);
        else JSON mode, which Mistral wants asked for in the prompt too: the AI SDK's
        instruction goes into the system message (with the schema, when there is one)."""
        native = own.get("structuredOutputs", True) and self.profile.structured_output == "json_schema"
        if fmt.schema is not None and native:
            json_schema: dict[str, Any] = {
                "name": fmt.name or "response",
                "schema": dict(fmt.schema),
                "strict": bool(own.get("strictJsonSchema", False)),
            }
            if fmt.description:
                json_schema["description"] = fmt.description
            return {"type": "json_schema", "json_schema": json_schema}, prompt
        return {"type": "json_object"}, _with_json_instruction(prompt, fmt.schema)

    # -- inbound --------------------------------------------------------------------

    def parse_response(
        self, body: Any, headers: Mapping[str, str] | None = None, options: CallOptions | None = None
    ) -> GenerateResult:
        try:
            return self._parse_response(body, headers)
        except (AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise InvalidResponseDataError(
                f"chat completion has an unexpected shape (expected choices[0].message): {str(body)[:200]}",
                provider=self.provider,
            ) from exc

    def _parse_response(self, body: Any, headers: Mapping[str, str] | None) -> GenerateResult:
        """The message is the answer and must be readable; every other field is
        metadata, read leniently."""
        choice = body["choices"][0]
        message = choice["message"]
        if not isinstance(message, dict):
            raise TypeError("choices[0].message is not an object")
        parts = content_parts(message.get("content"))
        if parts is None:
            raise TypeError("message.content is neither text nor a list of parts")
        content: list[Content] = [
            ReasoningContent(text) if kind == "reasoning" else TextContent(text) for kind, text in parts
        ]
        for call in message.get("tool_calls") or ():
            function = call.get("function") or {}
            content.append(
                ToolCallContent(
                    string(call.get("id")) or self.new_id(),
                    string(function.get("name")) or "",
                    arguments_text(function.get("arguments")) or "{}",
                )
            )
        return GenerateResult(
            content=content,
            finish_reason=map_finish_reason(choice.get("finish_reason")),
            usage=convert_usage(body.get("usage")),
            response=ResponseInfo(
                id=string(body.get("id")),
                timestamp=timestamp(body.get("created")),
                model_id=string(body.get("model")),
                headers=headers,
                body=body,
            ),
        )

    def stream_decoder(self, options: CallOptions) -> MistralChatStreamDecoder:
        return MistralChatStreamDecoder(
            self.provider, self.new_id, include_raw=bool(options.include_raw_chunks)
        )

    error_message = staticmethod(mistral_error_message)


def _with_json_instruction(prompt: Prompt, schema: Mapping[str, Any] | None) -> Prompt:
    """The AI SDK's ``injectJsonInstructionIntoMessages``: the instruction (and schema)
    appended to the first system message, or a new system message in front."""
    lines = [SCHEMA_PREFIX, json.dumps(schema), SCHEMA_SUFFIX] if schema is not None else [JSON_INSTRUCTION]
    first = prompt[0] if prompt else None
    if isinstance(first, SystemMessage):
        text = "\n".join([first.content, "", *lines] if first.content else lines)
        return [SystemMessage(text, first.provider_options), *prompt[1:]]
    return [SystemMessage("\n".join(lines)), *prompt]
