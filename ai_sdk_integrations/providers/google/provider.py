"""The Gemini API (``create_google``, ``google:``) and Vertex AI (``create_vertex``,
``vertex:``): two services, one codec (``codec.GoogleCodec``).

Gemini API: ``https://generativelanguage.googleapis.com/v1beta``, key from ``api_key=``,
``GOOGLE_GENERATIVE_AI_API_KEY`` or ``GEMINI_API_KEY``, sent in ``x-goog-api-key``.
Never in the URL: Google also takes ``?key=``, but a URL reaches proxy logs, tracebacks
and cassettes, so a key in ``query_params`` or ``base_url`` is refused here.

Vertex AI: ``https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/
{location}/publishers/google`` (``global`` is ``aiplatform.googleapis.com``; ``us`` and
``eu`` are the multi-region ``aiplatform.{region}.rep.googleapis.com``). Project from
``project=``, ``GOOGLE_VERTEX_PROJECT`` or ``GOOGLE_CLOUD_PROJECT``; location from
``location=``, ``GOOGLE_VERTEX_LOCATION`` or ``GOOGLE_CLOUD_LOCATION``, else ``global``
(as Google's own SDK). Auth is an OAuth token from google-auth (the ``vertex`` extra,
imported on the first request): Application Default Credentials, or
``credentials_file=`` (a service-account or authorized-user JSON file), or
``google_credentials=`` (any google-auth credentials object). With an API key
(``api_key=`` or ``GOOGLE_VERTEX_API_KEY``) it is express mode instead:
``https://aiplatform.googleapis.com/v1/publishers/google`` and ``x-goog-api-key``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ...provider.embedding_model import EmbeddingModel
from ...provider.factory import CONNECTION_SETTINGS, ApiKey, check_settings, key_source, make_endpoint
from ...provider.image_model import ImageModel
from ...provider.language_model import LanguageModel
from ...provider.profile import model_profile
from ...spec.errors import UsageError
from ...transport.auth.base import Auth
from ...transport.auth.google import GoogleAuth
from ...transport.auth.keys import HeaderKeyAuth
from ...transport.endpoint import Endpoint
from .codec import GoogleCodec, Service
from .embedding import GoogleEmbeddingCodec, VertexEmbeddingCodec
from .image import GoogleImageCodec
from .schema import gemini_json_schema

GEMINI_API = "https://generativelanguage.googleapis.com/v1beta"
VERTEX_EXPRESS_API = "https://aiplatform.googleapis.com/v1/publishers/google"
GEMINI_KEY_ENV = ("GOOGLE_GENERATIVE_AI_API_KEY", "GEMINI_API_KEY")
VERTEX_KEY_ENV = ("GOOGLE_VERTEX_API_KEY",)
# What frameworks read from the profile: Gemini takes JSON schemas in its own subset.
PROFILE_OVERRIDES: Mapping[str, Any] = {"json_schema_transformer": gemini_json_schema}
KEY_HEADER = "x-goog-api-key"


@dataclass(frozen=True, slots=True)
class GoogleProvider:
    """Makes Gemini language models and embedding models for one Google service."""

    name: str
    endpoint: Endpoint
    service: Service = "gemini"
    factory: Callable[..., GoogleProvider] | None = field(default=None, repr=False, compare=False)
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def language_model(self, model_id: str) -> LanguageModel:
        profile = model_profile(model_id, PROFILE_OVERRIDES)
        return LanguageModel(GoogleCodec(model_id, self.name, self.service, profile), self.endpoint, profile)

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> EmbeddingModel:
        codec: GoogleEmbeddingCodec | VertexEmbeddingCodec
        if self.service == "vertex":
            codec = VertexEmbeddingCodec(model_id, self.name, dimensions)
        else:
            codec = GoogleEmbeddingCodec(model_id, self.name, dimensions)
        return EmbeddingModel(codec, self.endpoint, profile=model_profile(model_id, PROFILE_OVERRIDES))

    def image_model(self, model_id: str) -> ImageModel:
        """Imagen (``imagen-4.0-generate-001``...): ``POST /models/{id}:predict``."""
        return ImageModel(GoogleImageCodec(model_id, self.name, self.service), self.endpoint)

    def with_settings(self, **changes: Any) -> GoogleProvider:
        if self.factory is None:
            raise UsageError(f"{self.name}: this provider was not made by a factory; make a new one instead")
        return self.factory(**{**self.settings, **changes})


def _refuse_key_in_url(name: str, base_url: str, settings: Mapping[str, Any]) -> None:
    query = settings.get("query_params") or {}
    if "key" in query or "key=" in base_url.partition("?")[2]:
        raise UsageError(
            f"{name}: an API key in the URL (?key=...) reaches logs and recordings; pass api_key=... "
            f"(sent in the {KEY_HEADER} header) instead"
        )


def create_google(
    *, api_key: ApiKey = None, base_url: str | None = None, name: str = "google", **settings: Any
) -> GoogleProvider:
    """The Gemini API. Key: ``GOOGLE_GENERATIVE_AI_API_KEY`` or ``GEMINI_API_KEY``; base
    URL: ``base_url=`` or ``GOOGLE_GENERATIVE_AI_BASE_URL``.

    ``settings``: the connection settings (``provider.factory.ConnectionSettings``)."""
    check_settings(name, settings, CONNECTION_SETTINGS - {"api_key", "base_url"})
    url = (base_url or os.environ.get("GOOGLE_GENERATIVE_AI_BASE_URL") or GEMINI_API).rstrip("/")
    _refuse_key_in_url(name, url, settings)
    source = key_source(name, api_key, settings.get("api_key_env"), GEMINI_KEY_ENV, required=True)
    endpoint = make_endpoint(name, url, HeaderKeyAuth(source, KEY_HEADER), settings)
    given = {"api_key": api_key, "base_url": base_url}
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    return GoogleProvider(name, endpoint, "gemini", create_google, factory_settings)


def vertex_host(location: str) -> str:
    if location == "global":
        return "aiplatform.googleapis.com"
    if location in ("us", "eu"):
        return f"aiplatform.{location}.rep.googleapis.com"
    return f"{location}-aiplatform.googleapis.com"


def create_vertex(
    *,
    project: str | None = None,
    location: str | None = None,
    api_key: ApiKey = None,
    credentials_file: str | None = None,
    google_credentials: Any = None,
    base_url: str | None = None,
    name: str = "vertex",
    **settings: Any,
) -> GoogleProvider:
    """Vertex AI's Gemini models (``publishers/google``); see the module docstring for
    project, location, credentials and express mode."""
    check_settings(name, settings, CONNECTION_SETTINGS - {"api_key", "base_url"})
    given = {
        "project": project,
        "location": location,
        "api_key": api_key,
        "credentials_file": credentials_file,
        "google_credentials": google_credentials,
        "base_url": base_url,
    }
    factory_settings = {**{k: v for k, v in given.items() if v is not None}, "name": name, **settings}
    env_base = os.environ.get("GOOGLE_VERTEX_BASE_URL")
    express = api_key is not None or (
        credentials_file is None
        and google_credentials is None
        and any(os.environ.get(v) for v in (settings.get("api_key_env"), *VERTEX_KEY_ENV) if v)
    )
    auth: Auth
    if express:
        if credentials_file is not None or google_credentials is not None:
            raise UsageError(f"{name}: pass an API key (express mode) or Google credentials, not both")
        url = (base_url or env_base or VERTEX_EXPRESS_API).rstrip("/")
        source = key_source(name, api_key, settings.get("api_key_env"), VERTEX_KEY_ENV, required=True)
        auth = HeaderKeyAuth(source, KEY_HEADER)
    else:
        url = (base_url or env_base or _vertex_url(name, project, location)).rstrip("/")
        auth = GoogleAuth(credentials_file=credentials_file, credentials=google_credentials)
    _refuse_key_in_url(name, url, settings)
    endpoint = make_endpoint(name, url, auth, settings)
    return GoogleProvider(name, endpoint, "vertex", create_vertex, factory_settings)


def _vertex_url(name: str, project: str | None, location: str | None) -> str:
    project = project or os.environ.get("GOOGLE_VERTEX_PROJECT") or os.environ.get("GOOGLE_CLOUD_PROJECT")
    if not project:
        raise UsageError(
            f"{name}: no Google Cloud project. Pass project=... or set GOOGLE_VERTEX_PROJECT "
            "(or GOOGLE_CLOUD_PROJECT); for express mode pass api_key=... or set GOOGLE_VERTEX_API_KEY"
        )
    location = (
        location
        or os.environ.get("GOOGLE_VERTEX_LOCATION")
        or os.environ.get("GOOGLE_CLOUD_LOCATION")
        or "global"
    )
    return f"https://{vertex_host(location)}/v1/projects/{project}/locations/{location}/publishers/google"
