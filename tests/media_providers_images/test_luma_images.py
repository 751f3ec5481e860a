"""Luma Photon images through ``generate_image``: create, poll until completed, download.

Cassettes in ``cassettes/luma_images/``, written from Luma's API reference
(``luma_wire.FakeLuma``) and re-recordable with ``LUMA_API_KEY``
(``cassettes/README.md``); ``luma_written`` tests stay written. Expectations come from
the cassettes; images are decoded with Pillow.
"""

from __future__ import annotations

from typing import Any

import pytest
from luma_wire import INVALID_KEY, LUMA_API
from media_bytes import opened
from media_hosts import recorded

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.luma.provider import create_luma
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError
from ai_sdk_integrations.spec.media import MediaJobError

pytestmark = pytest.mark.vcr

PROMPT = "A teddy bear in sunglasses playing electric guitar"
GENERATIONS = f"{LUMA_API}/dream-machine/v1/generations"
REFERENCES = [
    "https://storage.cdn-luma.com/app_data/photon/examples/style_ref_1.jpg",
    "https://storage.cdn-luma.com/app_data/photon/examples/style_ref_2.jpg",
]


def model(settings: dict[str, Any], model_id: str = "photon-flash-1", **extra: Any) -> ai.ImageModel:
    return create_luma(**settings, **extra).image_model(model_id)


def test_a_generation_is_polled_until_completed(vcr: Any, luma_settings: dict[str, Any]) -> None:
    seen: list[ai.JobProgress] = []
    result = ai.generate_image(model(luma_settings), PROMPT, aspect_ratio="3:4", on_progress=seen.append)

    create, *polls, download = recorded(vcr)
    assert (create.method, create.uri, create.status) == ("POST", f"{GENERATIONS}/image", 201)
    assert create.request_body == {"prompt": PROMPT, "aspect_ratio": "3:4", "model": "photon-flash-1"}
    generation_id = create.json["id"]
    assert polls and all((p.method, p.uri) == ("GET", f"{GENERATIONS}/{generation_id}") for p in polls)
    finished = polls[-1].json
    assert finished["state"] == "completed"
    assert (download.uri, download.host) == (finished["assets"]["image"], "storage.cdn-luma.com")
    assert [p.status for p in seen] == [create.json["state"], *(p.json["state"] for p in polls[:-1])]
    picture = opened(result.image.data)
    assert result.image.data == download.content
    assert result.image.media_type == f"image/{picture.format.lower()}"
    assert picture.size[1] > picture.size[0]  # 3:4 is portrait
    assert result.provider_metadata["luma"]["id"] == generation_id
    assert result.responses[0].id == generation_id


def test_style_references_and_settings_luma_lacks(vcr: Any, luma_settings: dict[str, Any]) -> None:
    result = ai.generate_image(
        model(luma_settings, "photon-1"),
        PROMPT,
        seed=1,
        size="1024x1024",
        files=[ai.InputFile(url=url) for url in REFERENCES],
        provider_options={"luma": {"referenceType": "style", "images": [{"weight": 0.6}], "format": "png"}},
    )

    create = recorded(vcr)[0]
    assert create.request_body == {
        "prompt": PROMPT,
        "model": "photon-1",
        "style_ref": [{"url": REFERENCES[0], "weight": 0.6}, {"url": REFERENCES[1], "weight": 0.8}],
        "format": "png",
    }
    assert sorted(w.feature or "" for w in result.warnings) == ["seed", "size"]
    assert opened(result.image.data).format == "PNG"


def test_a_value_luma_rejects_is_an_invalid_request(vcr: Any, luma_settings: dict[str, Any]) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_image(model(luma_settings), PROMPT, aspect_ratio="5:4")

    (create,) = recorded(vcr)
    assert create.status == 422
    for item in create.json["detail"]:
        assert item["msg"] in str(caught.value)


def test_an_invalid_key_is_an_authentication_error(vcr: Any, luma_settings: dict[str, Any]) -> None:
    with pytest.raises(AuthenticationError) as caught:
        ai.generate_image(model(luma_settings, api_key=INVALID_KEY), PROMPT)

    (create,) = recorded(vcr)
    assert create.status == 401 and create.json["detail"] in str(caught.value)


@pytest.mark.luma_written
def test_a_failed_generation_is_a_media_job_error(vcr: Any, luma_settings: dict[str, Any]) -> None:
    with pytest.raises(MediaJobError) as caught:
        ai.generate_image(model(luma_settings), "FAIL_JOB " + PROMPT)

    *_, last = recorded(vcr)
    assert last.json["state"] == "failed" and last.json["failure_reason"] in str(caught.value)
    assert caught.value.status == "failed"


async def test_agenerate_image(vcr: Any, luma_settings: dict[str, Any]) -> None:
    result = await ai.agenerate_image(model(luma_settings), PROMPT, aspect_ratio="1:1")

    calls = recorded(vcr)
    assert calls[-1].content == result.image.data
    assert opened(result.image.data).size[0] == opened(result.image.data).size[1]
