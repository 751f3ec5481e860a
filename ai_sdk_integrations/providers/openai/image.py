"""OpenAI images: ``POST /images/generations`` (and ``/images/edits`` with input
images, multipart), as a sans-I/O codec.

Body ``{model, prompt, n, size?, response_format?: "b64_json", ...openai options}``;
the ``gpt-image-*`` models always answer base64 and reject ``response_format``, so it
is sent only to the DALL-E models. ``aspect_ratio`` and ``seed`` have no OpenAI field:
warnings. Answer ``{created, data: [{b64_json, revised_prompt?}], usage?, size?,
quality?, background?, output_format?}``; per-image facts go into
``provider_metadata["openai"]["images"]`` (the AI SDK's shape).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import ImageCallOptions, ImageModelResult, ImageUsage, InputFile, NoMediaGeneratedError
from ...spec.multipart import FormFile, FormValue, encode_multipart
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from ...spec.wire import parse_count
from .error_message import openai_error_message
from .response_fields import mapping, string, timestamp

MAX_IMAGES_PER_CALL: Mapping[str, int] = {"dall-e-3": 1, "dall-e-2": 10}
"""Per-call limits by model id; ``gpt-image-*`` make 10, any other model 1."""

_CAMEL_OPTIONS = {"outputFormat": "output_format", "outputCompression": "output_compression"}
_OUTPUT_MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}


def max_images_per_call(model_id: str) -> int:
    return MAX_IMAGES_PER_CALL.get(model_id, 10 if model_id.startswith("gpt-image-") else 1)


def openai_image_options(options: Mapping[str, Any] | None) -> dict[str, Any]:
    """The caller's ``openai`` options with the AI SDK's camelCase names mapped to the
    API's (``outputFormat`` -> ``output_format``); any other key goes as written."""
    return {_CAMEL_OPTIONS.get(key, key): value for key, value in (options or {}).items()}


@dataclass(frozen=True, slots=True)
class OpenAIImageCodec:
    model_id: str
    provider: str = "openai"

    @property
    def max_images_per_call(self) -> int:
        return max_images_per_call(self.model_id)

    def build_request(self, options: ImageCallOptions) -> PreparedRequest:
        warnings: list[CallWarning] = []
        if options.aspect_ratio is not None:
            warnings.append(
                CallWarning(
                    "unsupported", "aspectRatio", "This model does not support aspect ratio. Use size."
                )
            )
        if options.seed is not None:
            warnings.append(CallWarning("unsupported", "seed"))
        extra = openai_image_options((options.provider_options or {}).get(self.provider))
        headers = dict(options.headers or {})
        if options.files:
            return self._edit(options, extra, headers, warnings)
        body: dict[str, Any] = {"model": self.model_id, "prompt": options.prompt, "n": options.n}
        if options.size is not None:
            body["size"] = options.size
        body.update(extra)
        if not self.model_id.startswith("gpt-image-"):
            body["response_format"] = "b64_json"
        return PreparedRequest("/images/generations", body, headers=headers, warnings=warnings)

    def _edit(
        self,
        options: ImageCallOptions,
        extra: Mapping[str, Any],
        headers: dict[str, str],
        warnings: list[CallWarning],
    ) -> PreparedRequest:
        """``/images/edits``: the images (and mask) as files; URLs are not taken."""
        fields: list[tuple[str, FormValue]] = [("model", self.model_id), ("prompt", options.prompt or "")]
        fields.append(("n", str(options.n)))
        if options.size is not None:
            fields.append(("size", options.size))
        name = (
            "image[]" if len(options.files or ()) > 1 or self.model_id.startswith("gpt-image-") else "image"
        )
        for index, file in enumerate(options.files or ()):
            fields.append((name, _form_file(file, f"image-{index}")))
        if options.mask is not None:
            fields.append(("mask", _form_file(options.mask, "mask")))
        for key, value in extra.items():
            fields.append((key, value if isinstance(value, str) else _json_scalar(value)))
        if not self.model_id.startswith("gpt-image-"):
            fields.append(("response_format", "b64_json"))
        content, content_type = encode_multipart(fields)
        return PreparedRequest(
            "/images/edits",
            {},
            headers=headers,
            warnings=warnings,
            content=content,
            content_type=content_type,
        )

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> ImageModelResult:
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list):
            raise InvalidResponseDataError(
                f"image response has no data list: {str(body)[:200]}", provider=self.provider
            )
        found = [row.get("b64_json") for row in data if isinstance(row, dict)]
        if not found:
            raise NoMediaGeneratedError("OpenAI returned no images")
        images = [image for image in found if isinstance(image, str) and image]
        if len(images) != len(found):
            raise InvalidResponseDataError(
                "an image came back without b64_json (a URL answer is not asked for)", provider=self.provider
            )
        shared = {
            "created": body.get("created"),
            "size": string(body.get("size")),
            "quality": string(body.get("quality")),
            "background": string(body.get("background")),
            "outputFormat": string(body.get("output_format")),
        }
        shared = {key: value for key, value in shared.items() if value is not None}
        per_image = []
        for row in data:
            row = mapping(row)
            revised = string(row.get("revised_prompt"))
            per_image.append({**({"revisedPrompt": revised} if revised else {}), **shared})
        usage = mapping(body.get("usage"))
        return ImageModelResult(
            images=images,
            media_type=_OUTPUT_MEDIA_TYPES.get(string(body.get("output_format")) or ""),
            provider_metadata={self.provider: {"images": per_image}},
            response=ResponseInfo(timestamp=timestamp(body.get("created")), model_id=self.model_id),
            usage=ImageUsage(
                parse_count(usage.get("input_tokens")),
                parse_count(usage.get("output_tokens")),
                parse_count(usage.get("total_tokens")),
            )
            if usage
            else None,
        )

    error_message = staticmethod(openai_error_message)


def _form_file(file: InputFile, stem: str) -> FormFile:
    if file.data is None:
        from ...spec.errors import UnsupportedFunctionalityError

        raise UnsupportedFunctionalityError("OpenAI image edits take image bytes, not URLs")
    media_type = file.media_type or "image/png"
    return FormFile(file.as_bytes(), f"{stem}.{media_type.rpartition('/')[2]}", media_type)


def _json_scalar(value: Any) -> str:
    import json

    return json.dumps(value) if not isinstance(value, (int, float)) or isinstance(value, bool) else str(value)
