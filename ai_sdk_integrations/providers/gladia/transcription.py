"""Gladia pre-recorded transcription: a sans-I/O codec for a three-step job.

1. ``build_request``: ``POST /v2/upload``, the audio as the multipart field ``audio``;
   Gladia answers ``{audio_url, audio_metadata}``.
2. ``poll_request`` on that answer: ``POST /v2/pre-recorded`` with ``{audio_url}`` plus
   ``provider_options["gladia"]`` (the AI SDK's camelCase names, snake_cased at every
   level: ``diarizationConfig.numberOfSpeakers`` -> ``diarization_config.
   number_of_speakers``; the user's own keys under ``customMetadata`` and
   ``customSpellingConfig.spellingDictionary`` are kept as written). Gladia answers
   ``{id, result_url}`` (201).
3. ``GET /v2/pre-recorded/{id}`` until ``status`` is ``done`` (``queued`` /
   ``processing`` poll again; ``error`` raises ``MediaJobError``). The job id, not the
   returned ``result_url``, names the poll, so the API key only ever goes to the
   configured Gladia host.

The final answer's ``result.transcription``: ``full_transcript`` is the text, the
``utterances`` (with ``start`` / ``end`` seconds and ``speaker`` when diarized) the
segments, ``languages[0]`` the language; ``result.metadata.audio_duration`` the
duration. The whole job is ``provider_metadata["gladia"]``, as in the AI SDK.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ...spec.errors import InvalidResponseDataError
from ...spec.media import (
    MEDIA_EXTENSIONS,
    MediaJobError,
    Poll,
    TranscriptionCallOptions,
    TranscriptionModelResult,
    TranscriptSegment,
)
from ...spec.multipart import FormFile, encode_multipart
from ...spec.request import PreparedRequest
from ...spec.results import ResponseInfo
from ...spec.wire import parse_seconds

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_KEPT_AS_WRITTEN = frozenset({"custom_metadata", "spelling_dictionary"})
_PENDING = frozenset({"queued", "processing"})


def snake_keys(value: Any) -> Any:
    """Keys snake_cased at every level, except the values of user-keyed maps."""
    if isinstance(value, list):
        return [snake_keys(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        name = _CAMEL.sub("_", str(key)).lower()
        out[name] = item if name in _KEPT_AS_WRITTEN else snake_keys(item)
    return out


def gladia_error_message(data: Any) -> str | None:
    """``{"statusCode", "message", "validation_errors"?, "request_id"}`` (Gladia's
    error responses), or ``{"error": {"message"}}`` (what the AI SDK reads)."""
    if not isinstance(data, dict):
        return None
    message = data.get("message")
    if isinstance(message, str) and message:
        problems = data.get("validation_errors")
        if isinstance(problems, list) and problems:
            return f"{message}: {'; '.join(str(p) for p in problems)}"
        return message
    error = data.get("error")
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])
    return None


@dataclass(frozen=True, slots=True)
class GladiaTranscriptionCodec:
    model_id: str = "default"
    """Gladia picks its model per job (``model`` in the options, e.g. ``solaria-1``)."""
    provider: str = "gladia"

    def build_request(self, options: TranscriptionCallOptions) -> PreparedRequest:
        kind = options.media_type.partition(";")[0].strip().lower()
        filename = options.filename or f"audio.{MEDIA_EXTENSIONS.get(kind, 'bin')}"
        content, content_type = encode_multipart(
            [("audio", FormFile(options.audio, filename, options.media_type))]
        )
        return PreparedRequest(
            "/v2/upload", {}, headers=dict(options.headers or {}), content=content, content_type=content_type
        )

    def poll_request(
        self, options: TranscriptionCallOptions, body: Any, headers: Mapping[str, str]
    ) -> Poll | None:
        if not isinstance(body, dict):
            raise InvalidResponseDataError(f"Gladia sent {str(body)[:200]}", provider=self.provider)
        extra = dict(options.headers or {})
        if "status" not in body and isinstance(body.get("audio_url"), str):
            job = {
                **snake_keys(dict((options.provider_options or {}).get(self.provider, {}))),
                "audio_url": body["audio_url"],
            }
            return Poll(
                PreparedRequest("/v2/pre-recorded", job, headers=extra), wait=False, status="uploaded"
            )
        job_id = body.get("id") or None
        status = body.get("status", "queued" if "result_url" in body else None)
        if status == "done":
            return None
        if status == "error":
            raise MediaJobError(
                f"Gladia transcription job {job_id} failed (error code {body.get('error_code')})",
                provider=self.provider,
                status="error",
            )
        if not isinstance(status, str) or status not in _PENDING or not isinstance(job_id, str):
            raise InvalidResponseDataError(
                f"Gladia sent a job without a known status or id: {str(body)[:200]}", provider=self.provider
            )
        path = f"/v2/pre-recorded/{quote(job_id, safe='')}"
        return Poll(PreparedRequest(path, {}, method="GET", headers=extra), status=status)

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> TranscriptionModelResult:
        result = body.get("result") if isinstance(body, dict) else None
        transcription = result.get("transcription") if isinstance(result, dict) else None
        if not isinstance(transcription, dict) or not isinstance(transcription.get("full_transcript"), str):
            raise InvalidResponseDataError(
                f"Gladia's finished job has no transcript: {str(body)[:200]}", provider=self.provider
            )
        languages = transcription.get("languages")
        metadata = result.get("metadata") if isinstance(result, dict) else None
        duration = metadata.get("audio_duration") if isinstance(metadata, dict) else None
        return TranscriptionModelResult(
            text=transcription["full_transcript"],
            segments=_segments(transcription.get("utterances")),
            language=languages[0]
            if isinstance(languages, list) and languages and isinstance(languages[0], str)
            else None,
            duration_in_seconds=parse_seconds(duration),
            provider_metadata={self.provider: body},
            response=ResponseInfo(id=body.get("id"), headers=dict(headers), body=body),
        )

    error_message = staticmethod(gladia_error_message)


def _segments(utterances: Any) -> list[TranscriptSegment]:
    out = []
    for item in utterances if isinstance(utterances, list) else ():
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            continue
        start, end = parse_seconds(item.get("start")), parse_seconds(item.get("end"))
        if start is None or end is None:
            continue
        speaker = item.get("speaker")
        who = str(speaker) if isinstance(speaker, (int, str)) and not isinstance(speaker, bool) else None
        out.append(TranscriptSegment(item["text"].strip(), start, max(start, end), who))
    return out
