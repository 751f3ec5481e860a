"""Luma Photon images (``POST /dream-machine/v1/generations/image``): a sans-I/O codec.

Request ``{prompt, model, aspect_ratio?, image_ref? | style_ref? | character_ref? |
modify_image_ref?, ...options}``. Input images must be URLs (Luma fetches them; it
takes no uploads) and become references by ``provider_options["luma"]["referenceType"]``
(``image`` (default, up to 4), ``style``, ``character`` grouped by identity, or
``modify_image``, one) with per-image ``images: [{weight, id}]``, as the AI SDK's
``LumaImageModel`` offers. The field names are the API's own (``image_ref`` etc., from
Luma's OpenAPI spec and SDK). ``seed`` and ``size`` are warnings (Photon has neither);
a mask is refused. ``generations.py`` follows the job; the finished image is
``assets.image``, downloaded without the key.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...spec.errors import UnsupportedFunctionalityError, UsageError
from ...spec.media import ImageCallOptions, ImageModelResult, InputFile, MediaUrl, Poll
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from .generations import GENERATIONS, asset, generation_poll, luma_error_message, metadata

# Options the AI SDK reads itself and never sends.
_LOCAL_OPTIONS = ("referenceType", "images", "pollIntervalMillis", "maxPollAttempts")
DEFAULT_WEIGHTS = {"image": 0.85, "style": 0.8, "modify_image": 1.0}


@dataclass(frozen=True, slots=True)
class LumaImageCodec:
    model_id: str
    provider: str = "luma"
    max_images_per_call: int = 1

    def build_request(self, options: ImageCallOptions) -> PreparedRequest:
        warnings: list[CallWarning] = []
        if options.seed is not None:
            warnings.append(
                CallWarning("unsupported", feature="seed", details="Luma's image models take no seed")
            )
        if options.size is not None:
            warnings.append(
                CallWarning(
                    "unsupported", feature="size", details="Luma takes no size; use aspect_ratio instead"
                )
            )
        if options.mask is not None:
            raise UnsupportedFunctionalityError(
                "Luma has no mask-based editing; describe the change in the prompt and pass the "
                "source image's URL as an input image (referenceType 'modify_image')"
            )
        luma = dict((options.provider_options or {}).get(self.provider) or {})
        local = {key: luma.pop(key, None) for key in _LOCAL_OPTIONS}
        for key in ("pollIntervalMillis", "maxPollAttempts"):
            if local[key] is not None:
                warnings.append(
                    CallWarning(
                        "unsupported",
                        setting=key,
                        details="polling is set per call: poll_interval=, poll_timeout=",
                    )
                )
        body: dict[str, Any] = {}
        if options.prompt is not None:
            body["prompt"] = options.prompt
        if options.aspect_ratio:
            body["aspect_ratio"] = options.aspect_ratio
        body["model"] = self.model_id
        body.update(
            _references(options.files or (), local["referenceType"] or "image", local["images"] or ())
        )
        body.update({key: value for key, value in luma.items() if value is not None})
        return PreparedRequest(
            f"{GENERATIONS}/image", body, headers=dict(options.headers or {}), warnings=warnings
        )

    def poll_request(self, options: ImageCallOptions, body: Any, headers: Mapping[str, str]) -> Poll | None:
        return generation_poll(body, self.provider, dict(options.headers or {}))

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> ImageModelResult:
        url = asset(body, "image", self.provider)
        return ImageModelResult(
            images=[MediaUrl(url)],
            provider_metadata={self.provider: metadata(body)},
            response=ResponseInfo(id=body.get("id"), headers=dict(headers or {}), body=body),
        )

    error_message = staticmethod(luma_error_message)


def _urls(files: Sequence[InputFile]) -> list[str]:
    urls = []
    for file in files:
        if file.url is None:
            raise UsageError(
                "Luma takes input images as URLs it can fetch (no uploads): pass InputFile(url=...) "
                "with a publicly reachable image"
            )
        urls.append(file.url)
    return urls


def _references(files: Sequence[InputFile], kind: str, configs: Sequence[Any]) -> dict[str, Any]:
    """Input images as Luma's reference fields (``image_ref`` and friends)."""
    if not files:
        return {}
    urls = _urls(files)

    def config(index: int, key: str) -> Any:
        item = configs[index] if index < len(configs) else None
        return item.get(key) if isinstance(item, Mapping) else None

    def weight(index: int) -> float:
        given = config(index, "weight")
        return float(given) if given is not None else DEFAULT_WEIGHTS[kind]

    if kind in ("image", "style"):
        if kind == "image" and len(urls) > 4:
            raise UsageError(f"Luma takes at most 4 image references; got {len(urls)}")
        return {f"{kind}_ref": [{"url": url, "weight": weight(i)} for i, url in enumerate(urls)]}
    if kind == "character":
        identities: dict[str, list[str]] = {}
        for i, url in enumerate(urls):
            identities.setdefault(config(i, "id") or "identity0", []).append(url)
        for name, images in identities.items():
            if len(images) > 4:
                raise UsageError(
                    f"Luma takes at most 4 images per character identity; {name!r} has {len(images)}"
                )
        return {"character_ref": {name: {"images": images} for name, images in identities.items()}}
    if kind == "modify_image":
        if len(urls) > 1:
            raise UsageError(f"Luma modifies one image at a time; got {len(urls)}")
        return {"modify_image_ref": {"url": urls[0], "weight": weight(0)}}
    raise UsageError(f"unknown Luma referenceType {kind!r}; use image, style, character or modify_image")
