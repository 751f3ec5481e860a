"""Gemini ``generateContent`` / ``streamGenerateContent``: one sans-I/O codec for the
Gemini API and Vertex AI.

The two services speak the same request and response; they differ in where a model
lives (the provider's base URL), how callers authenticate (the provider's auth), and
two wire details this codec knows by ``service``: Vertex AI's v1 has no ``id`` on
function calls and responses, and some options belong to one service only.
``build_request`` maps call options to a body (``contents``, ``generationConfig``,
``tools``, ...), ``parse_response`` maps a response to a ``GenerateResult``, and
``GoogleStreamDecoder`` maps ``alt=sse`` events to stream parts; both read responses
through ``response_parts``, ``usage`` and ``finish_reason``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ...provider.profile import DEFAULT, ModelProfile
from ...spec import (
    CallOptions,
    CallWarning,
    Content,
    FileContent,
    GenerateResult,
    ReasoningContent,
    ResponseInfo,
    TextContent,
    ToolCallContent,
    ToolResultContent,
)
from ...spec.errors import InvalidResponseDataError
from ...spec.prompt import DataFile
from ...spec.request import PreparedRequest
from .contents import ContentsOptions, convert_to_google_contents
from .error_message import google_error_class, google_error_message, google_retry_after
from .fields import mapping, string
from .finish_reason import map_block_reason, map_finish_reason
from .generation_config import generation_config, is_gemini3, request_fields
from .response_parts import (
    candidate_parts,
    create_time,
    function_call_arguments,
    grounding_sources,
    result_metadata,
    signature_metadata,
)
from .stream import GoogleStreamDecoder
from .tools import prepare_tools
from .usage import convert_usage

Service = Literal["gemini", "vertex"]
# Provider-option keys read after the provider's own name: the other Google service's,
# since both serve the same models (a Gemini API history continues on Vertex AI).
_SIBLING_KEYS: Mapping[Service, tuple[str, ...]] = {
    "gemini": ("google", "vertex", "googleVertex"),
    "vertex": ("vertex", "googleVertex", "google"),
}


def _new_id() -> str:
    return os.urandom(12).hex()  # os, not uuid: uuid imports platform and socket


def model_path(model_id: str) -> str:
    """``models/{id}``; an id with a path of its own (``tunedModels/x``) is used as given."""
    return model_id if "/" in model_id else f"models/{model_id}"


@dataclass(frozen=True, slots=True)
class GoogleCodec:
    model_id: str
    provider: str = "google"
    """Key of ``provider_metadata`` (and the first key read from ``provider_options``)."""
    service: Service = "gemini"
    profile: ModelProfile = DEFAULT
    new_id: Callable[[], str] = field(default=_new_id, compare=False)

    @property
    def option_keys(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((self.provider, *_SIBLING_KEYS[self.service])))

    def google_options(self, provider_options: Any) -> dict[str, Any]:
        """The first Google key's options (own name, then the sibling service's)."""
        for key in self.option_keys:
            found = (provider_options or {}).get(key)
            if isinstance(found, Mapping):
                return dict(found)
        return {}

    # -- outbound -------------------------------------------------------------------

    def build_request(self, options: CallOptions, *, stream: bool) -> PreparedRequest:
        warnings: list[CallWarning] = []
        vertex = self.service == "vertex"
        gemini3 = is_gemini3(self.model_id)
        google = self.google_options(options.provider_options)
        contents, system = convert_to_google_contents(
            options.prompt,
            ContentsOptions(self.option_keys, function_call_ids=not vertex, gemini3=gemini3),
            warnings,
        )
        body: dict[str, Any] = {"contents": contents}
        if system is not None:
            body["systemInstruction"] = system
        config = generation_config(options, google, self.model_id, vertex=vertex, warnings=warnings)
        if config:
            body["generationConfig"] = config
        tools, tool_config = prepare_tools(
            options.tools,
            options.tool_choice,
            provider_names=(self.provider, *_SIBLING_KEYS[self.service]),
            gemini3=gemini3,
            warnings=warnings,
        )
        if tools is not None:
            body["tools"] = tools
        if isinstance(google.get("retrievalConfig"), Mapping):
            tool_config = {**(tool_config or {}), "retrievalConfig": google["retrievalConfig"]}
        if tool_config is not None:
            body["toolConfig"] = tool_config
        body.update(request_fields(google, vertex=vertex, warnings=warnings))
        method = "streamGenerateContent?alt=sse" if stream else "generateContent"
        return PreparedRequest(
            f"/{model_path(self.model_id)}:{method}",
            body,
            stream=stream,
            headers=dict(options.headers or {}),
            warnings=tuple(warnings),
        )

    # -- inbound --------------------------------------------------------------------

    def parse_response(
        self, body: Any, headers: Mapping[str, str] | None = None, options: CallOptions | None = None
    ) -> GenerateResult:
        try:
            return self._parse_response(body, headers)
        except (AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise InvalidResponseDataError(
                f"Gemini response has an unexpected shape (expected candidates[0].content.parts): "
                f"{str(body)[:200]}",
                provider=self.provider,
            ) from exc

    def _parse_response(self, body: Any, headers: Mapping[str, str] | None) -> GenerateResult:
        if not isinstance(body, dict):
            raise TypeError("the response is not a JSON object")
        candidates = body.get("candidates")
        if candidates is not None and not isinstance(candidates, list):
            raise TypeError("candidates is not a list")
        candidate = candidates[0] if candidates else None
        if candidate is not None and not isinstance(candidate, dict):
            raise TypeError("candidates[0] is not an object")
        feedback = mapping(body.get("promptFeedback"))
        if candidate is None and "blockReason" not in feedback:
            raise ValueError("no candidate and no promptFeedback.blockReason")
        content = self.content(candidate_parts(candidate or {}))
        content.extend(grounding_sources((candidate or {}).get("groundingMetadata"), self.new_id))
        if candidate is None:
            reason = map_block_reason(feedback.get("blockReason"))
        else:
            has_calls = any(isinstance(c, ToolCallContent) and not c.provider_executed for c in content)
            reason = map_finish_reason(candidate.get("finishReason"), has_tool_calls=has_calls)
        return GenerateResult(
            content=content,
            finish_reason=reason,
            usage=convert_usage(body.get("usageMetadata")),
            provider_metadata=result_metadata(self.provider, body, candidate or {}),
            response=ResponseInfo(
                id=string(body.get("responseId")),
                timestamp=create_time(body.get("createTime")),
                model_id=string(body.get("modelVersion")),
                headers=headers,
                body=body,
            ),
        )

    def content(self, parts: list[dict[str, Any]]) -> list[Content]:
        """A candidate's parts in order. An empty text part carrying only a signature
        (how Gemini signs the end of a text answer) signs the part before it."""
        content: list[Content] = []
        last_code: str | None = None
        for part in parts:
            metadata = signature_metadata(self.provider, part)
            text = part.get("text")
            call = part.get("functionCall")
            if isinstance(text, str):
                if text:
                    kind = ReasoningContent if part.get("thought") is True else TextContent
                    content.append(kind(text, metadata))
                elif metadata is not None and content:
                    content[-1] = dataclasses.replace(content[-1], provider_metadata=metadata)
            elif isinstance(call, dict) and string(call.get("name")):
                content.append(
                    ToolCallContent(
                        string(call.get("id")) or self.new_id(),
                        call["name"],
                        function_call_arguments(call),
                        provider_metadata=metadata,
                    )
                )
            elif isinstance(part.get("inlineData"), dict):
                inline = part["inlineData"]
                content.append(
                    FileContent(
                        string(inline.get("mimeType")) or "application/octet-stream",
                        DataFile(string(inline.get("data")) or ""),
                        metadata,
                    )
                )
            elif isinstance(part.get("executableCode"), dict):
                last_code = self.new_id()
                content.append(
                    ToolCallContent(
                        last_code,
                        "code_execution",
                        function_call_arguments({"args": part["executableCode"]}),
                        provider_executed=True,
                        provider_metadata=metadata,
                    )
                )
            elif isinstance(part.get("codeExecutionResult"), dict) and last_code is not None:
                result = part["codeExecutionResult"]
                content.append(
                    ToolResultContent(
                        last_code,
                        "code_execution",
                        {"outcome": result.get("outcome"), "output": result.get("output") or ""},
                        provider_metadata=metadata,
                    )
                )
        return content

    def stream_decoder(self, options: CallOptions) -> GoogleStreamDecoder:
        return GoogleStreamDecoder(self.provider, self.new_id, include_raw=bool(options.include_raw_chunks))

    error_message = staticmethod(google_error_message)
    error_class = staticmethod(google_error_class)
    retry_after = staticmethod(google_retry_after)
