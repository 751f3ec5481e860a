"""What the LangChain loader and the LlamaIndex reader share: audio sources in, one
transcription call per source, and the documents' text and metadata out.

A document carries the transcript as its text and, in metadata, where it came from,
which model heard it, the language and duration, and every segment with its timings
(``{"text", "start_second", "end_second"}``, plus ``speaker`` where the provider
diarizes), so a retriever's hit can be played back from the right second. Split by
segment, each document is one segment with its own ``start_second``/``end_second``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from ..core.media import TranscriptionResult
from ..spec.errors import UsageError

SplitBy = Literal["file", "segment"]
AudioSource = str | os.PathLike[str]


def sources(given: AudioSource | Sequence[AudioSource]) -> list[str]:
    """Paths (a folder: the audio files in it, sorted) and ``http(s)`` URLs."""
    items = [given] if isinstance(given, (str, os.PathLike)) else list(given)
    out: list[str] = []
    for item in items:
        text = os.fspath(item)
        path = Path(text)
        if not text.startswith(("https://", "http://")) and path.is_dir():
            out.extend(str(p) for p in sorted(path.iterdir()) if p.suffix.lower() in AUDIO_SUFFIXES)
        else:
            out.append(text)
    if not out:
        raise UsageError(f"no audio files in {given!r}")
    return out


AUDIO_SUFFIXES = frozenset(
    {".wav", ".mp3", ".m4a", ".mp4", ".mpeg", ".mpga", ".ogg", ".oga", ".flac", ".webm", ".aac"}
)


def segment_records(result: TranscriptionResult) -> list[dict[str, Any]]:
    records = []
    for segment in result.segments:
        record: dict[str, Any] = {
            "text": segment.text,
            "start_second": segment.start_second,
            "end_second": segment.end_second,
        }
        if segment.speaker is not None:
            record["speaker"] = segment.speaker
        records.append(record)
    return records


def file_metadata(source: str, model: str, result: TranscriptionResult) -> dict[str, Any]:
    metadata: dict[str, Any] = {"source": source, "transcription_model": model}
    if result.language is not None:
        metadata["language"] = result.language
    if result.duration_in_seconds is not None:
        metadata["duration_in_seconds"] = result.duration_in_seconds
    metadata["segments"] = segment_records(result)
    return metadata


def documents(
    source: str,
    model: str,
    result: TranscriptionResult,
    split_by: SplitBy,
    extra: Mapping[str, Any] | None = None,
) -> Iterable[tuple[str, dict[str, Any]]]:
    """``(text, metadata)`` pairs: one for the file, or one per segment."""
    if split_by == "file":
        yield result.text, {**(extra or {}), **file_metadata(source, model, result)}
        return
    base = {**(extra or {}), "source": source, "transcription_model": model}
    if result.language is not None:
        base["language"] = result.language
    for index, record in enumerate(segment_records(result)):
        yield record["text"], {**base, **{k: v for k, v in record.items() if k != "text"}, "segment": index}


def model_name(model: Any) -> str:
    return model if isinstance(model, str) else f"{model.provider}:{model.model_id}"
