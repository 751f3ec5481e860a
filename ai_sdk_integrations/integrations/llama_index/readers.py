"""``AISDKTranscriptReader``: audio files as LlamaIndex documents, through any
transcription model.

``AISDKTranscriptReader(model="openai:whisper-1").load_data("talk.wav")`` gives one
document per file (the transcript, with its segments and timings in metadata), or one
per segment with ``split_by="segment"``. It also serves ``SimpleDirectoryReader``:
``file_extractor={".wav": reader, ".mp3": reader}``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from llama_index.core.readers.base import BaseReader
from llama_index.core.schema import Document

from ...core.media import atranscribe, transcribe
from ...core.registry import adapter_model, transcription_model
from ...provider.transcription_model import TranscriptionModel
from ..arguments import check_model_string
from ..transcripts import SplitBy, documents, model_name, sources

# The segment list is metadata for retrieval and playback, not text to embed or show.
_HIDDEN = ["segments", "transcription_model", "duration_in_seconds"]


class AISDKTranscriptReader(BaseReader):
    """``provider_options`` go to the provider as in ``transcribe()``."""

    def __init__(
        self,
        *,
        model: str | TranscriptionModel,
        split_by: SplitBy = "file",
        provider_options: Mapping[str, Mapping[str, Any]] | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        poll_timeout: float | None = None,
        model_settings: Mapping[str, Any] | None = None,
    ) -> None:
        check_model_string(model)
        if split_by not in ("file", "segment"):
            raise ValueError(f"split_by must be 'file' or 'segment', not {split_by!r}")
        self.model = model
        self.split_by: SplitBy = split_by
        self.provider_options = provider_options
        self.poll_timeout = poll_timeout
        self._connection: dict[str, Any] = {
            "api_key": api_key,
            "base_url": base_url,
            "timeout": timeout,
            "max_retries": max_retries,
            "settings": model_settings,
        }
        self._resolved: TranscriptionModel | None = None

    def transcription_model(self) -> TranscriptionModel:
        if self._resolved is None:
            self._resolved = adapter_model(self.model, transcription_model, **self._connection)
        return self._resolved

    def load_data(
        self, file: str | Path | Iterable[str | Path], extra_info: dict[str, Any] | None = None, **kwargs: Any
    ) -> list[Document]:
        """``file``: a path, folder, URL or several; ``extra_info`` joins every
        document's metadata (``SimpleDirectoryReader`` passes the file's own)."""
        model = self.transcription_model()
        out: list[Document] = []
        for source in sources(file if isinstance(file, (str, Path)) else list(file)):
            result = transcribe(
                model, source, provider_options=self.provider_options, poll_timeout=self.poll_timeout
            )
            out.extend(self._documents(source, result, extra_info))
        return out

    async def aload_data(
        self, file: str | Path | Iterable[str | Path], extra_info: dict[str, Any] | None = None, **kwargs: Any
    ) -> list[Document]:
        model = self.transcription_model()
        out: list[Document] = []
        for source in sources(file if isinstance(file, (str, Path)) else list(file)):
            result = await atranscribe(
                model, source, provider_options=self.provider_options, poll_timeout=self.poll_timeout
            )
            out.extend(self._documents(source, result, extra_info))
        return out

    def _documents(self, source: str, result: Any, extra: dict[str, Any] | None) -> list[Document]:
        return [
            Document(
                text=text,
                metadata=metadata,
                excluded_embed_metadata_keys=list(_HIDDEN),
                excluded_llm_metadata_keys=list(_HIDDEN),
            )
            for text, metadata in documents(source, model_name(self.model), result, self.split_by, extra)
        ]
