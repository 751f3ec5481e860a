"""The fal, Luma and Replicate factories: keys, auth headers, model strings, and the
rule that a generated file is downloaded without the provider's credentials.

Uses an ``httpx2.MockTransport`` as the caller's own client (the ``http_client``
setting), which sees every request as sent, headers included (a cassette never holds
an ``Authorization`` header, so cassettes cannot show this)."""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from typing import Any

import httpx2
import pytest
from fake_keys import fake_key
from media_bytes import image_bytes, opened, tiny_mp4

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.fal.provider import create_fal
from ai_sdk_integrations.providers.luma.provider import create_luma
from ai_sdk_integrations.providers.replicate.provider import create_replicate
from ai_sdk_integrations.spec.errors import LoadAPIKeyError, UnsupportedFunctionalityError, UsageError

KEY = fake_key("media-SECRET-abcdefghijklmnop1234")
PNG = image_bytes(32, 24, "png", seed=1)


def client(answer: Callable[[httpx2.Request], httpx2.Response], seen: list[httpx2.Request]) -> httpx2.Client:
    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        return answer(request)

    return httpx2.Client(transport=httpx2.MockTransport(handler))


def png_or(payload: Any) -> Callable[[httpx2.Request], httpx2.Response]:
    def answer(request: httpx2.Request) -> httpx2.Response:
        if request.url.host.endswith(("fal.media", "cdn-luma.com", "replicate.delivery")):
            return httpx2.Response(200, content=PNG, headers={"content-type": "image/png"})
        return httpx2.Response(200, json=payload(request) if callable(payload) else payload)

    return answer


def test_fal_sends_key_scheme_to_the_api_and_nothing_to_the_cdn() -> None:
    seen: list[httpx2.Request] = []
    answer = png_or({"images": [{"url": "https://v3.fal.media/files/a/b.png", "content_type": "image/png"}]})
    result = ai.generate_image(
        create_fal(api_key=KEY, http_client=client(answer, seen), headers={"x-team": "t1"}).image_model(
            "fal-ai/flux/schnell"
        ),
        "a cat",
    )
    api, download = seen
    assert api.headers["authorization"] == f"Key {KEY}" and api.headers["x-team"] == "t1"
    assert str(api.url) == "https://fal.run/fal-ai/flux/schnell"
    assert "authorization" not in download.headers and "x-team" not in download.headers
    assert KEY not in str(download.headers) and opened(result.image.data).size == (32, 24)


def test_fal_queue_links_carry_the_key_only_to_the_queue() -> None:
    seen: list[httpx2.Request] = []
    base = "https://queue.fal.run/fal-ai/luma-dream-machine/requests/r1"

    def answer(request: httpx2.Request) -> httpx2.Response:
        url = str(request.url)
        if request.url.host == "v3.fal.media":
            return httpx2.Response(200, content=tiny_mp4())
        if request.method == "POST":
            return httpx2.Response(
                200,
                json={
                    "status": "IN_QUEUE",
                    "request_id": "r1",
                    "response_url": base,
                    "status_url": f"{base}/status",
                },
            )
        if url.endswith("/status"):
            return httpx2.Response(200, json={"status": "COMPLETED", "response_url": base})
        return httpx2.Response(200, json={"video": {"url": "https://v3.fal.media/files/v.mp4"}})

    result = ai.generate_video(
        create_fal(api_key=KEY, http_client=client(answer, seen)).video_model("luma-dream-machine"), "waves"
    )
    assert [str(r.url) for r in seen] == [
        "https://queue.fal.run/fal-ai/luma-dream-machine",
        f"{base}/status",
        base,
        "https://v3.fal.media/files/v.mp4",
    ]
    assert [r.headers.get("authorization") for r in seen] == [f"Key {KEY}"] * 3 + [None]
    assert result.video.media_type == "video/mp4"


def test_luma_and_replicate_bearer_keys_stay_off_their_cdns() -> None:
    seen: list[httpx2.Request] = []
    done = {"id": "g", "state": "completed", "assets": {"image": "https://storage.cdn-luma.com/g.jpg"}}
    ai.generate_image(
        create_luma(api_key=KEY, http_client=client(png_or(done), seen)).image_model("photon-1"), "a cat"
    )
    prediction = {"id": "p", "status": "succeeded", "output": ["https://replicate.delivery/x/out-0.png"]}
    ai.generate_image(
        create_replicate(api_token=KEY, http_client=client(png_or(prediction), seen)).image_model("a/b"),
        "a cat",
    )
    luma_api, luma_cdn, replicate_api, replicate_cdn = seen
    assert luma_api.headers["authorization"] == replicate_api.headers["authorization"] == f"Bearer {KEY}"
    assert str(luma_api.url) == "https://api.lumalabs.ai/dream-machine/v1/generations/image"
    assert str(replicate_api.url) == "https://api.replicate.com/v1/models/a/b/predictions"
    assert (
        replicate_api.headers["prefer"] == "wait"
        and json.loads(replicate_api.content)["input"]["num_outputs"] == 1
    )
    assert "authorization" not in luma_cdn.headers and "authorization" not in replicate_cdn.headers


@pytest.mark.parametrize(
    ("factory", "variables"),
    [
        (create_fal, ("FAL_API_KEY", "FAL_KEY")),
        (create_luma, ("LUMA_API_KEY",)),
        (create_replicate, ("REPLICATE_API_TOKEN",)),
    ],
)
def test_keys_come_from_the_usual_variables(
    factory: Any, variables: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("FAL_API_KEY", "FAL_KEY", "LUMA_API_KEY", "REPLICATE_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    provider = factory()  # made without a key: it is read per request
    with pytest.raises(LoadAPIKeyError, match=variables[0]):
        provider.endpoint.request_headers({})
    for rank, name in reversed(list(enumerate(variables))):
        monkeypatch.setenv(name, f"{KEY}-{rank}")
    headers, _ = provider.endpoint.request_headers({})
    assert headers["authorization"].endswith(f"{KEY}-0")  # FAL_API_KEY wins over FAL_KEY
    if len(variables) > 1:
        monkeypatch.delenv(variables[0])
        assert provider.endpoint.request_headers({})[0]["authorization"] == f"Key {KEY}-1"


def test_model_strings_resolve_through_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    fal = ai.image_model("fal:fal-ai/flux/dev")
    assert (fal.provider, fal.model_id, fal.max_images_per_call) == ("fal", "fal-ai/flux/dev", 1)
    assert ai.video_model("fal:luma-dream-machine").endpoint.base_url == "https://queue.fal.run"
    assert ai.image_model("luma:photon-1").endpoint.base_url == "https://api.lumalabs.ai"
    assert ai.video_model("luma:ray-2").model_id == "ray-2"
    replicate = ai.image_model("replicate:black-forest-labs/flux-2-pro", base_url="https://proxy.example")
    assert replicate.endpoint.base_url == "https://proxy.example/v1" and replicate.max_images_per_call == 8
    assert ai.video_model("replicate:minimax/video-01").max_videos_per_call == 1
    again = pickle.loads(pickle.dumps(fal))
    assert again.model_id == fal.model_id and again.endpoint == fal.endpoint


def test_what_these_providers_do_not_offer() -> None:
    for name in ("fal", "luma", "replicate"):
        with pytest.raises(UnsupportedFunctionalityError):
            ai.language_model(f"{name}:anything")
    with pytest.raises(UsageError, match="did you mean 'timeout'"):
        create_fal(timout=3)
    with pytest.raises(UsageError, match="not both"):
        create_replicate(api_key=KEY, api_token=KEY)
    assert create_fal(queue_base_url="http://localhost:9/").queue_endpoint.base_url == "http://localhost:9"
    assert (
        create_fal().with_settings(base_url="https://proxy.example").endpoint.base_url
        == "https://proxy.example"
    )
    assert KEY not in repr(create_luma(api_key=KEY)) and KEY not in repr(
        create_fal(api_key=KEY).image_model("m")
    )
