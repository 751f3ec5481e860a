"""``EmbeddingModel``: one embedding codec bound to one endpoint."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

from ..spec import EmbeddingModelResult, ProviderOptions
from ..spec.errors import AISDKError, InvalidResponseDataError, TooManyEmbeddingValuesForCallError
from ..spec.request import PreparedRequest
from ..telemetry import state as _telemetry
from ..transport import client as transport
from ..transport.endpoint import Endpoint
from ..transport.secrets import redact_error
from .profile import DEFAULT, ModelProfile


class EmbeddingCodec(Protocol):
    @property
    def model_id(self) -> str: ...
    @property
    def max_embeddings_per_call(self) -> int: ...
    def build_request(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> PreparedRequest: ...
    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> EmbeddingModelResult: ...
    def error_message(self, data: Any) -> str | None: ...


@dataclass(frozen=True, slots=True)
class EmbeddingModel:
    codec: EmbeddingCodec
    endpoint: Endpoint
    supports_parallel_calls: bool = True
    profile: ModelProfile = field(default=DEFAULT)

    @property
    def provider(self) -> str:
        return self.endpoint.provider

    @property
    def model_id(self) -> str:
        return self.codec.model_id

    @property
    def max_embeddings_per_call(self) -> int:
        return self.codec.max_embeddings_per_call

    @property
    def max_tokens_per_call(self) -> int | None:
        """The provider's per-request token limit, where the codec knows one."""
        limit: int | None = getattr(self.codec, "max_tokens_per_call", None)
        return limit

    def input_type_options(self, kind: Literal["document", "query"]) -> ProviderOptions | None:
        """The provider options that embed for ``kind``, where the provider embeds
        documents and search queries differently (Cohere's ``input_type``, Google's task
        type); ``None`` where it does not."""
        ask = getattr(self.codec, "input_type_options", None)
        options: ProviderOptions | None = ask(kind) if ask is not None else None
        return options

    def with_endpoint(self, **changes: Any) -> EmbeddingModel:
        if all(getattr(self.endpoint, key) == value for key, value in changes.items()):
            return self
        return dataclasses.replace(self, endpoint=dataclasses.replace(self.endpoint, **changes))

    def embed(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> EmbeddingModelResult:
        request = self._request(values, provider_options, headers)
        if _telemetry.armed:  # one flag check per call; spans only once telemetry is on
            from ..telemetry import model_calls

            return model_calls.embed(self, values, lambda: self._send(request))
        return self._send(request)

    def _send(self, request: PreparedRequest) -> EmbeddingModelResult:
        body, response_headers = transport.request_json(self.endpoint, request, self.codec)
        return self._checked(self._parsed(body, response_headers))

    async def aembed(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> EmbeddingModelResult:
        request = self._request(values, provider_options, headers)
        if _telemetry.armed:
            from ..telemetry import model_calls

            return await model_calls.aembed(self, values, lambda: self._asend(request))
        return await self._asend(request)

    async def _asend(self, request: PreparedRequest) -> EmbeddingModelResult:
        body, response_headers = await transport.arequest_json(self.endpoint, request, self.codec)
        return self._checked(self._parsed(body, response_headers))

    def _parsed(self, body: Any, headers: Mapping[str, str]) -> EmbeddingModelResult:
        try:
            return self.codec.parse_response(body, headers)
        except AISDKError as exc:  # its message may quote a body that echoes the key
            redact_error(exc, self.endpoint.secret_values())
            raise

    def _checked(self, result: EmbeddingModelResult) -> EmbeddingModelResult:
        """``dimensions=`` either works or is an error: a server that ignored it (many
        OpenAI-compatible ones do) is not allowed to hand back vectors of another size."""
        wanted = getattr(self.codec, "dimensions", None)
        if wanted is not None:
            sizes = {len(vector) for vector in result.embeddings}
            if sizes - {wanted}:
                raise InvalidResponseDataError(
                    f"{self.provider}:{self.model_id} was asked for {wanted} dimensions and returned "
                    f"{', '.join(str(n) for n in sorted(sizes))}: this server or model ignores "
                    "dimensions=. Leave it unset, or choose a model that supports it.",
                    provider=self.provider,
                )
        return result

    def _request(
        self,
        values: Sequence[str],
        provider_options: ProviderOptions | None,
        headers: Mapping[str, str] | None,
    ) -> PreparedRequest:
        if len(values) > self.max_embeddings_per_call:
            raise TooManyEmbeddingValuesForCallError(
                f"{self.provider}:{self.model_id} takes at most {self.max_embeddings_per_call} "
                f"values per call, got {len(values)}; use embed_many(), which batches"
            )
        return self.codec.build_request(values, provider_options=provider_options, headers=headers)
