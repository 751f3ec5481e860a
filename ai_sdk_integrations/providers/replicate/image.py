"""Replicate image models (``POST /v1/models/{model}/predictions``), as the AI SDK's
``ReplicateImageModel`` calls them: a sans-I/O codec.

``input``: ``prompt``, ``aspect_ratio``, ``size``, ``seed``, ``num_outputs`` (= n), the
input image(s) (``image``; Flux 2 models ``input_image``, ``input_image_2``... up to 8)
and ``mask`` as data URIs or URLs, then ``provider_options["replicate"]`` as written
(each model has its own inputs). ``maxWaitTimeInSeconds`` is not sent but sets
``Prefer: wait=N`` (default ``Prefer: wait``). ``predictions.py`` polls a prediction
the wait did not finish; the output URLs are downloaded without the token.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.media import ImageCallOptions, ImageModelResult, Poll
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from .files import file_uri
from .predictions import create_path, metadata, outputs, prediction_poll, replicate_error_message

FLUX_2 = re.compile(r"^black-forest-labs/flux-2-")
MAX_FLUX_2_IMAGES = 8
DEFAULT_BASE_URL = "https://api.replicate.com/v1"


def prefer(wait: Any) -> str:
    return f"wait={int(wait)}" if wait is not None else "wait"


@dataclass(frozen=True, slots=True)
class ReplicateImageCodec:
    model_id: str
    provider: str = "replicate"
    base_url: str = DEFAULT_BASE_URL
    """The API's base URL: a prediction's ``urls.get`` is followed only under it."""

    @property
    def flux_2(self) -> bool:
        return FLUX_2.match(self.model_id) is not None

    @property
    def max_images_per_call(self) -> int:
        return MAX_FLUX_2_IMAGES if self.flux_2 else 1

    def build_request(self, options: ImageCallOptions) -> PreparedRequest:
        warnings: list[CallWarning] = []
        path, version = create_path(self.model_id)
        given = {
            "prompt": options.prompt,
            "aspect_ratio": options.aspect_ratio,
            "size": options.size,
            "seed": options.seed,
            "num_outputs": options.n,
        }
        model_input: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
        files = list(options.files or ())
        if files and self.flux_2:
            for i, file in enumerate(files[:MAX_FLUX_2_IMAGES]):
                model_input["input_image" if i == 0 else f"input_image_{i + 1}"] = file_uri(file)
            if len(files) > MAX_FLUX_2_IMAGES:
                warnings.append(
                    CallWarning(
                        "other",
                        message=f"Flux 2 takes {MAX_FLUX_2_IMAGES} input images at most; rest dropped",
                    )
                )
        elif files:
            model_input["image"] = file_uri(files[0])
            if len(files) > 1:
                warnings.append(
                    CallWarning(
                        "other", message="this Replicate model takes one input image; the others are ignored"
                    )
                )
        if options.mask is not None:
            if self.flux_2:
                warnings.append(CallWarning("other", message="Flux 2 models take no mask; it was not sent"))
            else:
                model_input["mask"] = file_uri(options.mask)
        replicate = dict((options.provider_options or {}).get(self.provider) or {})
        wait = replicate.pop("maxWaitTimeInSeconds", None)
        model_input.update({key: value for key, value in replicate.items() if value is not None})
        body: dict[str, Any] = {"input": model_input, **({"version": version} if version else {})}
        headers = {**(options.headers or {}), "prefer": prefer(wait)}
        return PreparedRequest(path, body, headers=headers, warnings=warnings)

    def poll_request(self, options: ImageCallOptions, body: Any, headers: Mapping[str, str]) -> Poll | None:
        return prediction_poll(
            body, base_url=self.base_url, provider=self.provider, headers=dict(options.headers or {})
        )

    def parse_response(self, body: Any, headers: Mapping[str, str] | None = None) -> ImageModelResult:
        images = outputs(body, self.provider)
        return ImageModelResult(
            images=images,
            provider_metadata={self.provider: metadata(body)},
            response=ResponseInfo(id=body.get("id"), headers=dict(headers or {}), body=body),
        )

    error_message = staticmethod(replicate_error_message)
