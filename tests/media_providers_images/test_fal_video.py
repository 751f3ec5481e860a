"""fal video models through ``generate_video``: the queue followed to the finished clip.

Cassettes in ``cassettes/fal_video/``, written from fal's queue API
(``fal_wire.FakeFal``) and re-recordable with ``FAL_API_KEY`` (``cassettes/README.md``).
Each holds the submit, the status polls, the result and the download from fal's CDN;
the clip is checked as an MP4 box layout (the fake's video is not decodable, see
``media_bytes.tiny_mp4``; a real recording holds a real MP4 and passes the same check).
"""

from __future__ import annotations

from typing import Any

import pytest
from fal_wire import FAL_QUEUE
from media_bytes import mp4_boxes
from media_hosts import recorded, to_real

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.fal.provider import create_fal
from ai_sdk_integrations.spec.errors import InvalidRequestError

pytestmark = pytest.mark.vcr

DREAM_MACHINE = "luma-dream-machine"
PROMPT = "A paper boat drifting down a rain-soaked street, cinematic"


def model(settings: dict[str, Any], model_id: str = DREAM_MACHINE) -> ai.VideoModel:
    return create_fal(**settings).video_model(model_id)


def test_the_queue_is_followed_to_the_clip(vcr: Any, fal_settings: dict[str, Any]) -> None:
    seen: list[ai.JobProgress] = []
    result = ai.generate_video(
        model(fal_settings),
        PROMPT,
        aspect_ratio="16:9",
        duration=5,
        provider_options={"fal": {"loop": True, "resolution": "720p"}},
        on_progress=seen.append,
    )

    calls = recorded(vcr)
    submit, *polls, output, download = calls
    assert (submit.method, submit.uri) == ("POST", f"{FAL_QUEUE}/fal-ai/{DREAM_MACHINE}")
    assert submit.request_body == {
        "prompt": PROMPT,
        "aspect_ratio": "16:9",
        "duration": "5s",
        "loop": True,
        "resolution": "720p",
    }
    assert polls and all(p.method == "GET" and p.uri == submit.json["status_url"] for p in polls)
    assert polls[-1].json["status"] == "COMPLETED"
    assert (output.method, output.uri) == ("GET", submit.json["response_url"])
    assert (download.uri, download.host) == (output.json["video"]["url"], "v3.fal.media")
    video = result.video
    assert video.data == download.content and video.media_type == "video/mp4"
    assert mp4_boxes(video.data)[0][0] == b"ftyp"
    statuses = [submit.json["status"], *(p.json["status"] for p in polls)]
    assert [p.status.split(" ")[0] if p.status else None for p in seen] == statuses
    assert [p.polls for p in seen] == list(range(1, len(statuses) + 1))
    metadata = result.provider_metadata["fal"]
    assert to_real(metadata["videos"][0]["url"]) == output.json["video"]["url"]
    assert metadata["videos"][0]["contentType"] == output.json["video"]["content_type"]
    assert result.warnings == []


def test_image_to_video_and_settings_fal_cannot_take(vcr: Any, fal_settings: dict[str, Any]) -> None:
    start = "https://storage.googleapis.com/falserverless/example_inputs/dream_machine_start.png"
    result = ai.generate_video(
        model(fal_settings, "fal-ai/luma-dream-machine/image-to-video"),
        "the boat sails away",
        image=ai.InputFile(url=start),
        resolution="1280x720",
        fps=24,
        seed=5,
    )

    submit = recorded(vcr)[0]
    assert submit.uri == f"{FAL_QUEUE}/fal-ai/luma-dream-machine/image-to-video"
    assert submit.request_body == {"prompt": "the boat sails away", "image_url": start, "seed": 5}
    assert submit.json["status_url"].startswith(f"{FAL_QUEUE}/fal-ai/luma-dream-machine/requests/")
    assert sorted(w.feature or "" for w in result.warnings) == ["fps", "resolution"]
    assert mp4_boxes(result.video.data)


@pytest.mark.fal_written
def test_a_job_fal_rejects_is_an_invalid_request(vcr: Any, fal_settings: dict[str, Any]) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_video(model(fal_settings), "FAIL_JOB " + PROMPT)

    *_, output = recorded(vcr)
    assert output.status == 422 and output.json["detail"][0]["msg"] in str(caught.value)
    assert "content_policy_violation" in str(caught.value)


async def test_agenerate_video(vcr: Any, fal_settings: dict[str, Any]) -> None:
    result = await ai.agenerate_video(model(fal_settings, "fal-ai/minimax/video-01"), PROMPT)

    calls = recorded(vcr)
    assert calls[0].uri == f"{FAL_QUEUE}/fal-ai/minimax/video-01"
    assert calls[-1].content == result.video.data and mp4_boxes(result.video.data)
