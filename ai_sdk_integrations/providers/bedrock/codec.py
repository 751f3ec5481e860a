"""Amazon Bedrock's Converse API as a sans-I/O codec.

``build_request`` maps call options to ``POST /model/{modelId}/converse`` (or
``/converse-stream``, whose answer is the binary AWS event stream: ``framing=
"aws-eventstream"``); ``parse_response`` maps a Converse response to a
``GenerateResult``; ``stream_decoder`` gives a ``BedrockConverseStreamDecoder``. The
request body is built in ``request`` (options), ``messages`` (the prompt), ``tools``
and ``files``; responses are read in ``content``, ``usage`` and ``finish_reason``,
which the stream decoder shares.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any

from ...provider.profile import DEFAULT, ModelProfile
from ...spec import CallOptions, GenerateResult, ResponseInfo
from ...spec.errors import InvalidResponseDataError
from ...spec.request import PreparedRequest
from . import model_ids
from .content import convert_content
from .errors import bedrock_error_message
from .fields import mapping, string
from .finish_reason import map_stop_reason
from .request import build_converse_body
from .stream import BedrockConverseStreamDecoder
from .tools import JSON_TOOL
from .usage import convert_usage, response_metadata, stop_sequence_of


def _new_tool_call_id() -> str:
    return f"tooluse_{os.urandom(12).hex()}"


@dataclass(frozen=True, slots=True)
class BedrockConverseCodec:
    model_id: str
    provider: str = "bedrock"
    profile: ModelProfile = DEFAULT
    new_id: Callable[[], str] = field(default=_new_tool_call_id, compare=False)

    def build_request(self, options: CallOptions, *, stream: bool) -> PreparedRequest:
        built = build_converse_body(self.model_id, self.provider, self.profile, options)
        headers = {"accept": "application/vnd.amazon.eventstream" if stream else "application/json"}
        headers.update(options.headers or {})
        return PreparedRequest(
            model_ids.model_path(self.model_id, "converse-stream" if stream else "converse"),
            built.body,
            stream=stream,
            headers=headers,
            warnings=tuple(built.warnings),
            framing="aws-eventstream",
        )

    def parse_response(
        self, body: Any, headers: Mapping[str, str] | None = None, options: CallOptions | None = None
    ) -> GenerateResult:
        try:
            message = body["output"]["message"]
            if not isinstance(message, dict):
                raise TypeError("output.message is not an object")
            content, answered_by_tool = convert_content(
                message["content"],
                self.provider,
                self.new_id,
                json_tool=self._uses_json_tool(body, options),
                mistral=model_ids.is_mistral(self.model_id),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise InvalidResponseDataError(
                "Converse response has an unexpected shape (expected output.message.content): "
                f"{str(body)[:200]}",
                provider=self.provider,
            ) from exc
        stop_reason = body.get("stopReason")
        headers = headers or {}
        return GenerateResult(
            content=content,
            finish_reason=map_stop_reason(stop_reason, json_tool=answered_by_tool),
            usage=convert_usage(body.get("usage")),
            provider_metadata=response_metadata(
                self.provider,
                body,
                stop_sequence=stop_sequence_of(body.get("additionalModelResponseFields")),
                anthropic=model_ids.is_anthropic(self.model_id),
                json_tool=answered_by_tool,
            ),
            response=ResponseInfo(
                id=headers.get("x-amzn-requestid"),
                timestamp=_date(headers.get("date")),
                model_id=self.model_id,
                headers=headers,
                body=body,
            ),
        )

    def _uses_json_tool(self, body: Any, options: CallOptions | None) -> bool:
        """Whether a ``json`` tool call is the emulated structured answer. Given the
        call's options, that is known; without them (``LanguageModel`` passes none
        today) it is inferred, as the Anthropic codec does: the model's profile
        emulates structured output with the tool, and a ``json`` call is the only one."""
        if options is not None:
            return build_converse_body(self.model_id, self.provider, self.profile, options).json_tool
        if self.profile.structured_output == "json_schema":
            return False
        blocks = mapping(mapping(body).get("output")).get("message")
        uses = [b for b in mapping(blocks).get("content") or () if isinstance(b, dict) and "toolUse" in b]
        return len(uses) == 1 and string(mapping(uses[0]["toolUse"]).get("name")) == JSON_TOOL

    def stream_decoder(self, options: CallOptions) -> BedrockConverseStreamDecoder:
        json_tool = build_converse_body(self.model_id, self.provider, self.profile, options).json_tool
        return BedrockConverseStreamDecoder(
            self.provider,
            self.model_id,
            self.new_id,
            include_raw=bool(options.include_raw_chunks),
            json_tool=json_tool,
            anthropic=model_ids.is_anthropic(self.model_id),
            mistral=model_ids.is_mistral(self.model_id),
        )

    error_message = staticmethod(bedrock_error_message)


def _date(value: str | None) -> Any:
    if not value:
        return None
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
