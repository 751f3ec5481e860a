"""``create_gateway``: the Vercel AI Gateway as a provider, plus what it offers
(``models()``, from ``GET /config``, cached), your ``credits()``, one call's cost
(``generation(id)``) and the ``spend_report(...)`` (never cached; each with an async
``a...`` twin)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import urlencode, urlsplit

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
from ...provider.video_model import VideoModel
from ...spec.errors import UsageError
from ...spec.request import PreparedRequest
from ...transport import client as transport
from ...transport.auth.gateway import GatewayAuth
from ...transport.endpoint import Endpoint, normalize_base_url
from .codec import BASE_URLS, PROTOCOL_VERSION, GatewayChatCodec, GatewayEmbeddingCodec
from .config import CACHE, ErrorReader, GatewayCredits, GatewayModel, parse_config
from .context import current_request_headers
from .media import GatewayImageCodec, GatewaySpeechCodec, GatewayTranscriptionCodec, GatewayVideoCodec
from .rerank import GatewayRerankCodec
from .spend import (
    CredentialType,
    DatePart,
    GatewayGeneration,
    GatewaySpendReport,
    GroupBy,
    generation_query,
    parse_generation,
    parse_spend_report,
    spend_report_query,
)

_OBSERVABILITY_HEADERS = {
    "ai-o11y-deployment-id": "VERCEL_DEPLOYMENT_ID",
    "ai-o11y-environment": "VERCEL_ENV",
    "ai-o11y-region": "VERCEL_REGION",
    "ai-o11y-project-id": "VERCEL_PROJECT_ID",
}


@dataclass(frozen=True, slots=True)
class GatewayProvider:
    name: str
    endpoint: Endpoint
    spec_version: Literal[3, 4] = 4
    settings: Mapping[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def language_model(self, model_id: str) -> LanguageModel:
        return LanguageModel(
            GatewayChatCodec(model_id, self.spec_version), self.endpoint, model_profile(model_id)
        )

    def embedding_model(self, model_id: str, *, dimensions: int | None = None) -> EmbeddingModel:
        codec = GatewayEmbeddingCodec(model_id, self.spec_version, dimensions=dimensions)
        return EmbeddingModel(codec, self.endpoint, profile=model_profile(model_id))

    def reranking_model(self, model_id: str) -> RerankingModel:
        """A reranking model the Gateway serves, e.g. ``cohere/rerank-v3.5``."""
        return RerankingModel(GatewayRerankCodec(model_id, self.spec_version), self.endpoint)

    def image_model(self, model_id: str) -> ImageModel:
        """An image model the Gateway serves (``POST /image-model``)."""
        return ImageModel(GatewayImageCodec(model_id, self.spec_version), self.endpoint)

    def speech_model(self, model_id: str) -> SpeechModel:
        return SpeechModel(GatewaySpeechCodec(model_id, self.spec_version), self.endpoint)

    def transcription_model(self, model_id: str) -> TranscriptionModel:
        return TranscriptionModel(GatewayTranscriptionCodec(model_id, self.spec_version), self.endpoint)

    def video_model(self, model_id: str) -> VideoModel:
        """A video model the Gateway serves (``POST /video-model``, answered as SSE)."""
        return VideoModel(GatewayVideoCodec(model_id, self.spec_version), self.endpoint)

    def with_settings(self, **changes: Any) -> GatewayProvider:
        return create_gateway(**{**self.settings, **changes})

    def models(self) -> list[GatewayModel]:
        """Models the Gateway serves, with names, types and pricing (cached five minutes,
        stale-while-revalidate)."""
        endpoint = self._metadata_endpoint()

        def fetch() -> list[GatewayModel]:
            request = PreparedRequest("/config", {}, method="GET")
            body, _ = transport.request_json(endpoint, request, ErrorReader())
            return parse_config(body)

        return CACHE.get(self._cache_key(), fetch)

    def credits(self) -> GatewayCredits:
        """Your balance and total spend (``GET /v1/credits`` on the Gateway's origin); with
        ``team=``, that team's (``?teamId=`` for a ``team_...`` id, else ``?slug=``: this
        route does not honour the team header alone)."""
        body, _ = transport.request_json(
            self._origin_endpoint(), self._origin_request("/v1/credits", self._team_query()), ErrorReader()
        )
        return _credits(body)

    async def acredits(self) -> GatewayCredits:
        body, _ = await transport.arequest_json(
            self._origin_endpoint(), self._origin_request("/v1/credits", self._team_query()), ErrorReader()
        )
        return _credits(body)

    def generation(self, generation_id: str) -> GatewayGeneration:
        """One call's cost, latency and native token counts (``GET /v1/generation?id=`` on
        the Gateway's origin); the id is ``provider_metadata["gateway"]["generationId"]``
        of a result (on a stream, the first content part carries it already)."""
        request = self._origin_request("/v1/generation", generation_query(generation_id))
        body, _ = transport.request_json(self._origin_endpoint(), request, ErrorReader())
        return parse_generation(body)

    async def ageneration(self, generation_id: str) -> GatewayGeneration:
        request = self._origin_request("/v1/generation", generation_query(generation_id))
        body, _ = await transport.arequest_json(self._origin_endpoint(), request, ErrorReader())
        return parse_generation(body)

    def spend_report(
        self,
        start_date: dt.date | str,
        end_date: dt.date | str,
        *,
        group_by: GroupBy | None = None,
        date_part: DatePart | None = None,
        user_id: str | None = None,
        model: str | None = None,
        provider: str | None = None,
        credential_type: CredentialType | None = None,
        tags: Sequence[str] | None = None,
    ) -> GatewaySpendReport:
        """Spend between two dates, both included (``GET /v1/report`` on the Gateway's
        origin), grouped by ``day`` (per ``date_part``: ``day`` or ``hour``), ``user``,
        ``model``, ``tag``, ``provider`` or ``credential_type``, and filtered by the rest
        (``user_id`` and ``tags`` are the ``user`` / ``tags`` gateway provider options of
        the calls)."""
        query = spend_report_query(
            start_date,
            end_date,
            group_by=group_by,
            date_part=date_part,
            user_id=user_id,
            model=model,
            provider=provider,
            credential_type=credential_type,
            tags=tags,
        )
        body, _ = transport.request_json(
            self._origin_endpoint(), self._origin_request("/v1/report", query), ErrorReader()
        )
        return parse_spend_report(body)

    async def aspend_report(
        self,
        start_date: dt.date | str,
        end_date: dt.date | str,
        *,
        group_by: GroupBy | None = None,
        date_part: DatePart | None = None,
        user_id: str | None = None,
        model: str | None = None,
        provider: str | None = None,
        credential_type: CredentialType | None = None,
        tags: Sequence[str] | None = None,
    ) -> GatewaySpendReport:
        query = spend_report_query(
            start_date,
            end_date,
            group_by=group_by,
            date_part=date_part,
            user_id=user_id,
            model=model,
            provider=provider,
            credential_type=credential_type,
            tags=tags,
        )
        body, _ = await transport.arequest_json(
            self._origin_endpoint(), self._origin_request("/v1/report", query), ErrorReader()
        )
        return parse_spend_report(body)

    def _team_query(self) -> dict[str, str]:
        team = self.settings.get("team")
        if not team:
            return {}
        return {"teamId": team} if str(team).startswith("team_") else {"slug": str(team)}

    def _origin_endpoint(self) -> Endpoint:
        parts = urlsplit(self.endpoint.base_url)
        return self._metadata_endpoint(base_url=f"{parts.scheme}://{parts.netloc}", query={})

    def _origin_request(self, path: str, query: Mapping[str, str]) -> PreparedRequest:
        """A GET on the origin; the endpoint's own ``query_params`` go into the one query."""
        params = {**self.endpoint.query, **query}
        return PreparedRequest(f"{path}?{urlencode(params)}" if params else path, {}, method="GET")

    def _metadata_endpoint(self, **changes: Any) -> Endpoint:
        # Observability headers belong to model calls only, as in the AI SDK.
        import dataclasses

        auth = self.endpoint.auth
        if isinstance(auth, GatewayAuth):
            changes.setdefault("auth", dataclasses.replace(auth, observability=False))
        return dataclasses.replace(self.endpoint, env_headers={}, **changes)

    def _cache_key(self) -> str:
        """One cached list per Gateway, team and explicit key (as the AI SDK caches per
        provider instance); a key rotated in the environment keeps its cache."""
        key = self.settings.get("api_key")
        key = key if isinstance(key, str) else ""
        identity = f"{key}|{self.endpoint.headers.get('x-vercel-ai-gateway-team')}"
        return f"{self.endpoint.base_url}#{hashlib.sha256(identity.encode()).hexdigest()}"


_OWN_SETTINGS = frozenset({"oidc_token", "team", "spec_version", "name"})


def create_gateway(
    *,
    api_key: ApiKey = None,
    base_url: str | None = None,
    oidc_token: Callable[[], str | None] | None = None,
    team: str | None = None,
    spec_version: Literal[3, 4] = 4,
    name: str = "gateway",
    **settings: Any,
) -> GatewayProvider:
    """The Vercel AI Gateway. Auth: ``api_key`` (else ``AI_GATEWAY_API_KEY``), else an OIDC
    token (``oidc_token=`` callable, else ``VERCEL_OIDC_TOKEN``). ``spec_version`` 4
    (``/v4/ai``) or 3 (the legacy ``/v3/ai`` route)."""
    check_settings(name, settings, CONNECTION_SETTINGS - {"base_url", "api_key"})
    if spec_version not in BASE_URLS:
        raise UsageError(f"spec_version must be 3 or 4, not {spec_version!r}")
    given = {"api_key": api_key, "base_url": base_url, "oidc_token": oidc_token, "team": team}
    factory_settings = {
        **{k: v for k, v in given.items() if v is not None},
        "spec_version": spec_version,
        "name": name,
        **settings,
    }
    default_url = BASE_URLS[spec_version]
    url = base_url or (default_url if spec_version == 3 else None)
    url = base_url_from({"base_url": url}, "AI_GATEWAY_BASE_URL", default_url, name)
    source = key_source(name, api_key, settings.get("api_key_env"), ("AI_GATEWAY_API_KEY",), required=False)
    endpoint = make_endpoint(
        name,
        normalize_base_url(url, ""),
        GatewayAuth(source, oidc_token, current_request_headers),
        settings,
        headers={
            "ai-gateway-protocol-version": PROTOCOL_VERSION,
            **({"x-vercel-ai-gateway-team": team} if team else {}),
        },
        env_headers=_OBSERVABILITY_HEADERS,
    )
    return GatewayProvider(name, endpoint, spec_version, factory_settings)


def gateway_models(**settings: Any) -> list[GatewayModel]:
    """``create_gateway(**settings).models()``."""
    return create_gateway(**settings).models()


def gateway_credits(**settings: Any) -> GatewayCredits:
    """``create_gateway(**settings).credits()``."""
    return create_gateway(**settings).credits()


async def agateway_credits(**settings: Any) -> GatewayCredits:
    """``await create_gateway(**settings).acredits()``."""
    return await create_gateway(**settings).acredits()


def gateway_generation(generation_id: str, **settings: Any) -> GatewayGeneration:
    """``create_gateway(**settings).generation(generation_id)``."""
    return create_gateway(**settings).generation(generation_id)


async def agateway_generation(generation_id: str, **settings: Any) -> GatewayGeneration:
    """``await create_gateway(**settings).ageneration(generation_id)``."""
    return await create_gateway(**settings).ageneration(generation_id)


_REPORT_ARGUMENTS = frozenset(
    {"group_by", "date_part", "user_id", "model", "provider", "credential_type", "tags"}
)


def _split(settings: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    report = {k: settings.pop(k) for k in list(settings) if k in _REPORT_ARGUMENTS}
    return report, settings


def gateway_spend_report(
    start_date: dt.date | str, end_date: dt.date | str, **arguments: Any
) -> GatewaySpendReport:
    """``create_gateway(**settings).spend_report(start_date, end_date, **filters)``: the
    report's own keywords (``group_by``, ``date_part``, ``user_id``, ``model``,
    ``provider``, ``credential_type``, ``tags``) go to the report, the rest to
    ``create_gateway``."""
    report, settings = _split(dict(arguments))
    return create_gateway(**settings).spend_report(start_date, end_date, **report)


async def agateway_spend_report(
    start_date: dt.date | str, end_date: dt.date | str, **arguments: Any
) -> GatewaySpendReport:
    """The async ``gateway_spend_report``."""
    report, settings = _split(dict(arguments))
    return await create_gateway(**settings).aspend_report(start_date, end_date, **report)


def _credits(body: Any) -> GatewayCredits:
    return GatewayCredits(Decimal(body["balance"]), Decimal(body["total_used"]))
