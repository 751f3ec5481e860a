"""AssemblyAI pre-recorded transcription: a sans-I/O codec for a three-step job.

1. ``build_request``: ``POST /v2/upload`` with the raw audio bytes
   (``application/octet-stream``); AssemblyAI answers ``{upload_url}``.
2. ``poll_request`` on that answer: ``POST /v2/transcript`` with ``{audio_url,
   speech_models: [<model id>]}`` (the legacy ``best`` goes as ``speech_model``, with a
   deprecation warning, as in the AI SDK) plus ``provider_options["assemblyai"]`` with
   the AI SDK's camelCase names snake_cased at every level (``speakerLabels``,
   ``languageDetectionOptions.expectedLanguages``...). AssemblyAI answers the
   transcript, ``queued``.
3. ``GET /v2/transcript/{id}`` until ``status`` is ``completed`` (``queued`` /
   ``processing`` poll again; ``error`` raises ``MediaJobError`` with its ``error``).

The completed transcript's ``text`` is the text; its ``words`` (``start`` / ``end`` in
milliseconds, made seconds here; ``speaker`` when diarized) the segments;
``language_code`` the language (AssemblyAI's code, e.g. ``en_us``, as the AI SDK gives
it); ``audio_duration`` (else the last word's end) the duration. Diarized
``utterances`` and the audio-intelligence results go to
``provider_metadata["assemblyai"]`` (their times stay in milliseconds, as in the AI
SDK). The warnings the AI SDK gives for option combinations AssemblyAI refuses or
ignores are given here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ...spec.errors import InvalidResponseDataError
from ...spec.media import (
    MediaJobError,
    Poll,
    TranscriptionCallOptions,
    TranscriptionModelResult,
    TranscriptSegment,
)
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from ...spec.wire import parse_seconds

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_PENDING = frozenset({"queued", "processing"})
_MODELS_DOC = "https://www.assemblyai.com/docs/pre-recorded-audio/select-the-speech-model"
_BEST_IS_LEGACY = (
    "The 'best' model is a legacy AssemblyAI model. Use 'universal-3-5-pro' instead. "
    f"See documentation: {_MODELS_DOC}"
)
_BOOSTS_DEPRECATED = (
    "'wordBoost' and 'boostParam' are deprecated and are rejected by 'universal-3-pro' / "
    "'universal-3-5-pro' and 'slam-1'. Use 'keytermsPrompt' instead."
)
_NEEDS_REDACT_PII = (
    "'redactPiiReturnUnredacted' and 'redactStaticEntities' require 'redactPii' to be enabled; "
    "AssemblyAI rejects the request otherwise."
)
_NEEDS_REDACT_PII_AUDIO = (
    "'redactPiiAudioOptions' only applies when 'redactPiiAudio' is enabled; it is otherwise ignored."
)
_CODE_OR_DETECTION = (
    "'languageDetection' cannot be combined with an explicit 'languageCode'; "
    "AssemblyAI rejects requests that set both."
)
# transcript field -> provider metadata name (as the AI SDK names them)
_METADATA = {
    "utterances": "utterances",
    "sentiment_analysis_results": "sentimentAnalysisResults",
    "entities": "entities",
    "content_safety_labels": "contentSafetyLabels",
    "iab_categories_result": "iabCategoriesResult",
    "auto_highlights_result": "autoHighlightsResult",
}


def snake_keys(value: Any) -> Any:
    if isinstance(value, list):
        return [snake_keys(item) for item in value]
    if not isinstance(value, dict):
        return value
    return {_CAMEL.sub("_", str(key)).lower(): snake_keys(item) for key, item in value.items()}


def assemblyai_error_message(data: Any) -> str | None:
    """``{"error": "..."}`` (AssemblyAI's ``Error``), or ``{"error": {"message"}}``. A
    transcript object (it has ``id`` and ``status``) is not an error response even when
    its ``error`` is set: a failed job is reported by ``poll_request``."""
    if not isinstance(data, dict) or ("id" in data and "status" in data):
        return None
    error = data.get("error")
    if isinstance(error, str) and error:
        return error
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])
    return None


@dataclass(frozen=True, slots=True)
class AssemblyAITranscriptionCodec:
    model_id: str
    provider: str = "assemblyai"

    def build_request(self, options: TranscriptionCallOptions) -> PreparedRequest:
        return PreparedRequest(
            "/v2/upload",
            {},
            headers=dict(options.headers or {}),
            warnings=tuple(self._warnings(options)),
            content=options.audio,
            content_type="application/octet-stream",
        )

    def poll_request(
        self, options: TranscriptionCallOptions, body: Any, headers: Mapping[str, str]
    ) -> Poll | None:
        if not isinstance(body, dict):
            raise InvalidResponseDataError(f"AssemblyAI sent {str(body)[:200]}", provider=self.provider)
        extra = dict(options.headers or {})
        if "status" not in body and isinstance(body.get("upload_url"), str):
            return Poll(
                PreparedRequest("/v2/transcript", self._job(options, body["upload_url"]), headers=extra),
                wait=False,
                status="uploaded",
            )
        status, transcript_id = body.get("status"), body.get("id") or None
        if status == "completed":
            return None
        if status == "error":
            raise MediaJobError(
                f"AssemblyAI transcription failed: {body.get('error') or 'unknown error'}",
                provider=self.provider,
                status="error",
            )
        if not isinstance(status, str) or status not in _PENDING or not isinstance(transcript_id, str):
            raise InvalidResponseDataError(
                f"AssemblyAI sent a transcript without a known status or id: {str(body)[:200]}",
                provider=self.provider,
            )
        path = f"/v2/transcript/{quote(transcript_id, safe='')}"
        return Poll(PreparedRequest(path, {}, method="GET", headers=extra), status=status)

    def _job(self, options: TranscriptionCallOptions, audio_url: str) -> dict[str, Any]:
        job: dict[str, Any] = {"audio_url": audio_url}
        if self.model_id == "best":
            job["speech_model"] = "best"
        else:
            job["speech_models"] = [self.model_id]
        given = (options.provider_options or {}).get(self.provider, {})
        job.update((key, value) for key, value in snake_keys(dict(given)).items() if value is not None)
        return job

    def _warnings(self, options: TranscriptionCallOptions) -> list[CallWarning]:
        out = []
        if self.model_id == "best":
            out.append(CallWarning("deprecated", setting="model 'best'", message=_BEST_IS_LEGACY))
        elif self.model_id in ("universal-3-pro", "universal-2"):
            replaces = (
                " and is set to replace 'universal-3-pro'" if self.model_id == "universal-3-pro" else ""
            )
            message = (
                f"'universal-3-5-pro' is AssemblyAI's latest flagship model{replaces}. See {_MODELS_DOC}"
            )
            out.append(CallWarning("other", message=message))
        given = (options.provider_options or {}).get(self.provider, {})
        boosts = [name for name in ("wordBoost", "boostParam") if given.get(name) is not None]
        if boosts:
            out.append(CallWarning("deprecated", setting=", ".join(boosts), message=_BOOSTS_DEPRECATED))
        needs_redaction = any(
            given.get(n) is not None for n in ("redactPiiReturnUnredacted", "redactStaticEntities")
        )
        if needs_redaction and not given.get("redactPii"):
            out.append(CallWarning("other", message=_NEEDS_REDACT_PII))
        if given.get("redactPiiAudioOptions") is not None and not given.get("redactPiiAudio"):
            out.append(CallWarning("other", message=_NEEDS_REDACT_PII_AUDIO))
        if given.get("languageCode") is not None and given.get("languageDetection"):
            out.append(CallWarning("other", message=_CODE_OR_DETECTION))
        return out

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> TranscriptionModelResult:
        if not isinstance(body, dict) or body.get("status") != "completed":
            raise InvalidResponseDataError(
                f"AssemblyAI's transcript is not completed: {str(body)[:200]}", provider=self.provider
            )
        segments = _segments(body.get("words"))
        duration = body.get("audio_duration")
        language = body.get("language_code")
        text = body.get("text")
        metadata = {name: body[key] for key, name in _METADATA.items() if body.get(key) is not None}
        return TranscriptionModelResult(
            text=text if isinstance(text, str) else "",
            segments=segments,
            language=language if isinstance(language, str) and language else None,
            duration_in_seconds=parse_seconds(duration) or (segments[-1].end_second if segments else None),
            provider_metadata={self.provider: metadata} if metadata else None,
            response=ResponseInfo(id=body.get("id"), headers=dict(headers), body=body),
        )

    error_message = staticmethod(assemblyai_error_message)


def _segments(words: Any) -> list[TranscriptSegment]:
    out = []
    for word in words if isinstance(words, list) else ():
        if not isinstance(word, dict) or not isinstance(word.get("text"), str):
            continue
        start, end = parse_seconds(word.get("start")), parse_seconds(word.get("end"))
        if start is None or end is None:
            continue
        speaker = word.get("speaker")
        out.append(
            TranscriptSegment(
                word["text"],
                start / 1000,
                max(start, end) / 1000,
                speaker if isinstance(speaker, str) else None,
            )
        )
    return out
