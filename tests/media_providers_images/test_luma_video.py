"""Luma Ray video through ``generate_video`` (Luma's API; the AI SDK has no Luma video).

Cassettes in ``cassettes/luma_video/``, written from Luma's API reference and
re-recordable with ``LUMA_API_KEY``. The clip is checked as an MP4 box layout (the
fake's is not decodable; see ``media_bytes.tiny_mp4``).
"""

from __future__ import annotations

from typing import Any

import pytest
from luma_wire import LUMA_API
from media_bytes import mp4_boxes
from media_hosts import recorded

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.luma.provider import create_luma

pytestmark = pytest.mark.vcr

START = "https://storage.cdn-luma.com/app_data/ray/examples/start_frame.jpg"


def test_ray_video_from_a_start_frame(vcr: Any, luma_settings: dict[str, Any]) -> None:
    seen: list[ai.JobProgress] = []
    result = ai.generate_video(
        create_luma(**luma_settings).video_model("ray-2"),
        "the camera slowly pulls back",
        image=ai.InputFile(url=START),
        aspect_ratio="16:9",
        resolution="1920x1080",
        duration=5,
        seed=9,
        provider_options={"luma": {"loop": False}},
        on_progress=seen.append,
    )

    create, *polls, download = recorded(vcr)
    assert (create.method, create.uri) == ("POST", f"{LUMA_API}/dream-machine/v1/generations/video")
    assert create.request_body == {
        "prompt": "the camera slowly pulls back",
        "model": "ray-2",
        "aspect_ratio": "16:9",
        "duration": "5s",
        "resolution": "1080p",
        "keyframes": {"frame0": {"type": "image", "url": START}},
        "loop": False,
    }
    assert polls[-1].json["state"] == "completed"
    assert download.uri == polls[-1].json["assets"]["video"]
    assert result.video.data == download.content and result.video.media_type == "video/mp4"
    assert mp4_boxes(result.video.data)
    assert [w.feature for w in result.warnings] == ["seed"]
    assert seen and seen[0].status == create.json["state"]


async def test_agenerate_video(vcr: Any, luma_settings: dict[str, Any]) -> None:
    result = await ai.agenerate_video(
        create_luma(**luma_settings).video_model("ray-flash-2"), "waves at dusk"
    )

    calls = recorded(vcr)
    assert calls[0].request_body == {"prompt": "waves at dusk", "model": "ray-flash-2"}
    assert calls[-1].content == result.video.data and mp4_boxes(result.video.data)
