"""fal image models over the synchronous endpoint (``POST https://fal.run/{model}``),
as the AI SDK's ``FalImageModel`` calls them: a sans-I/O codec.

Request ``{prompt, seed?, image_size?, num_images, image_url? | image_urls?, mask_url?,
...options}``; ``size`` ``"WxH"`` becomes ``{"width", "height"}`` and an aspect ratio
one of fal's named sizes (``square_hd``, ``landscape_16_9``...) or explicit pixels;
``provider_options["fal"]`` keys are sent in fal's snake_case (``guidanceScale`` ->
``guidance_scale``), unknown keys as written. The answer ``{images: [{url, width,
height, content_type}], seed, timings, has_nsfw_concepts, ...}`` (or one ``image``)
gives ``MediaUrl`` results (downloaded without the key by the model layer) and
``provider_metadata["fal"]``: per-image details with the NSFW flag, plus the other
fields of the answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError, UsageError
from ...spec.media import ImageCallOptions, ImageModelResult, MediaData, MediaUrl
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from .errors import fal_error_message
from .files import file_uri

# The AI SDK's option names -> fal's field names; any other key is sent as written.
OPTION_FIELDS: Mapping[str, str] = {
    "imageUrl": "image_url",
    "maskUrl": "mask_url",
    "guidanceScale": "guidance_scale",
    "numInferenceSteps": "num_inference_steps",
    "enableSafetyChecker": "enable_safety_checker",
    "outputFormat": "output_format",
    "syncMode": "sync_mode",
    "safetyTolerance": "safety_tolerance",
}
_DEPRECATED_SNAKE = frozenset(OPTION_FIELDS.values())
# The AI SDK's aspect ratios -> fal's ``image_size`` (a named size or pixels).
ASPECT_SIZES: Mapping[str, Any] = {
    "1:1": "square_hd",
    "16:9": "landscape_16_9",
    "9:16": "portrait_16_9",
    "4:3": "landscape_4_3",
    "3:4": "portrait_4_3",
    "16:10": {"width": 1280, "height": 800},
    "10:16": {"width": 800, "height": 1280},
    "21:9": {"width": 2560, "height": 1080},
    "9:21": {"width": 1080, "height": 2560},
}
_SIZE = re.compile(r"^\s*(\d+)\s*x\s*(\d+)\s*$")
_IMAGE_FIELDS = {
    "content_type": "contentType",
    "file_name": "fileName",
    "file_data": "fileData",
    "file_size": "fileSize",
}


def parse_size(size: str) -> dict[str, int]:
    match = _SIZE.match(size)
    if match is None:
        raise UsageError(f"size must look like '1024x768' (width x height), not {size!r}")
    return {"width": int(match.group(1)), "height": int(match.group(2))}


@dataclass(frozen=True, slots=True)
class FalImageCodec:
    model_id: str
    provider: str = "fal"
    """Key of ``provider_options`` and ``provider_metadata``."""
    max_images_per_call: int = 1

    def build_request(self, options: ImageCallOptions) -> PreparedRequest:
        warnings: list[CallWarning] = []
        body: dict[str, Any] = {}
        if options.prompt is not None:
            body["prompt"] = options.prompt
        if options.seed is not None:
            body["seed"] = options.seed
        if options.size:
            body["image_size"] = parse_size(options.size)
        elif options.aspect_ratio:
            named = ASPECT_SIZES.get(options.aspect_ratio)
            if named is None:
                warnings.append(
                    CallWarning(
                        "unsupported",
                        feature="aspectRatio",
                        details=f"fal has no image size for aspect ratio {options.aspect_ratio!r}; "
                        f"use one of {', '.join(ASPECT_SIZES)} or size='WxH'",
                    )
                )
            else:
                body["image_size"] = named
        body["num_images"] = options.n
        fal = dict((options.provider_options or {}).get(self.provider) or {})
        multiple = fal.pop("useMultipleImages", None) is True
        files = list(options.files or ())
        if files and multiple:
            body["image_urls"] = [file_uri(file) for file in files]
        elif files:
            body["image_url"] = file_uri(files[0])
            if len(files) > 1:
                warnings.append(
                    CallWarning(
                        "other",
                        message=f"{len(files)} input images given but only the first is sent; set "
                        f"provider_options={{'{self.provider}': {{'useMultipleImages': True}}}} for "
                        "models that take several (e.g. fal-ai/flux-2/edit)",
                    )
                )
        if options.mask is not None:
            body["mask_url"] = file_uri(options.mask)
        deprecated = sorted(key for key in fal if key in _DEPRECATED_SNAKE)
        if deprecated:
            names = ", ".join(f"{key!r} (use {_camel(key)!r})" for key in deprecated)
            warnings.append(
                CallWarning(
                    "deprecated",
                    message=f"fal options in snake_case are deprecated in the AI SDK: {names}",
                )
            )
        for key, value in fal.items():
            if value is not None:
                body[OPTION_FIELDS.get(key, key)] = value
        return PreparedRequest(
            f"/{self.model_id.strip('/')}", body, headers=dict(options.headers or {}), warnings=warnings
        )

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> ImageModelResult:
        images = _images(body, self.provider)
        rest = {
            key: value
            for key, value in body.items()
            if key not in ("images", "image", "prompt", "has_nsfw_concepts", "nsfw_content_detected")
        }
        nsfw = body.get("has_nsfw_concepts")
        if not isinstance(nsfw, list):
            nsfw = body.get("nsfw_content_detected")
        flags = nsfw if isinstance(nsfw, list) else []
        details = []
        for index, image in enumerate(images):
            item = {_IMAGE_FIELDS.get(k, k): v for k, v in image.items() if k != "url" and v is not None}
            if index < len(flags) and isinstance(flags[index], bool):
                item["nsfw"] = flags[index]
            details.append(item)
        return ImageModelResult(
            images=[_media(image) for image in images],
            provider_metadata={self.provider: {"images": details, **rest}},
            response=ResponseInfo(headers=dict(headers or {}), body=body),
        )

    error_message = staticmethod(fal_error_message)


def _camel(snake: str) -> str:
    head, *tail = snake.split("_")
    return head + "".join(part.title() for part in tail)


def _images(body: Any, provider: str) -> list[Mapping[str, Any]]:
    """``images[]``, or the single ``image`` some models answer with; each needs a URL."""
    if not isinstance(body, dict):
        raise InvalidResponseDataError(
            f"fal image response is not an object: {str(body)[:200]}", provider=provider
        )
    found = body.get("images")
    if found is None and isinstance(body.get("image"), dict):
        found = [body["image"]]
    if not isinstance(found, list) or not all(
        isinstance(image, dict) and isinstance(image.get("url"), str) and image["url"] for image in found
    ):
        raise InvalidResponseDataError(
            f"fal image response without images[].url: {str(body)[:200]}", provider=provider
        )
    return found


def _media(image: Mapping[str, Any]) -> MediaData:
    """A file URL to download, or (``sync_mode``) the image inline as a ``data:`` URI."""
    url = str(image["url"])
    content_type = image.get("content_type") if isinstance(image.get("content_type"), str) else None
    if url.startswith("data:"):
        return url  # base64 text; the model layer decodes data: URIs
    return MediaUrl(url, content_type)
