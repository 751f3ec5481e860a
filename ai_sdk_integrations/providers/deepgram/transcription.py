"""Deepgram pre-recorded transcription (``POST /v1/listen``): a sans-I/O codec.

The request body is the audio itself with its media type as ``content-type``; the
model and every option go in the query (``query``), as the AI SDK sends them:
``model=<id>&diarize=true`` plus ``provider_options["deepgram"]`` snake_cased
(``smartFormat`` -> ``smart_format``; ``diarize: false`` turns diarization off).

The answer's first channel's first alternative is the transcript: ``transcript`` is
the text, its ``words`` (``word`` / ``punctuated_word``, ``start``, ``end`` in seconds,
``speaker``) the segments, ``detected_language`` the language (with
``detectLanguage``) and ``metadata.duration`` the duration. Deepgram's
``request_id`` and ``model_info`` go to ``provider_metadata["deepgram"]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import TranscriptionCallOptions, TranscriptionModelResult, TranscriptSegment
from ...spec.request import PreparedRequest
from ...spec.results import ResponseInfo
from ...spec.wire import parse_seconds
from .errors import deepgram_error_message
from .query import snake, with_query


@dataclass(frozen=True, slots=True)
class DeepgramTranscriptionCodec:
    model_id: str
    provider: str = "deepgram"
    """Key for ``provider_options`` and ``provider_metadata``."""

    def build_request(self, options: TranscriptionCallOptions) -> PreparedRequest:
        params: dict[str, Any] = {"model": self.model_id, "diarize": True}
        for name, value in (options.provider_options or {}).get(self.provider, {}).items():
            params[snake(name)] = value
        return PreparedRequest(
            with_query("/listen", params),
            {},
            headers=dict(options.headers or {}),
            content=options.audio,
            content_type=options.media_type,
        )

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> TranscriptionModelResult:
        if not isinstance(body, dict):
            raise InvalidResponseDataError(
                f"Deepgram sent a transcription that is not an object: {str(body)[:200]}",
                provider=self.provider,
            )
        channel = _first(_dict(body.get("results")).get("channels"))
        alternative = _first(channel.get("alternatives"))
        metadata = _dict(body.get("metadata"))
        text = alternative.get("transcript")
        language = channel.get("detected_language")
        duration = metadata.get("duration")
        kept = {key: metadata[key] for key in ("request_id", "model_info", "sha256") if key in metadata}
        return TranscriptionModelResult(
            text=text if isinstance(text, str) else "",
            segments=_segments(alternative.get("words")),
            language=language if isinstance(language, str) and language else None,
            duration_in_seconds=parse_seconds(duration),
            provider_metadata={self.provider: kept} if kept else None,
            response=ResponseInfo(
                id=kept.get("request_id") if isinstance(kept.get("request_id"), str) else None,
                headers=dict(headers),
                body=body,
            ),
        )

    error_message = staticmethod(deepgram_error_message)


def _segments(words: Any) -> list[TranscriptSegment]:
    """One segment per word, as the AI SDK maps Deepgram; a malformed word is skipped,
    never the transcript."""
    out = []
    for word in words if isinstance(words, list) else ():
        if not isinstance(word, dict):
            continue
        text = word.get("punctuated_word") or word.get("word")
        start, end = parse_seconds(word.get("start")), parse_seconds(word.get("end"))
        if not isinstance(text, str) or start is None or end is None:
            continue
        speaker = word.get("speaker")
        out.append(
            TranscriptSegment(
                text,
                start,
                max(start, end),
                speaker=str(speaker)
                if isinstance(speaker, (int, str)) and not isinstance(speaker, bool)
                else None,
            )
        )
    return out


def _dict(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, dict) else {}


def _first(value: Any) -> Mapping[str, Any]:
    return value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else {}
