"""Whatever fal, Luma or Replicate answer, the codecs answer with a result, a next
request, or one of the package's errors (``InvalidResponseDataError`` for a body they
cannot read, ``MediaJobError`` for a job the provider says failed), never a
``KeyError`` or ``TypeError``; error readers return a string or ``None``.

The bodies are the recorded answers in this suite's cassettes, corrupted at random (a
field at any depth deleted or replaced by a value of another type), plus arbitrary JSON.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai_sdk_integrations.providers.fal.errors import fal_error_message
from ai_sdk_integrations.providers.fal.image import FalImageCodec
from ai_sdk_integrations.providers.fal.video import FalVideoCodec
from ai_sdk_integrations.providers.luma.generations import luma_error_message
from ai_sdk_integrations.providers.luma.image import LumaImageCodec
from ai_sdk_integrations.providers.luma.video import LumaVideoCodec
from ai_sdk_integrations.providers.replicate.image import ReplicateImageCodec
from ai_sdk_integrations.providers.replicate.predictions import replicate_error_message
from ai_sdk_integrations.providers.replicate.video import ReplicateVideoCodec
from ai_sdk_integrations.spec.errors import AISDKError
from ai_sdk_integrations.spec.media import (
    ImageCallOptions,
    ImageModelResult,
    MediaUrl,
    Poll,
    VideoCallOptions,
    VideoModelResult,
)

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes"
CODECS: dict[str, list[Any]] = {
    "fal": [FalImageCodec("fal-ai/flux/schnell"), FalVideoCodec("luma-dream-machine")],
    "luma": [LumaImageCodec("photon-1"), LumaVideoCodec("ray-2")],
    "replicate": [ReplicateImageCodec("a/b"), ReplicateVideoCodec("a/b")],
}
READERS = [fal_error_message, luma_error_message, replicate_error_message]
ODD: list[Any] = [None, True, -1, 10**30, 1.5, "", "x", [], {}, [None], {"url": 3}]


def recorded_bodies() -> list[tuple[str, Any]]:
    found = []
    for provider in CODECS:
        for path in sorted(CASSETTES.glob(f"{provider}_*/*.yaml")):
            for item in yaml.safe_load(path.read_text())["interactions"]:
                text = item["response"]["body"]["string"]
                try:
                    found.append((provider, json.loads(text)))
                except (TypeError, ValueError, UnicodeDecodeError):
                    continue  # an image or a clip
    return found


BODIES = recorded_bodies()
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            out += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += paths(child, (*prefix, index))
    return out


def corrupted(body: Any, path: tuple[Any, ...], replacement: Any, delete: bool) -> Any:
    body = copy.deepcopy(body)
    parent = body
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = replacement
    return body


def run(codec: Any, body: Any) -> None:
    options = ImageCallOptions("p") if hasattr(codec, "max_images_per_call") else VideoCallOptions("p")
    try:
        step = codec.poll_request(options, body, {}) if hasattr(codec, "poll_request") else None
        if step is not None:
            assert isinstance(step, Poll) and step.request.path.startswith("/")
            return
        result = codec.parse_response(body, {})
    except AISDKError:
        return
    assert isinstance(result, (ImageModelResult, VideoModelResult))
    items = result.images if isinstance(result, ImageModelResult) else result.videos
    assert all(isinstance(item, (MediaUrl, str)) for item in items)  # none: NoMediaGeneratedError in core


def test_the_recorded_answers_are_read() -> None:
    assert len(BODIES) > 20
    for provider, body in BODIES:
        for codec in CODECS[provider]:
            run(codec, body)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_corrupted_answers_raise_only_our_errors(data: st.DataObject) -> None:
    provider, body = data.draw(st.sampled_from(BODIES))
    where = paths(body)
    if not where:
        return
    path = data.draw(st.sampled_from(where))
    body = corrupted(body, path, data.draw(st.sampled_from(ODD) | json_values), data.draw(st.booleans()))
    for codec in CODECS[provider]:
        run(codec, body)


@settings(max_examples=200, deadline=None)
@given(body=json_values)
def test_any_json_raises_only_our_errors(body: Any) -> None:
    for codecs in CODECS.values():
        for codec in codecs:
            run(codec, body)
    for reader in READERS:
        message = reader(body)
        assert message is None or isinstance(message, str)


@pytest.mark.parametrize("reader", READERS)
def test_error_readers_on_recorded_error_bodies(reader: Any) -> None:
    for _, body in BODIES:
        message = reader(body)
        assert message is None or (isinstance(message, str) and message)
