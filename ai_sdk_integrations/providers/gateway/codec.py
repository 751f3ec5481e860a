"""The Vercel AI Gateway: the AI SDK's own spec types, sent as JSON, both ways.

The request body is the call options as the AI SDK serialises them (``spec.wire``);
results and stream parts come back in the same shapes. Spec version 4 is the default
(``/v4/ai``); version 3 differs on the wire only in file data (a ``data:`` URL string,
not a tagged object) and has no ``reasoning`` call option.
"""

from __future__ import annotations

import base64
import dataclasses
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ...spec import (
    CallOptions,
    EmbeddingModelResult,
    EmbeddingUsage,
    GenerateResult,
    ProviderOptions,
    ResponseInfo,
    StreamPart,
)
from ...spec.errors import InvalidResponseDataError, UnsupportedFunctionalityError, UsageError
from ...spec.request import PreparedRequest
from ...spec.stream_parts import Raw, StreamError
from ...spec.wire import (
    parse_count,
    parse_generate_result,
    parse_provider_metadata,
    parse_stream_part,
    parse_warnings,
    to_wire,
)
from .errors import GatewayError, GatewayResponseError, gateway_error_class, gateway_error_message

PROTOCOL_VERSION = "0.0.1"
BASE_URLS = {4: "https://ai-gateway.vercel.sh/v4/ai", 3: "https://ai-gateway.vercel.sh/v3/ai"}
MAX_EMBEDDINGS_PER_CALL = 2048


# -- language model -------------------------------------------------------------------


def _v3_file_data(value: Any) -> Any:
    """V3 carried file data untagged: a URL string, or binary as a ``data:`` URL."""
    if isinstance(value, list):
        return [_v3_file_data(item) for item in value]
    if not isinstance(value, dict):
        return value
    if value.get("type") == "content" and isinstance(value.get("value"), list):
        return {**value, "value": [_v3_content_item(item) for item in value["value"]]}
    out = {key: _v3_file_data(item) for key, item in value.items()}
    data = out.get("data")
    if out.get("type") == "file" and isinstance(data, dict):
        out["data"] = _v3_data(data, out.get("mediaType") or "application/octet-stream")
    return out


def _v3_data(data: dict[str, Any], media_type: str) -> str:
    """V4's tagged file data as V3's string: the URL, or a ``data:`` URL. A file's text
    travels base64-encoded; a provider file id has no V3 form."""
    kind = data.get("type")
    if kind == "url":
        return str(data["url"])
    if kind == "text":
        return f"data:{media_type};base64,{base64.b64encode(str(data['text']).encode()).decode()}"
    if kind == "reference":
        raise UnsupportedFunctionalityError(
            "file references (a provider's file id) need the Gateway's v4 route; "
            "spec_version=3 can send file bytes or URLs only"
        )
    return f"data:{media_type};base64,{data['data']}"


def _v3_content_item(item: Any) -> Any:
    """V3 tool-result items name their kind: image-data / file-data, image-url / file-url."""
    if not isinstance(item, dict) or item.get("type") != "file" or not isinstance(item.get("data"), dict):
        return item
    media_type = str(item.get("mediaType") or "application/octet-stream")
    kind = "image" if media_type.startswith("image/") else "file"
    data = item["data"]
    if data.get("type") == "url":
        return {"type": f"{kind}-url", "url": data["url"]}
    encoded = _v3_data(data, media_type).partition(";base64,")[2]
    return {"type": f"{kind}-data", "data": encoded, "mediaType": media_type}


@dataclass(frozen=True, slots=True)
class GatewayChatCodec:
    model_id: str
    spec_version: Literal[3, 4] = 4

    def build_request(self, options: CallOptions, *, stream: bool) -> PreparedRequest:
        body: dict[str, Any] = to_wire(options)
        if self.spec_version == 3:
            body.pop("reasoning", None)
            body = _v3_file_data(body)
        headers = {
            "ai-language-model-specification-version": str(self.spec_version),
            "ai-language-model-id": self.model_id,
            "ai-language-model-streaming": "true" if stream else "false",
            **(options.headers or {}),
        }
        return PreparedRequest("/language-model", body, stream=stream, headers=headers)

    def parse_response(
        self, body: Any, headers: Mapping[str, str] | None = None, options: CallOptions | None = None
    ) -> GenerateResult:
        if not isinstance(body, dict):
            raise InvalidResponseDataError(
                f"gateway result is not an object: {str(body)[:200]}", provider="gateway"
            )
        try:
            result = parse_generate_result(body)
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise InvalidResponseDataError(
                f"gateway result has an unexpected shape: {str(body)[:200]}", provider="gateway"
            ) from exc
        response = result.response or ResponseInfo()
        served = served_model_id(headers, self.model_id)
        return dataclasses.replace(result, response=dataclasses.replace(response, model_id=served))

    def stream_decoder(self, options: CallOptions) -> GatewayStreamDecoder:
        return GatewayStreamDecoder(self.model_id, include_raw=bool(options.include_raw_chunks))

    error_message = staticmethod(gateway_error_message)
    error_class = staticmethod(gateway_error_class)


def stream_error(error: Any) -> GatewayError:
    """An ``error`` part's payload as a typed error. It has no HTTP status of its own, so
    it gets the one its ``type`` implies (a ``rate_limit_exceeded`` is a 429, retryable;
    a ``failed_dependency`` a 424), as the AI SDK's ``createGatewayErrorFromResponse``
    gives each class its default status; ``data`` is the body it stands for."""
    body = {"error": error} if isinstance(error, dict) else error
    message = gateway_error_message(body) or str(error)
    cls = gateway_error_class(200, body) if isinstance(error, dict) else GatewayResponseError
    return cls(
        f"gateway reported an error in the stream: {message}",
        status_code=cls.default_status,
        provider="gateway",
        data=body,
    )


def served_model_id(headers: Mapping[str, str] | None, requested: str) -> str:
    """The Gateway model that answered: the ``x-model-id`` response header (right under
    fallback routing too), else the one asked for. The response's own ``modelId`` is the
    upstream's name for it (``gpt-4.1-mini-2025-04-14`` for ``openai/gpt-4.1-mini``),
    which the AI SDK reports by mistake (vercel/ai #18118)."""
    served = headers.get("x-model-id") if headers is not None else None
    return served or requested


class GatewayStreamDecoder:
    """Each SSE ``data`` payload is one stream part, already in the spec's shape."""

    __slots__ = ("_finished", "_include_raw", "_served_model_id")

    def __init__(self, model_id: str, *, include_raw: bool = False) -> None:
        self._include_raw = include_raw
        self._finished = False
        self._served_model_id = model_id

    def response_headers(self, headers: Mapping[str, str]) -> None:
        self._served_model_id = served_model_id(headers, self._served_model_id)

    def feed(self, data: str) -> list[StreamPart]:
        if data == "[DONE]":
            return []
        try:
            payload = json.loads(data)
            part = parse_stream_part(payload)
        except (ValueError, TypeError, AttributeError, KeyError):
            error = InvalidResponseDataError(
                f"gateway stream part is not valid: {data[:200]!r}", provider="gateway"
            )
            return [StreamError(error)]
        if isinstance(part, Raw) and payload.get("type") == "raw" and not self._include_raw:
            return []
        if isinstance(part, StreamError):
            return [StreamError(stream_error(part.error))]
        if part.type == "finish":
            self._finished = True
        elif part.type == "response-metadata":
            return [dataclasses.replace(part, model_id=self._served_model_id)]  # type: ignore[type-var]
        elif part.type == "stream-start" and not part.warnings:  # type: ignore[union-attr]
            return []  # LanguageModel.stream already sent one; only warnings add news
        return [part]

    def finish(self) -> list[StreamPart]:
        if self._finished:
            return []
        error = InvalidResponseDataError("the gateway stream ended without a finish part", provider="gateway")
        return [StreamError(error)]


# -- embedding model ------------------------------------------------------------------


_NUMBER_TYPES = frozenset({int, float})


def _is_vector(value: Any) -> bool:
    return isinstance(value, list) and {*map(type, value)} <= _NUMBER_TYPES


# The v3 route has no ``dimensions`` of its own: there ``dimensions=`` becomes the
# upstream's own provider option, named as each upstream names it.
_V3_DIMENSIONS_OPTION = {
    "openai": "dimensions",
    "azure": "dimensions",
    "google": "outputDimensionality",
    "vertex": "outputDimensionality",
    "mistral": "outputDimension",
}


# The upstream's own option for what a text is embedded for, by vendor (passed on by
# the Gateway under the vendor's key).
_INPUT_TYPE_OPTIONS: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "cohere": {"document": ("inputType", "search_document"), "query": ("inputType", "search_query")},
    "google": {"document": ("taskType", "RETRIEVAL_DOCUMENT"), "query": ("taskType", "RETRIEVAL_QUERY")},
    "vertex": {"document": ("taskType", "RETRIEVAL_DOCUMENT"), "query": ("taskType", "RETRIEVAL_QUERY")},
}


@dataclass(frozen=True, slots=True)
class GatewayEmbeddingCodec:
    """``dimensions`` goes top-level on the v4 route (``{values, dimensions,
    providerOptions}``, the Gateway maps it to the upstream); on the legacy v3 route it
    becomes the upstream's provider option, for the vendors whose option is known."""

    model_id: str
    spec_version: Literal[3, 4] = 4
    max_embeddings_per_call: int = MAX_EMBEDDINGS_PER_CALL
    dimensions: int | None = None

    def __post_init__(self) -> None:
        vendor = self.model_id.partition("/")[0]
        if self.dimensions is not None and self.spec_version == 3 and vendor not in _V3_DIMENSIONS_OPTION:
            known = ", ".join(sorted(_V3_DIMENSIONS_OPTION))
            raise UsageError(
                f"gateway:{self.model_id}: dimensions= cannot be sent on the v3 route (spec_version=3) "
                f"for {vendor!r} models: that route has no dimensions field, and the output-size "
                f"option is known only for {known}. Use the v4 route (the default), or pass the "
                f"upstream's own option in provider_options={{{vendor!r}: {{...}}}}."
            )

    def input_type_options(self, kind: Literal["document", "query"]) -> ProviderOptions | None:
        vendor = self.model_id.partition("/")[0]
        option = _INPUT_TYPE_OPTIONS.get(vendor, {}).get(kind)
        return {vendor: {option[0]: option[1]}} if option is not None else None

    def build_request(
        self,
        values: Sequence[str],
        *,
        provider_options: ProviderOptions | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> PreparedRequest:
        body: dict[str, Any] = {"values": list(values)}
        options = {k: dict(v) for k, v in (provider_options or {}).items()}
        if self.dimensions is not None:
            if self.spec_version == 4:
                body["dimensions"] = self.dimensions
            else:
                vendor = self.model_id.partition("/")[0]
                options.setdefault(vendor, {}).setdefault(_V3_DIMENSIONS_OPTION[vendor], self.dimensions)
        if options:
            body["providerOptions"] = to_wire(options)
        return PreparedRequest(
            "/embedding-model",
            body,
            headers={
                "ai-embedding-model-specification-version": str(self.spec_version),
                "ai-model-id": self.model_id,
                **(headers or {}),
            },
        )

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> EmbeddingModelResult:
        embeddings = body.get("embeddings") if isinstance(body, dict) else None
        if not isinstance(embeddings, list) or not all(_is_vector(vector) for vector in embeddings):
            raise InvalidResponseDataError(
                f"gateway embedding result has no embeddings: {str(body)[:200]}", provider="gateway"
            )
        # everything but the vectors is metadata: a field of the wrong type is not said
        usage = body.get("usage")
        tokens = parse_count(usage.get("tokens")) if isinstance(usage, dict) else None
        return EmbeddingModelResult(
            embeddings=embeddings,
            usage=EmbeddingUsage(tokens) if tokens is not None else None,
            warnings=parse_warnings(body.get("warnings")),
            provider_metadata=parse_provider_metadata(body.get("providerMetadata")),
            response_headers=dict(headers or {}),
        )

    error_message = staticmethod(gateway_error_message)
    error_class = staticmethod(gateway_error_class)
