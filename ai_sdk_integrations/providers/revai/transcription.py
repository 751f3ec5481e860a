"""Rev.ai asynchronous speech-to-text: a sans-I/O codec for a three-step job.

1. ``build_request``: ``POST /jobs``, ``multipart/form-data`` with the audio as
   ``media`` and the job options as the JSON text of the ``options`` part (the field
   Rev.ai's API reference names; the AI SDK sends it as ``config``): ``{"transcriber":
   <model id>}`` plus ``provider_options["revai"]``, whose names are Rev.ai's own
   (``skip_diarization``, ``speakers_count``, ``language``...; camelCase is
   snake_cased). Rev.ai answers the job, ``in_progress``.
2. ``GET /jobs/{id}`` until ``status`` is ``transcribed`` (``failed`` raises
   ``MediaJobError`` with its ``failure_detail``).
3. ``GET /jobs/{id}/transcript`` with ``Accept: application/vnd.rev.transcript.v1.0+json``.

The transcript's ``monologues`` hold ``elements``: ``text`` elements with ``ts`` /
``end_ts`` seconds, and ``punct`` elements (spaces, commas). The text is every element
joined, monologue after monologue; each text element is a segment, with the
punctuation that follows it attached (the AI SDK attaches it to the next word
instead), and the monologue's ``speaker``. The duration is the last ``end_ts``. The
language is not in the transcript (it is in the job answer, which the final step does
not see): ``None``.
"""

from __future__ import annotations

import json
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

TRANSCRIPT_TYPE = "application/vnd.rev.transcript.v1.0+json"
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def revai_error_message(data: Any) -> str | None:
    """Rev.ai's problem details (RFC 7807): ``title``, ``detail``, and per-field reasons
    in ``parameters`` (``parameter`` in older answers); or ``{"error": {"message"}}``."""
    if not isinstance(data, dict):
        return None
    title = data.get("title")
    if isinstance(title, str) and title:
        parts = [title]
        if isinstance(data.get("detail"), str):
            parts.append(data["detail"])
        reasons = data.get("parameters") or data.get("parameter")
        if isinstance(reasons, dict):
            parts += [
                f"{name}: {'; '.join(map(str, why)) if isinstance(why, list) else why}"
                for name, why in reasons.items()
            ]
        return ". ".join(parts)
    error = data.get("error")
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])
    return None


@dataclass(frozen=True, slots=True)
class RevaiTranscriptionCodec:
    model_id: str
    """The transcriber: ``machine``, ``low_cost`` or ``fusion``."""
    provider: str = "revai"

    def build_request(self, options: TranscriptionCallOptions) -> PreparedRequest:
        job: dict[str, Any] = {"transcriber": self.model_id}
        for name, value in (options.provider_options or {}).get(self.provider, {}).items():
            if value is not None:
                job[_CAMEL.sub("_", name).lower()] = value
        kind = options.media_type.partition(";")[0].strip().lower()
        filename = options.filename or f"audio.{MEDIA_EXTENSIONS.get(kind, 'bin')}"
        content, content_type = encode_multipart(
            [("media", FormFile(options.audio, filename, options.media_type)), ("options", json.dumps(job))]
        )
        return PreparedRequest(
            "/jobs", {}, headers=dict(options.headers or {}), content=content, content_type=content_type
        )

    def poll_request(
        self, options: TranscriptionCallOptions, body: Any, headers: Mapping[str, str]
    ) -> Poll | None:
        if not isinstance(body, dict):
            raise InvalidResponseDataError(f"Rev.ai sent {str(body)[:200]}", provider=self.provider)
        if "monologues" in body:
            return None
        status, job_id = body.get("status"), body.get("id") or None
        if status == "failed":
            reason = body.get("failure_detail") or body.get("failure") or "unknown"
            raise MediaJobError(
                f"Rev.ai transcription job {job_id} failed: {reason}",
                provider=self.provider,
                status="failed",
            )
        if status not in ("in_progress", "transcribed") or not isinstance(job_id, str):
            raise InvalidResponseDataError(
                f"Rev.ai sent a job without a known status or id: {str(body)[:200]}", provider=self.provider
            )
        path = f"/jobs/{quote(job_id, safe='')}"
        extra = dict(options.headers or {})
        if status == "transcribed":
            transcript = PreparedRequest(
                f"{path}/transcript", {}, method="GET", headers={**extra, "accept": TRANSCRIPT_TYPE}
            )
            return Poll(transcript, wait=False, status=status)
        return Poll(PreparedRequest(path, {}, method="GET", headers=extra), status=status)

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> TranscriptionModelResult:
        monologues = body.get("monologues") if isinstance(body, dict) else None
        if not isinstance(monologues, list):
            raise InvalidResponseDataError(
                f"Rev.ai sent no transcript: {str(body)[:200]}", provider=self.provider
            )
        texts: list[str] = []
        segments: list[TranscriptSegment] = []
        for monologue in monologues:
            elements = monologue.get("elements") if isinstance(monologue, dict) else None
            if not isinstance(elements, list):
                continue
            speaker = monologue.get("speaker")
            who = str(speaker) if isinstance(speaker, (int, str)) and not isinstance(speaker, bool) else None
            texts.append("".join(str(e.get("value") or "") for e in elements if isinstance(e, dict)))
            _add_segments(elements, who, segments)
        return TranscriptionModelResult(
            text=" ".join(texts),
            segments=segments,
            duration_in_seconds=max((s.end_second for s in segments), default=None),
            response=ResponseInfo(headers=dict(headers), body=body),
        )

    error_message = staticmethod(revai_error_message)


def _add_segments(elements: list[Any], speaker: str | None, out: list[TranscriptSegment]) -> None:
    start_of_monologue = len(out)
    for element in elements:
        if not isinstance(element, dict) or not isinstance(element.get("value"), str):
            continue
        value, start, end = (
            element["value"],
            parse_seconds(element.get("ts")),
            parse_seconds(element.get("end_ts")),
        )
        if element.get("type") == "text" and start is not None and end is not None:
            out.append(TranscriptSegment(value, start, max(start, end), speaker))
        elif element.get("type") == "punct" and value.strip() and len(out) > start_of_monologue:
            last = out[-1]
            out[-1] = TranscriptSegment(
                last.text + value.strip(), last.start_second, last.end_second, last.speaker
            )
