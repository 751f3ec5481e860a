"""Replicate video models through ``generate_video``: a prediction polled at its
``urls.get`` until it succeeds, the clip downloaded from ``replicate.delivery``.

Cassettes in ``cassettes/replicate_video/``, written from Replicate's HTTP API and
re-recordable with ``REPLICATE_API_TOKEN``. The clip is checked as an MP4 box layout
(the fake's is not decodable; see ``media_bytes.tiny_mp4``).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from media_bytes import image_bytes, mp4_boxes
from media_hosts import recorded, to_real
from replicate_wire import REPLICATE_API

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.replicate.provider import create_replicate

pytestmark = pytest.mark.vcr


def last_percent(logs: str | None) -> float | None:
    """What Replicate's clients read as progress: the last ``NN%|`` in the logs."""
    found = re.findall(r"(\d{1,3})%\s*\|", logs or "")
    return int(found[-1]) / 100 if found else None


PROMPT = "A hummingbird hovering over a red flower, slow motion"


def test_a_prediction_is_polled_until_it_succeeds(vcr: Any, replicate_settings: dict[str, Any]) -> None:
    seen: list[ai.JobProgress] = []
    result = ai.generate_video(
        create_replicate(**replicate_settings).video_model("minimax/video-01"),
        PROMPT,
        provider_options={"replicate": {"prompt_optimizer": False, "pollIntervalMs": 500}},
        on_progress=seen.append,
    )

    create, *polls, download = recorded(vcr)
    assert (create.uri, create.status) == (f"{REPLICATE_API}/models/minimax/video-01/predictions", 201)
    assert create.request_body == {"input": {"prompt": PROMPT, "prompt_optimizer": False}}
    assert polls and all(p.uri == create.json["urls"]["get"] for p in polls)
    assert polls[-1].json["status"] == "succeeded" and download.uri == polls[-1].json["output"]
    assert result.video.data == download.content and mp4_boxes(result.video.data)
    assert [p.status for p in seen] == [create.json["status"], *(p.json["status"] for p in polls[:-1])]
    assert any(p.progress is not None for p in seen) or "%|" not in "".join(
        p.json["logs"] or "" for p in polls
    )
    (warning,) = result.warnings
    assert warning.setting == "pollIntervalMs"
    metadata = result.provider_metadata["replicate"]
    assert metadata["predictionId"] == create.json["id"]
    assert [to_real(v["url"]) for v in metadata["videos"]] == [download.uri]


async def test_image_to_video(vcr: Any, replicate_settings: dict[str, Any]) -> None:
    frame = image_bytes(96, 64, "png", seed=2)
    result = await ai.agenerate_video(
        create_replicate(**replicate_settings).video_model("wan-video/wan-2.2-i2v-fast"),
        "the bird flies off",
        image=ai.InputFile(data=frame, media_type="image/png"),
        seed=4,
    )

    create = recorded(vcr)[0]
    model_input = create.request_body["input"]
    assert model_input["image"].startswith("data:image/png;base64,") and model_input["seed"] == 4
    assert mp4_boxes(result.video.data)
