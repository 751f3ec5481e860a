"""OpenAI's provider (``create_openai``), and the provider shape every service that
speaks Chat Completions shares (``OpenAIChatProvider``: OpenAI, Azure and the
OpenAI-compatible services are all one of these, with their own endpoint and dialect).

Every such provider also makes Responses API models (``.responses(model_id)``, as the
AI SDK's ``openai.responses(...)``); ``language_model`` makes Chat Completions models
unless the provider was made with ``api="responses"`` (``create_openai_responses``,
the ``openai.responses:`` model strings). Chat Completions stays the default because
every OpenAI-compatible server speaks it, and so does ``openai:`` with a ``base_url``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from ...provider.embedding_model import EmbeddingModel
from ...provider.factory import (
    CONNECTION_SETTINGS,
    ApiKey,
    base_url_from,
    check_settings,
    key_source,
    make_endpoint,
)
from ...provider.image_model import ImageModel
from ...provider.language_model import LanguageModel
from ...provider.profile import model_profile
from ...provider.reranking_model import RerankingModel
from ...provider.speech_model import SpeechModel
from ...provider.transcription_model import TranscriptionModel
from ...spec.errors import UsageError
from ...transport.auth.keys import BearerAuth, HeaderKeyAuth
from ...transport.endpoint import Endpoint, normalize_base_url
from ..openai_compatible.rerank import reranking_codec
from .chat import OpenAIChatCodec
from .dialect import ChatDialect
from .embedding import OpenAIEmbeddingCodec
from .image import OpenAIImageCodec
from .responses import OpenAIResponsesCodec
from .speech import OpenAISpeechCodec
from .transcription import OpenAITranscriptionCodec

Api = Literal["chat", "responses"]

QUIRKS = frozenset(f.name for f in dataclasses.fields(ChatDialect)) - {"provider"} | {"structured_outputs"}
"""Server quirks a caller may override per provider (``ChatDialect`` fields), plus
``structured_outputs``: ``"json_schema"`` (native), ``"json_object_schema"``
(llama-cpp-python's form) or ``"json_object"`` (JSON mode; the schema is not sent)."""


def split_quirks(
    quirks: Mapping[str, Any], dialect: Mapping[str, Any], profile: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Dialect fields and profile overrides from a service's row plus the caller's quirks."""
    dialect_fields = {**dialect, **{k: v for k, v in quirks.items() if k != "structured_outputs"}}
    overrides = dict(profile)
    mode = quirks.get("structured_outputs")
    if mode is not None:
        if mode not in ("json_schema", "json_object_schema", "json_object"):
            raise UsageError(
                "structured_outputs must be 'json_schema', 'json_object_schema' or 'json_object', "
                f"not {mode!r}"
            )
        overrides["structured_output"] = "json_mode" if mode == "json_object" else "json_schema"
        if mode != "json_object":
            dialect_fields["schema_form"] = mode
    return dialect_fields, overrides


@dataclass(frozen=True, slots=True)
class OpenAIChatProvider:
    """Makes Chat Completions language models and ``/embeddings`` models for one service."""

    name: str
    endpoint: Endpoint
    dialect: ChatDialect
    profile_overrides: Mapping[str, Any] = field(default_factory=dict)
    factory: Callable[..., OpenAIChatProvider] | None = field(default=None, repr=False, compare=False)
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)
    api: Api = "chat"
    """What ``language_model`` makes: Chat Completions or Responses API models."""
    responses_endpoint: Endpoint | None = None
    """Where ``/responses`` is, when not beside ``/chat/completions`` (Azure's v1 API)."""

    def language_model(self, model_id: str) -> LanguageModel:
        return self.responses(model_id) if self.api == "responses" else self.chat(model_id)

    def chat(self, model_id: str) -> LanguageModel:
        """A Chat Completions model (``POST /chat/completions``)."""
        profile = model_profile(model_id, self.profile_overrides)
        codec = OpenAIChatCodec(model_id, self.dialect, profile)
        return LanguageModel(codec, self._endpoint(model_id), profile)

    def responses(self, model_id: str) -> LanguageModel:
        """A Responses API model (``POST /responses``): reasoning items, built-in tools,
        ``previousResponseId`` (see ``providers/openai/responses.py``)."""
        profile = model_profile(model_id, self.profile_overrides)
        codec = OpenAIResponsesCodec(model_id, self.dialect.provider, profile)
        return LanguageModel(codec, self.responses_endpoint or self._endpoint(model_id), profile)

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> EmbeddingModel:
        codec = OpenAIEmbeddingCodec(model_id, self.dialect, dimensions)
        return EmbeddingModel(codec, self._endpoint(model_id), profile=model_profile(model_id))

    def reranking_model(self, model_id: str) -> RerankingModel:
        """A rerank model, for services with a rerank API (Together); any other service
        says it has none (``UnsupportedFunctionalityError``)."""
        return RerankingModel(reranking_codec(self.name, model_id), self._endpoint(model_id))

    def image_model(self, model_id: str) -> ImageModel:
        """``POST /images/generations`` (``/images/edits`` with input images)."""
        return ImageModel(OpenAIImageCodec(model_id, self.dialect.provider), self._endpoint(model_id))

    def speech_model(self, model_id: str) -> SpeechModel:
        """``POST /audio/speech`` (``tts-1``, ``gpt-4o-mini-tts``)."""
        return SpeechModel(OpenAISpeechCodec(model_id, self.dialect.provider), self._endpoint(model_id))

    def transcription_model(self, model_id: str) -> TranscriptionModel:
        """``POST /audio/transcriptions`` (``whisper-1``, ``gpt-4o-transcribe``)."""
        codec = OpenAITranscriptionCodec(model_id, self.dialect.provider)
        return TranscriptionModel(codec, self._endpoint(model_id))

    def with_settings(self, **changes: Any) -> OpenAIChatProvider:
        """The same provider made again with some settings changed."""
        if self.factory is None:
            raise UsageError(f"{self.name}: this provider was not made by a factory; make a new one instead")
        return self.factory(**{**self.settings, **changes})

    def _endpoint(self, model_id: str) -> Endpoint:
        if "{model}" not in self.endpoint.base_url:
            return self.endpoint
        return dataclasses.replace(
            self.endpoint, base_url=self.endpoint.base_url.replace("{model}", model_id)
        )


def chat_provider(
    name: str,
    base_url: str,
    settings: Mapping[str, Any],
    *,
    key_env: tuple[str, ...],
    key_required: bool = True,
    key_header: str | None = None,
    api_path: str = "/v1",
    dialect: Mapping[str, Any] | None = None,
    profile: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    query: Mapping[str, str] | None = None,
    connection_hint: str | None = None,
    factory: Callable[..., OpenAIChatProvider] | None = None,
    factory_settings: Mapping[str, Any] | None = None,
) -> OpenAIChatProvider:
    """The shared construction of every Chat Completions provider."""
    check_settings(name, settings, CONNECTION_SETTINGS | QUIRKS)
    quirks = {k: v for k, v in settings.items() if k in QUIRKS}
    dialect_fields, overrides = split_quirks(quirks, dialect or {}, profile or {})
    source = key_source(
        name, settings.get("api_key"), settings.get("api_key_env"), key_env, required=key_required
    )
    auth = HeaderKeyAuth(source, key_header) if key_header else BearerAuth(source)
    endpoint = make_endpoint(
        name,
        normalize_base_url(base_url, api_path),
        auth,
        settings,
        headers=headers,
        query=query,
        connection_hint=connection_hint,
    )
    return OpenAIChatProvider(
        name, endpoint, ChatDialect(name, **dialect_fields), overrides, factory, factory_settings or settings
    )


def check_api(name: str, api: Any) -> Api:
    if api not in ("chat", "responses"):
        raise UsageError(f"{name}: api must be 'chat' (Chat Completions) or 'responses', not {api!r}")
    return api  # type: ignore[no-any-return]


def create_openai(
    *,
    api_key: ApiKey = None,
    base_url: str | None = None,
    organization: str | None = None,
    project: str | None = None,
    name: str = "openai",
    api: Api = "chat",
    **settings: Any,
) -> OpenAIChatProvider:
    """OpenAI. Key: ``OPENAI_API_KEY``; base URL: ``OPENAI_BASE_URL``.

    ``language_model(id)`` makes Chat Completions models, or Responses API models with
    ``api="responses"``; ``.chat(id)`` and ``.responses(id)`` make either.
    ``settings``: the connection settings (``provider.factory.ConnectionSettings``:
    ``headers``, ``timeout``, ``max_retries``, ``http_client``, ...) and server quirks.
    """
    given = {"api_key": api_key, "base_url": base_url, "organization": organization, "project": project}
    factory_settings = {
        **{k: v for k, v in given.items() if v is not None},
        "name": name,
        "api": api,
        **settings,
    }
    headers = {
        header: value
        for header, value in (("OpenAI-Organization", organization), ("OpenAI-Project", project))
        if value
    }
    provider = chat_provider(
        name,
        base_url_from({"base_url": base_url}, "OPENAI_BASE_URL", "https://api.openai.com/v1", name),
        {**settings, "api_key": api_key},
        key_env=("OPENAI_API_KEY",),
        dialect={"max_tokens_field": "max_completion_tokens", "max_embedding_tokens_per_call": 300_000},
        headers=headers,
        factory=create_openai,
        factory_settings=factory_settings,
    )
    return dataclasses.replace(provider, api=check_api(name, api))


def create_openai_responses(**settings: Any) -> OpenAIChatProvider:
    """OpenAI with the Responses API as ``language_model``'s default: the
    ``openai.responses:`` model strings (``"openai.responses:gpt-5"``). Takes what
    ``create_openai`` takes; options and metadata stay under ``"openai"``."""
    return create_openai(**{**settings, "api": "responses"})
