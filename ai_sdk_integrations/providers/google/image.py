"""Imagen on the Gemini API and Vertex AI: ``POST /models/{model}:predict``.

Body ``{instances: [{prompt}], parameters: {sampleCount, aspectRatio?, ...google
options}}`` (``personGeneration``, ``outputOptions``, ``sampleImageSize``... as the API
spells them). ``size`` has no Imagen field (it takes ``aspect_ratio``) and the Gemini
API takes no ``seed``: warnings. Answer ``{predictions: [{bytesBase64Encoded,
mimeType}]}``; a prediction the safety filter removed carries ``raiFilteredReason``
instead of bytes and is reported in ``provider_metadata["google"]["filtered"]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import (
    GeneratedFile,
    ImageCallOptions,
    ImageModelResult,
    NoMediaGeneratedError,
    decode_base64,
)
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from .error_message import google_error_class, google_error_message, google_retry_after

MAX_IMAGES_PER_CALL = 4
"""Imagen makes at most four images per request."""


@dataclass(frozen=True, slots=True)
class GoogleImageCodec:
    model_id: str
    provider: str = "google"
    service: str = "gemini"

    @property
    def max_images_per_call(self) -> int:
        return MAX_IMAGES_PER_CALL

    def build_request(self, options: ImageCallOptions) -> PreparedRequest:
        warnings: list[CallWarning] = []
        if options.size is not None:
            warnings.append(
                CallWarning(
                    "unsupported", "size", "This model does not support the `size` option. Use aspect_ratio."
                )
            )
        parameters: dict[str, Any] = {"sampleCount": options.n}
        if options.seed is not None:
            if self.service == "vertex":
                parameters["seed"] = options.seed
            else:
                warnings.append(
                    CallWarning("unsupported", "seed", "The Gemini API does not take a seed for Imagen.")
                )
        if options.files:
            warnings.append(
                CallWarning("unsupported", "files", "Imagen takes no input images here; not sent.")
            )
        if options.aspect_ratio is not None:
            parameters["aspectRatio"] = options.aspect_ratio
        parameters.update((options.provider_options or {}).get(self.provider, {}))
        body = {"instances": [{"prompt": options.prompt or ""}], "parameters": parameters}
        return PreparedRequest(
            f"/models/{self.model_id}:predict", body, headers=dict(options.headers or {}), warnings=warnings
        )

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> ImageModelResult:
        predictions = body.get("predictions", []) if isinstance(body, dict) else None
        if not isinstance(predictions, list):
            raise InvalidResponseDataError(
                f"Imagen response has no predictions list: {str(body)[:200]}", provider=self.provider
            )
        images: list[GeneratedFile] = []
        filtered: list[str] = []
        for prediction in predictions:
            if not isinstance(prediction, dict):
                continue
            data = prediction.get("bytesBase64Encoded")
            if isinstance(data, str) and data:
                try:
                    raw = decode_base64(data)
                except ValueError as exc:
                    raise InvalidResponseDataError("Imagen sent an image that is not base64") from exc
                kind = prediction.get("mimeType")
                images.append(GeneratedFile(raw, kind if isinstance(kind, str) and kind else "image/png"))
            elif isinstance(prediction.get("raiFilteredReason"), str):
                filtered.append(prediction["raiFilteredReason"])
        if not images:
            reason = f": {filtered[0]}" if filtered else ""
            raise NoMediaGeneratedError(f"Imagen returned no images{reason}")
        metadata: dict[str, Any] = {"images": [{} for _ in images]}
        if filtered:
            metadata["filtered"] = filtered
        return ImageModelResult(
            images=images,
            provider_metadata={self.provider: metadata},
            response=ResponseInfo(model_id=self.model_id),
        )

    error_message = staticmethod(google_error_message)
    error_class = staticmethod(google_error_class)
    retry_after = staticmethod(google_retry_after)
