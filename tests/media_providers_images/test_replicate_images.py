"""Replicate image models through ``generate_image``: a prediction with ``Prefer: wait``,
polled when the wait runs out, its outputs downloaded from ``replicate.delivery``.

Cassettes in ``cassettes/replicate_images/``, written from Replicate's HTTP API
reference (``replicate_wire.FakeReplicate``) and re-recordable with
``REPLICATE_API_TOKEN`` (``cassettes/README.md``); ``replicate_written`` tests stay
written. Expectations come from the cassettes; images are decoded with Pillow.
"""

from __future__ import annotations

from typing import Any

import pytest
from media_bytes import opened
from media_hosts import recorded
from replicate_wire import INVALID_KEY, REPLICATE_API

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.replicate.provider import create_replicate
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError
from ai_sdk_integrations.spec.media import MediaJobError

pytestmark = pytest.mark.vcr

SCHNELL = "black-forest-labs/flux-schnell"
PROMPT = "A red fox in a snowy birch forest, photograph"


def model(settings: dict[str, Any], model_id: str = SCHNELL, **extra: Any) -> ai.ImageModel:
    return create_replicate(**settings, **extra).image_model(model_id)


def test_a_prediction_answered_within_the_wait(vcr: Any, replicate_settings: dict[str, Any]) -> None:
    result = ai.generate_image(
        model(replicate_settings),
        PROMPT,
        aspect_ratio="16:9",
        seed=11,
        provider_options={"replicate": {"output_format": "png", "num_inference_steps": 2}},
    )

    create, *rest = recorded(vcr)
    polls = [c for c in rest if c.host == "api.replicate.com"]  # none unless the wait ran out
    downloads = [c for c in rest if c.host == "replicate.delivery"]
    final = (polls[-1] if polls else create).json
    assert (create.method, create.uri, create.status) == (
        "POST",
        f"{REPLICATE_API}/models/{SCHNELL}/predictions",
        201,
    )
    assert create.request_body == {
        "input": {
            "prompt": PROMPT,
            "aspect_ratio": "16:9",
            "seed": 11,
            "num_outputs": 1,
            "output_format": "png",
            "num_inference_steps": 2,
        }
    }
    assert final["status"] == "succeeded" and [d.uri for d in downloads] == final["output"]
    assert all(d.host == "replicate.delivery" for d in downloads)
    picture = opened(result.image.data)
    assert picture.format == "PNG" and result.image.data == downloads[0].content
    assert picture.size[0] > picture.size[1]  # 16:9
    metadata = result.provider_metadata["replicate"]
    assert metadata["predictionId"] == create.json["id"] and metadata["metrics"] == final["metrics"]


def test_a_prediction_the_wait_did_not_finish_is_polled(vcr: Any, replicate_settings: dict[str, Any]) -> None:
    result = ai.generate_image(
        model(replicate_settings),
        "SLOW " + PROMPT,
        provider_options={"replicate": {"maxWaitTimeInSeconds": 5}},
    )

    create, *rest = recorded(vcr)
    polls = [c for c in rest if c.host == "api.replicate.com"]
    downloads = [c for c in rest if c.host == "replicate.delivery"]
    assert "maxWaitTimeInSeconds" not in create.request_body["input"]
    if create.json["status"] != "succeeded":  # a real re-recording may finish within the wait
        assert polls and all(p.uri == create.json["urls"]["get"] for p in polls)
    final = (polls[-1] if polls else create).json
    assert final["status"] == "succeeded" and [d.uri for d in downloads] == final["output"]
    assert opened(result.image.data).format == "WEBP" and result.image.media_type == "image/webp"


def test_a_versioned_model_posts_to_predictions(vcr: Any, replicate_settings: dict[str, Any]) -> None:
    version = "5599ed30703defd1d160a25a63321b4dec97101d98b4674bcc56e41f62f35637"
    result = ai.generate_image(model(replicate_settings, f"{SCHNELL}:{version}"), PROMPT)

    create = recorded(vcr)[0]
    assert create.uri == f"{REPLICATE_API}/predictions"
    assert create.request_body == {"input": {"prompt": PROMPT, "num_outputs": 1}, "version": version}
    assert opened(result.image.data)


def test_an_input_the_model_rejects_is_an_invalid_request(
    vcr: Any, replicate_settings: dict[str, Any]
) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_image(
            model(replicate_settings), PROMPT, provider_options={"replicate": {"num_inference_steps": 9}}
        )

    (create,) = recorded(vcr)
    assert create.status == 422 and create.request_body["input"]["num_inference_steps"] == 9
    assert create.json["detail"].strip() in str(caught.value)


def test_an_invalid_token_is_an_authentication_error(vcr: Any, replicate_settings: dict[str, Any]) -> None:
    with pytest.raises(AuthenticationError) as caught:
        ai.generate_image(model(replicate_settings, api_token=INVALID_KEY), PROMPT)

    (create,) = recorded(vcr)
    assert create.status == 401 and create.json["detail"] in str(caught.value)


@pytest.mark.replicate_written
def test_a_failed_prediction_is_a_media_job_error(vcr: Any, replicate_settings: dict[str, Any]) -> None:
    with pytest.raises(MediaJobError) as caught:
        ai.generate_image(model(replicate_settings), "FAIL_JOB " + PROMPT)

    (create,) = recorded(vcr)
    assert create.json["status"] == "failed" and create.json["error"] in str(caught.value)


async def test_agenerate_image(vcr: Any, replicate_settings: dict[str, Any]) -> None:
    result = await ai.agenerate_image(model(replicate_settings), PROMPT, aspect_ratio="1:1")

    create, download = recorded(vcr)
    assert create.json["output"] == [download.uri] and result.image.data == download.content
    assert opened(result.image.data).size[0] == opened(result.image.data).size[1]
