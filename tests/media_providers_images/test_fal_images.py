"""fal image models through ``generate_image``, against cassettes.

The cassettes in ``cassettes/fal_images/`` were *written* from fal's documented wire
format (``fal_wire.FakeFal``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest tests/media_providers_images --record-mode=rewrite

and are re-recorded against fal with ``FAL_API_KEY=...`` instead of
``AI_SDK_WRITE_CASSETTES=1`` (tests marked ``fal_written`` stay written). Each holds the
API call and the download of every image from fal's CDN; expectations are read from
the cassette's own answers, and every image is decoded with Pillow.
"""

from __future__ import annotations

import base64
from typing import Any

import pytest
from fal_wire import FAL_RUN, INVALID_KEY
from image_cassettes import uses_fake
from media_bytes import image_bytes, opened
from media_hosts import recorded, to_real

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.fal.provider import create_fal
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError

pytestmark = pytest.mark.vcr

SCHNELL = "fal-ai/flux/schnell"
PROMPT = "A lighthouse on a cliff at dawn, watercolor"


def model(settings: dict[str, Any], model_id: str = SCHNELL, **extra: Any) -> ai.ImageModel:
    return create_fal(**settings, **extra).image_model(model_id)


def no_key_on_downloads(request: pytest.FixtureRequest) -> None:
    """Against the fake, the CDN saw no credentials (cassettes drop the header anyway)."""
    if uses_fake(request.node):
        server = request.getfixturevalue("fal_wire")
        downloads = [r for r in server.hosts.received if r.host == "v3.fal.media"]
        assert downloads and all("authorization" not in r.headers for r in downloads)


def test_text_to_image(vcr: Any, fal_settings: dict[str, Any], request: pytest.FixtureRequest) -> None:
    result = ai.generate_image(model(fal_settings), PROMPT, size="512x384", seed=42)

    api, download = recorded(vcr)
    assert (api.method, api.uri) == ("POST", f"{FAL_RUN}/{SCHNELL}")
    assert api.request_body == {
        "prompt": PROMPT,
        "seed": 42,
        "image_size": {"width": 512, "height": 384},
        "num_images": 1,
    }
    (answered,) = api.json["images"]
    assert (download.method, download.uri, download.host) == ("GET", answered["url"], "v3.fal.media")
    image = result.image
    assert image.data == download.content and to_real(image.url or "") == answered["url"]
    picture = opened(image.data)
    assert picture.size == (answered["width"], answered["height"]) == (512, 384)
    assert image.media_type == answered["content_type"] == f"image/{picture.format.lower()}"
    metadata = result.provider_metadata["fal"]
    expected = {"width": 512, "height": 384, "contentType": answered["content_type"]}
    (details,) = metadata["images"]
    assert details.items() >= {**expected, "nsfw": api.json["has_nsfw_concepts"][0]}.items()
    assert metadata["seed"] == api.json["seed"] and metadata["timings"] == api.json["timings"]
    assert "prompt" not in metadata and result.warnings == []
    no_key_on_downloads(request)


def test_aspect_ratio_and_options_in_fal_names(vcr: Any, fal_settings: dict[str, Any]) -> None:
    result = ai.generate_image(
        model(fal_settings),
        PROMPT,
        aspect_ratio="16:9",
        provider_options={
            "fal": {"outputFormat": "png", "numInferenceSteps": 2, "enableSafetyChecker": False}
        },
    )

    api, download = recorded(vcr)
    assert api.request_body == {
        "prompt": PROMPT,
        "image_size": "landscape_16_9",
        "num_images": 1,
        "output_format": "png",
        "num_inference_steps": 2,
        "enable_safety_checker": False,
    }
    (answered,) = api.json["images"]
    picture = opened(result.image.data)
    assert picture.format == "PNG" and result.image.media_type == "image/png"
    assert picture.size == (answered["width"], answered["height"])
    assert picture.size[0] > picture.size[1]  # landscape
    assert download.content == result.image.data


def test_n_images_are_one_call_each(vcr: Any, fal_settings: dict[str, Any]) -> None:
    result = ai.generate_image(model(fal_settings), PROMPT, n=2, size="256x256", max_parallel_calls=1)

    calls = recorded(vcr)
    posts = [c for c in calls if c.method == "POST"]
    downloads = [c for c in calls if c.method == "GET"]
    assert len(posts) == 2 and all(p.request_body["num_images"] == 1 for p in posts)
    assert [d.uri for d in downloads] == [p.json["images"][0]["url"] for p in posts]
    assert [image.data for image in result.images] == [d.content for d in downloads]
    assert all(opened(image.data).size == (256, 256) for image in result.images)
    assert len(result.responses) == 2
    assert len(result.provider_metadata["fal"]["images"]) == 2


def test_sync_mode_answers_the_image_inline(vcr: Any, fal_settings: dict[str, Any]) -> None:
    result = ai.generate_image(
        model(fal_settings), PROMPT, size="256x192", provider_options={"fal": {"syncMode": True}}
    )

    (api,) = recorded(vcr)  # no download: the image is in the answer
    url = api.json["images"][0]["url"]
    assert api.request_body["sync_mode"] is True and url.startswith("data:image/")
    assert result.image.data == base64.b64decode(url.partition(",")[2])
    assert opened(result.image.data).size == (256, 192)


def test_image_to_image_sends_the_file_as_a_data_uri(vcr: Any, fal_settings: dict[str, Any]) -> None:
    source = image_bytes(64, 48, "png", seed=7)
    result = ai.generate_image(
        model(fal_settings, "fal-ai/flux/dev/image-to-image"),
        "the same scene at night",
        files=[ai.InputFile(data=source, media_type="image/png")],
        size="320x240",
        provider_options={"fal": {"strength": 0.8, "guidanceScale": 3.5}},
    )

    api, _ = recorded(vcr)
    assert api.request_body["image_url"] == "data:image/png;base64," + base64.b64encode(source).decode()
    assert api.request_body["strength"] == 0.8 and api.request_body["guidance_scale"] == 3.5
    assert opened(result.image.data).size == (320, 240)


def test_an_aspect_ratio_fal_has_no_size_for_is_a_warning(vcr: Any, fal_settings: dict[str, Any]) -> None:
    result = ai.generate_image(model(fal_settings), PROMPT, aspect_ratio="5:4")

    api, _ = recorded(vcr)
    assert "image_size" not in api.request_body
    (warning,) = result.warnings
    assert warning.type == "unsupported" and warning.feature == "aspectRatio"
    assert opened(result.image.data).size == (api.json["images"][0]["width"], api.json["images"][0]["height"])


def test_an_input_fal_rejects_is_an_invalid_request(vcr: Any, fal_settings: dict[str, Any]) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_image(model(fal_settings), PROMPT, provider_options={"fal": {"numInferenceSteps": 99}})

    (api,) = recorded(vcr)
    assert api.status == 422 and caught.value.status_code == 422
    for item in api.json["detail"]:
        assert item["msg"] in str(caught.value)
    assert "num_inference_steps" in str(caught.value)


def test_an_invalid_key_is_an_authentication_error(vcr: Any, fal_settings: dict[str, Any]) -> None:
    with pytest.raises(AuthenticationError) as caught:
        ai.generate_image(model(fal_settings, api_key=INVALID_KEY), PROMPT)

    (api,) = recorded(vcr)
    assert api.status == 401 and api.json["detail"] in str(caught.value)
    assert INVALID_KEY not in str(caught.value)


@pytest.mark.fal_written
def test_a_rate_limit_is_retried(vcr: Any, fal_settings: dict[str, Any]) -> None:
    result = ai.generate_image(model(fal_settings), "RATE_LIMIT " + PROMPT, size="128x128")

    first, second, download = recorded(vcr)
    assert first.status == 429 and second.status == 200
    assert first.request_body == second.request_body
    assert opened(result.image.data).size == (128, 128) and download.content == result.image.data


async def test_agenerate_image(vcr: Any, fal_settings: dict[str, Any]) -> None:
    result = await ai.agenerate_image(model(fal_settings), PROMPT, size="384x256", seed=3)

    api, download = recorded(vcr)
    assert api.request_body["seed"] == 3
    assert result.image.data == download.content and opened(result.image.data).size == (384, 256)
