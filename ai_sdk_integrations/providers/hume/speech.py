"""Hume Octave text-to-speech (``POST /v0/tts/file``): a sans-I/O codec.

The body is one utterance ``{text, description, speed, voice: {id, provider:
"HUME_AI"}}`` and ``format: {type}``, as the AI SDK sends it: ``instructions`` become
the utterance's ``description`` (Hume's acting instructions), ``voice`` its voice id
(default ``d8ab67c6-953d-4bd8-9370-8fa53a0f1453``), ``output_format`` ``mp3``, ``wav``
or ``pcm`` (anything else is a warning and mp3). ``provider_options["hume"]["context"]``
is ``{"generationId"}`` or ``{"utterances": [...]}`` (mapped to Hume's
``generation_id`` / ``trailing_silence`` names); any other option key goes into the body
snake_cased (``numGenerations``, ``splitUtterances``, ``stripHeaders``,
``instantMode``, ``version``). ``language`` is a warning: Octave has no such setting.
The model id picks Octave's version where it names one (``octave-1``/``1``,
``octave-2``/``2``); ``default`` leaves it to Hume.

The answer is the audio file's bytes.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import SpeechCallOptions, SpeechModelResult
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo

DEFAULT_VOICE = "d8ab67c6-953d-4bd8-9370-8fa53a0f1453"
FORMATS = frozenset({"mp3", "wav", "pcm"})
VERSIONS = {"octave-1": "1", "1": "1", "octave-2": "2", "2": "2"}
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake(name: str) -> str:
    return _CAMEL.sub("_", name).lower()


def hume_error_message(data: Any) -> str | None:
    """Hume's gateway answers ``{"message"}`` (401, 429), its services
    ``{"type": "error", "code", "message"}`` or FastAPI's ``{"detail": [...]}``; the AI
    SDK reads ``{"error": {"message"}}``; an Apigee ``{"fault": {"faultstring"}}`` too."""
    if not isinstance(data, dict):
        return None
    message = data.get("message")
    if isinstance(message, str) and message:
        code = data.get("code")
        return f"{message} ({code})" if isinstance(code, str) and code else message
    detail = data.get("detail")
    if isinstance(detail, str) and detail:
        return detail
    if isinstance(detail, list):
        found = [
            f"{'.'.join(str(p) for p in d.get('loc') or () if p != 'body')}: {d['msg']}"
            for d in detail
            if isinstance(d, dict) and isinstance(d.get("msg"), str)
        ]
        if found:
            return "; ".join(found)
    for key, field in (("error", "message"), ("fault", "faultstring")):
        nested = data.get(key)
        if isinstance(nested, dict) and isinstance(nested.get(field), str):
            return str(nested[field])
    return None


@dataclass(frozen=True, slots=True)
class HumeSpeechCodec:
    model_id: str = "default"
    provider: str = "hume"

    def build_request(self, options: SpeechCallOptions) -> PreparedRequest:
        warnings: list[CallWarning] = []
        utterance: dict[str, Any] = {
            "text": options.text,
            "voice": {"id": options.voice or DEFAULT_VOICE, "provider": "HUME_AI"},
        }
        if options.instructions:
            utterance["description"] = options.instructions
        if options.speed is not None:
            utterance["speed"] = options.speed
        output_format = options.output_format or "mp3"
        if output_format not in FORMATS:
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="outputFormat",
                    details=f"Unsupported output format: {output_format}. Using mp3 instead.",
                )
            )
            output_format = "mp3"
        body: dict[str, Any] = {"utterances": [utterance], "format": {"type": output_format}}
        if self.model_id in VERSIONS:
            body["version"] = VERSIONS[self.model_id]
        given = dict((options.provider_options or {}).get(self.provider, {}))
        context = given.pop("context", None)
        if isinstance(context, dict):
            body["context"] = _context(context)
        for name, value in given.items():
            if value is not None:
                body[snake(name)] = value
        if options.language:
            warnings.append(
                CallWarning(
                    "unsupported",
                    feature="language",
                    details=f"Hume speech models do not support language selection. Language parameter "
                    f'"{options.language}" was ignored.',
                )
            )
        return PreparedRequest(
            "/v0/tts/file",
            body,
            headers=dict(options.headers or {}),
            warnings=tuple(warnings),
            expect="bytes",
        )

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> SpeechModelResult:
        if not isinstance(body, bytes) or not body:
            raise InvalidResponseDataError("Hume sent no audio", provider=self.provider)
        return SpeechModelResult(audio=body, response=ResponseInfo(headers=dict(headers)))

    error_message = staticmethod(hume_error_message)


def _context(context: Mapping[str, Any]) -> dict[str, Any]:
    if "generationId" in context:
        return {"generation_id": context["generationId"]}
    utterances = context.get("utterances")
    if not isinstance(utterances, list):
        return {snake(k): v for k, v in context.items()}
    return {
        "utterances": [
            {snake(k): v for k, v in u.items() if v is not None} if isinstance(u, dict) else u
            for u in utterances
        ]
    }
