"""Anthropic Messages (``POST /v1/messages``): a sans-I/O codec.

``build_request`` maps call options to a request (``request``), ``parse_response``
maps a message to a ``GenerateResult`` (``content``), ``stream_decoder`` returns the
decoder of the event stream (``stream``), and ``error_message`` / ``error_class``
read Anthropic's error bodies (``errors``). ``build_count_tokens_request`` and
``parse_count_tokens`` serve ``/v1/messages/count_tokens`` (the provider's
``count_tokens``).

Emulated structured output (a forced ``json`` tool) is read as text. ``parse_response``
is not given the call's options by ``LanguageModel``; without them a ``tool_use``
named ``json`` is taken to be that tool when the model has no native JSON output,
and document citations are titled from the citation itself.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...provider.profile import DEFAULT, ModelProfile
from ...spec import CallOptions, GenerateResult, ResponseInfo
from ...spec.errors import InvalidResponseDataError
from ...spec.request import PreparedRequest
from ...spec.wire import parse_count
from .citations import cited_documents
from .content import convert_content
from .errors import anthropic_error_class, anthropic_error_message
from .finish_reason import map_stop_reason
from .request import build_messages_request, count_tokens_body, own_options, uses_json_tool, uses_native_json
from .stream import AnthropicStreamDecoder
from .tools import JSON_TOOL
from .usage import convert_usage, message_metadata


def _new_id() -> str:
    return os.urandom(12).hex()  # os, not uuid: uuid imports platform and socket


@dataclass(frozen=True, slots=True)
class AnthropicMessagesCodec:
    model_id: str
    provider: str = "anthropic"
    profile: ModelProfile = DEFAULT
    new_id: Callable[[], str] = field(default=_new_id, compare=False)

    # -- outbound -------------------------------------------------------------------

    def build_request(self, options: CallOptions, *, stream: bool) -> PreparedRequest:
        built = build_messages_request(self.model_id, self.provider, self.profile, options, stream=stream)
        return PreparedRequest(
            "/messages", built.body, stream=stream, headers=built.headers, warnings=tuple(built.warnings)
        )

    def build_count_tokens_request(self, options: CallOptions) -> PreparedRequest:
        """``/v1/messages/count_tokens`` for the prompt, tools and thinking of ``options``."""
        built = build_messages_request(self.model_id, self.provider, self.profile, options, stream=False)
        return PreparedRequest(
            "/messages/count_tokens",
            count_tokens_body(built.body),
            headers=built.headers,
            warnings=tuple(built.warnings),
        )

    def parse_count_tokens(self, body: Any) -> int:
        tokens = parse_count(body.get("input_tokens")) if isinstance(body, dict) else None
        if tokens is None:
            raise InvalidResponseDataError(
                f"count_tokens answered without input_tokens: {str(body)[:200]}", provider=self.provider
            )
        return tokens

    # -- inbound --------------------------------------------------------------------

    def parse_response(
        self, body: Any, headers: Mapping[str, str] | None = None, options: CallOptions | None = None
    ) -> GenerateResult:
        try:
            return self._parse_response(body, headers, options)
        except (AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
            raise InvalidResponseDataError(
                f"message has an unexpected shape (expected a content list): {str(body)[:200]}",
                provider=self.provider,
            ) from exc

    def _json_tool(self, options: CallOptions | None) -> bool:
        if options is not None:
            return uses_json_tool(options, self.profile, self.provider)
        return not uses_native_json(self.profile, {})

    def _parse_response(
        self, body: Any, headers: Mapping[str, str] | None, options: CallOptions | None
    ) -> GenerateResult:
        blocks = body["content"]
        if not isinstance(blocks, list):
            raise TypeError("content is not a list")
        json_tool = self._json_tool(options) and any(
            isinstance(b, dict) and b.get("type") == "tool_use" and b.get("name") == JSON_TOOL for b in blocks
        )
        documents = cited_documents(options.prompt, self.provider) if options is not None else ()
        content = convert_content(
            blocks, self.provider, self.new_id, json_tool=json_tool, documents=documents
        )
        usage = body.get("usage")
        return GenerateResult(
            content=content,
            finish_reason=map_stop_reason(body.get("stop_reason"), json_tool=json_tool),
            usage=convert_usage(usage),
            provider_metadata=message_metadata(self.provider, usage, body.get("stop_sequence")),
            response=ResponseInfo(
                id=body.get("id") if isinstance(body.get("id"), str) else None,
                model_id=body.get("model") if isinstance(body.get("model"), str) else None,
                headers=headers,
                body=body,
            ),
        )

    def stream_decoder(self, options: CallOptions) -> AnthropicStreamDecoder:
        return AnthropicStreamDecoder(
            self.provider,
            self.new_id,
            json_tool=uses_json_tool(options, self.profile, self.provider),
            documents=cited_documents(options.prompt, self.provider),
            include_raw=bool(options.include_raw_chunks),
        )

    def own_options(self, options: CallOptions) -> dict[str, Any]:
        return own_options(options, self.provider)

    error_message = staticmethod(anthropic_error_message)
    error_class = staticmethod(anthropic_error_class)
