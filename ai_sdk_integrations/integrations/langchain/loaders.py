"""``AISDKTranscriptLoader``: audio files as LangChain documents, through any
transcription model (``"openai:whisper-1"``, ``"gateway:deepgram/nova-3"``...).

``AISDKTranscriptLoader("talk.mp3", model="openai:whisper-1").load()`` gives one
document per file (the transcript, with its segments and timings in metadata), or one
per segment with ``split_by="segment"``, ready for a text splitter, a vector store and
a retrieval chain. ``alazy_load`` transcribes without blocking the event loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any

from langchain_core.document_loaders import BaseLoader
from langchain_core.documents import Document

from ...core.media import atranscribe, transcribe
from ...core.registry import adapter_model, transcription_model
from ...provider.transcription_model import TranscriptionModel
from ..arguments import check_model_string
from ..transcripts import AudioSource, SplitBy, documents, model_name, sources


class AISDKTranscriptLoader(BaseLoader):
    """``file_path``: a path, a folder of audio files, an ``http(s)`` URL, or a list of
    them. ``provider_options`` go to the provider as in ``transcribe()``, e.g.
    ``{"openai": {"language": "en"}}``; ``metadata`` is added to every document."""

    def __init__(
        self,
        file_path: AudioSource | Sequence[AudioSource],
        *,
        model: str | TranscriptionModel,
        split_by: SplitBy = "file",
        provider_options: Mapping[str, Mapping[str, Any]] | None = None,
        metadata: Mapping[str, Any] | None = None,
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
        self.sources = sources(file_path)
        self.model = model
        self.split_by: SplitBy = split_by
        self.provider_options = provider_options
        self.metadata = dict(metadata or {})
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

    def lazy_load(self) -> Iterator[Document]:
        model = self.transcription_model()
        for source in self.sources:
            result = transcribe(
                model, source, provider_options=self.provider_options, poll_timeout=self.poll_timeout
            )
            for text, metadata in documents(
                source, model_name(self.model), result, self.split_by, self.metadata
            ):
                yield Document(page_content=text, metadata=metadata)

    async def alazy_load(self) -> AsyncIterator[Document]:
        model = self.transcription_model()
        for source in self.sources:
            result = await atranscribe(
                model, source, provider_options=self.provider_options, poll_timeout=self.poll_timeout
            )
            for text, metadata in documents(
                source, model_name(self.model), result, self.split_by, self.metadata
            ):
                yield Document(page_content=text, metadata=metadata)
