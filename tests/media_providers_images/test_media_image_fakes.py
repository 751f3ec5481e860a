"""The fakes reject what fal, Luma and Replicate reject, in their own error bodies; a
fake that accepted anything would prove nothing about the codecs written against it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx2
import pytest
from fake_keys import fake_key
from fal_wire import INVALID_KEY as FAL_INVALID
from fal_wire import FakeFal
from luma_wire import FakeLuma
from replicate_wire import FakeReplicate

KEY = fake_key("fakes-key")


@pytest.fixture(scope="module")
def http() -> Iterator[httpx2.Client]:
    with httpx2.Client(timeout=10) as made:
        yield made


@pytest.fixture(scope="module")
def fal() -> Iterator[FakeFal]:
    with FakeFal() as server:
        yield server


@pytest.fixture(scope="module")
def luma() -> Iterator[FakeLuma]:
    with FakeLuma() as server:
        yield server


@pytest.fixture(scope="module")
def replicate() -> Iterator[FakeReplicate]:
    with FakeReplicate() as server:
        yield server


def post(http: httpx2.Client, url: str, body: Any, auth: str | None) -> httpx2.Response:
    headers = {"authorization": auth} if auth else {}
    return http.post(url, json=body, headers=headers)


@pytest.mark.parametrize(
    ("auth", "body", "status", "found"),
    [
        (None, {"prompt": "x"}, 401, "Authorization: Key"),
        (f"Bearer {KEY}", {"prompt": "x"}, 401, "Authorization: Key"),
        (f"Key {FAL_INVALID}", {"prompt": "x"}, 401, "No user found"),
        (f"Key {KEY}", {}, 422, "Field required"),
        (f"Key {KEY}", {"prompt": "x", "num_images": 5}, 422, "less than or equal to 4"),
        (f"Key {KEY}", {"prompt": "x", "output_format": "gif"}, 422, "'jpeg' or 'png'"),
        (f"Key {KEY}", {"prompt": "x", "image_size": "huge"}, 422, "square_hd"),
        (f"Key {KEY}", {"prompt": "x", "seed": "1"}, 422, "valid integer"),
    ],
)
def test_fal_rejects(
    http: httpx2.Client, fal: FakeFal, auth: str | None, body: Any, status: int, found: str
) -> None:
    answer = post(http, f"{fal.base_url}/fal-ai/flux/schnell", body, auth)
    assert answer.status_code == status and found in answer.text and "detail" in answer.json()


def test_fal_accepts_fields_it_does_not_declare_and_knows_its_models(
    http: httpx2.Client, fal: FakeFal
) -> None:
    ok = post(
        http,
        f"{fal.base_url}/fal-ai/flux/schnell",
        {"prompt": "x", "image_size": "square", "unknown": 1},
        f"Key {KEY}",
    )
    assert ok.status_code == 200 and ok.json()["images"][0]["width"] == 512
    missing = post(http, f"{fal.base_url}/fal-ai/no-such-model", {"prompt": "x"}, f"Key {KEY}")
    assert missing.status_code == 404
    early = post(http, f"{fal.queue_url}/fal-ai/minimax/video-01", {"prompt": "x"}, f"Key {KEY}").json()
    result = http.get(early["response_url"], headers={"authorization": f"Key {KEY}"})
    assert result.status_code == 400 and result.json() == {"detail": "Request is still in progress"}
    assert http.get(early["status_url"]).status_code == 401


@pytest.mark.parametrize(
    ("auth", "body", "status", "found"),
    [
        (None, {"model": "photon-1"}, 401, "Not authenticated"),
        (f"Bearer {KEY}", {"prompt": "x"}, 422, "Field required"),
        (f"Bearer {KEY}", {"model": "photon-2"}, 422, "'photon-1' or 'photon-flash-1'"),
        (
            f"Bearer {KEY}",
            {"model": "photon-1", "image": [{"url": "u"}]},
            422,
            "Extra inputs are not permitted",
        ),
        (f"Bearer {KEY}", {"model": "photon-1", "aspect_ratio": "2:1"}, 422, "literal_error"),
        (f"Bearer {KEY}", {"model": "photon-1", "image_ref": [{"weight": 1}]}, 422, "{url, weight}"),
    ],
)
def test_luma_rejects(
    http: httpx2.Client, luma: FakeLuma, auth: str | None, body: Any, status: int, found: str
) -> None:
    answer = post(http, f"{luma.base_url}/dream-machine/v1/generations/image", body, auth)
    assert answer.status_code == status and found in answer.text


def test_luma_unknown_generation(http: httpx2.Client, luma: FakeLuma) -> None:
    answer = http.get(
        f"{luma.base_url}/dream-machine/v1/generations/nope", headers={"authorization": f"Bearer {KEY}"}
    )
    assert answer.status_code == 404 and answer.json() == {"detail": "Generation not found"}


@pytest.mark.parametrize(
    ("path", "auth", "body", "status", "found"),
    [
        (
            "/models/black-forest-labs/flux-schnell/predictions",
            None,
            {"input": {}},
            401,
            "valid authentication token",
        ),
        ("/models/black-forest-labs/flux-schnell/predictions", KEY, {"input": {}}, 422, "prompt is required"),
        (
            "/models/black-forest-labs/flux-schnell/predictions",
            KEY,
            {"input": {"prompt": "x"}, "extra": 1},
            422,
            "Additional property extra",
        ),
        (
            "/models/black-forest-labs/flux-schnell/predictions",
            KEY,
            {"input": {"prompt": "x", "size": "1x1"}},
            422,
            "Additional property size",
        ),
        (
            "/models/black-forest-labs/flux-schnell/predictions",
            KEY,
            {"input": {"prompt": "x", "num_outputs": 9}},
            422,
            "less than or equal to 4",
        ),
        (
            "/models/black-forest-labs/flux-schnell/predictions",
            KEY,
            {"input": {"prompt": "x", "aspect_ratio": "2:1"}},
            422,
            "must be one of",
        ),
        (
            "/models/black-forest-labs/flux-schnell/predictions",
            KEY,
            {"prompt": "x"},
            422,
            "input is required",
        ),
        ("/predictions", KEY, {"input": {"prompt": "x"}}, 422, "version is required"),
        ("/models/nobody/nothing/predictions", KEY, {"input": {"prompt": "x"}}, 404, "could not be found"),
    ],
)
def test_replicate_rejects(
    http: httpx2.Client,
    replicate: FakeReplicate,
    path: str,
    auth: str | None,
    body: Any,
    status: int,
    found: str,
) -> None:
    answer = post(http, replicate.base_url + path, body, f"Bearer {auth}" if auth else None)
    assert answer.status_code == status and found in answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["status"] == status
