"""The fal, Luma and Replicate codecs on their own: what each request holds, what each
answer becomes, and every way an answer can be wrong (no HTTP, no cassettes)."""

from __future__ import annotations

from typing import Any

import pytest

from ai_sdk_integrations.providers.fal.errors import fal_error_message
from ai_sdk_integrations.providers.fal.image import FalImageCodec
from ai_sdk_integrations.providers.fal.queue import app_path, queue_poll
from ai_sdk_integrations.providers.fal.video import FalVideoCodec
from ai_sdk_integrations.providers.luma.generations import generation_poll, luma_error_message
from ai_sdk_integrations.providers.luma.image import LumaImageCodec
from ai_sdk_integrations.providers.luma.video import LumaVideoCodec, named_resolution
from ai_sdk_integrations.providers.replicate.image import ReplicateImageCodec
from ai_sdk_integrations.providers.replicate.predictions import (
    create_path,
    outputs,
    prediction_poll,
    replicate_error_message,
)
from ai_sdk_integrations.providers.replicate.video import ReplicateVideoCodec
from ai_sdk_integrations.spec.errors import (
    InvalidResponseDataError,
    UnsupportedFunctionalityError,
    UsageError,
)
from ai_sdk_integrations.spec.media import (
    ImageCallOptions,
    InputFile,
    MediaJobError,
    MediaUrl,
    VideoCallOptions,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
QUEUE = "https://queue.fal.run"


def image(**given: Any) -> ImageCallOptions:
    return ImageCallOptions(**{"prompt": "a cat", **given})


def video(**given: Any) -> VideoCallOptions:
    return VideoCallOptions(**{"prompt": "a cat", **given})


# -- fal ---------------------------------------------------------------------------------


def test_fal_sizes_and_aspect_ratios() -> None:
    codec = FalImageCodec("fal-ai/flux/dev")
    assert codec.build_request(image(size="640x480")).body["image_size"] == {"width": 640, "height": 480}
    assert codec.build_request(image(aspect_ratio="9:16")).body["image_size"] == "portrait_16_9"
    assert codec.build_request(image(aspect_ratio="21:9")).body["image_size"] == {
        "width": 2560,
        "height": 1080,
    }
    assert codec.build_request(image(size="1x1", aspect_ratio="16:9")).body["image_size"] == {
        "width": 1,
        "height": 1,
    }
    with pytest.raises(UsageError, match="1024x768"):
        codec.build_request(image(size="large"))


def test_fal_input_images_mask_and_options() -> None:
    codec = FalImageCodec("fal-ai/flux-2/edit")
    files = [InputFile(data=PNG), InputFile(url="https://example.com/b.jpg")]
    single = codec.build_request(image(files=files, mask=InputFile(data=PNG, media_type="image/png")))
    assert single.body["image_url"].startswith("data:image/png;base64,")
    assert single.body["mask_url"].startswith("data:image/png;base64,")
    assert [w.type for w in single.warnings] == ["other"]
    several = codec.build_request(image(files=files, provider_options={"fal": {"useMultipleImages": True}}))
    assert several.body["image_urls"][1] == "https://example.com/b.jpg" and not several.warnings
    assert "useMultipleImages" not in several.body
    options = {"fal": {"guidance_scale": 2, "customField": "x", "acceleration": None}}
    mixed = codec.build_request(image(provider_options=options))
    assert mixed.body["guidance_scale"] == 2 and mixed.body["customField"] == "x"
    assert "acceleration" not in mixed.body
    assert [w.type for w in mixed.warnings] == ["deprecated"] and "guidanceScale" in str(
        mixed.warnings[0].message
    )
    assert "prompt" not in codec.build_request(image(prompt=None)).body


def test_fal_answers() -> None:
    codec = FalImageCodec("fal-ai/flux/dev", provider="myfal")
    single = codec.parse_response(
        {
            "image": {"url": "https://v3.fal.media/a.png", "content_type": "image/png", "file_size": 9},
            "seed": 1,
            "nsfw_content_detected": [True],
        }
    )
    assert single.images == [MediaUrl("https://v3.fal.media/a.png", "image/png")]
    assert single.provider_metadata == {
        "myfal": {"images": [{"contentType": "image/png", "fileSize": 9, "nsfw": True}], "seed": 1}
    }
    inline = codec.parse_response({"images": [{"url": "data:image/png;base64,iVBO"}]})
    assert inline.images == ["data:image/png;base64,iVBO"]
    for bad in ({}, {"images": [{}]}, {"images": "x"}, [], None, {"images": [{"url": ""}]}):
        with pytest.raises(InvalidResponseDataError):
            codec.parse_response(bad)


def test_fal_error_bodies() -> None:
    detail = [
        {
            "loc": ["body", "num_images"],
            "msg": "Input should be less than or equal to 4",
            "type": "less_than_equal",
        }
    ]
    assert (
        fal_error_message({"detail": detail})
        == "body.num_images: Input should be less than or equal to 4 (less_than_equal)"
    )
    assert (
        fal_error_message({"detail": "Request timed out", "error_type": "request_timeout"})
        == "Request timed out (request_timeout)"
    )
    assert fal_error_message({"error": {"message": "boom", "code": 500}}) == "boom"
    assert fal_error_message({"message": "gone"}) == "gone"
    assert fal_error_message({"detail": [1, 2]}) is None and fal_error_message("x") is None


def test_fal_video_request_and_model_paths() -> None:
    codec = FalVideoCodec("luma-dream-machine")
    request = codec.build_request(
        video(
            duration=5,
            seed=0,
            image=InputFile(data=PNG),
            provider_options={"fal": {"motionStrength": 0.4, "negativePrompt": "blur"}},
        )
    )
    assert request.path == "/fal-ai/luma-dream-machine"
    assert request.body["duration"] == "5s" and request.body["seed"] == 0
    assert request.body["motion_strength"] == 0.4 and request.body["negative_prompt"] == "blur"
    assert (
        FalVideoCodec("fal-ai/kling-video/v2/master/text-to-video").model_path
        == "fal-ai/kling-video/v2/master/text-to-video"
    )
    assert app_path("fal-ai/kling-video/v2/master/text-to-video") == "fal-ai/kling-video"


def test_fal_queue_steps() -> None:
    links = {
        "request_id": "r1",
        "response_url": f"{QUEUE}/fal-ai/x/requests/r1",
        "status_url": f"{QUEUE}/fal-ai/x/requests/r1/status",
    }
    poll = queue_poll(
        {**links, "status": "IN_QUEUE", "queue_position": 3},
        base_url=QUEUE,
        model_path="fal-ai/x/y",
        provider="fal",
        headers={},
    )
    assert poll is not None and poll.request.path == "/fal-ai/x/requests/r1/status" and poll.wait
    assert poll.status == "IN_QUEUE (position 3)"
    done = queue_poll(
        {**links, "status": "COMPLETED"}, base_url=QUEUE, model_path="fal-ai/x/y", provider="fal", headers={}
    )
    assert done is not None and done.request.path == "/fal-ai/x/requests/r1" and not done.wait
    bare = queue_poll(
        {"status": "IN_PROGRESS", "request_id": "r2"},
        base_url=QUEUE,
        model_path="fal-ai/x/y",
        provider="fal",
        headers={},
    )
    assert bare is not None and bare.request.path == "/fal-ai/x/requests/r2/status"
    assert (
        queue_poll({"video": {"url": "u"}}, base_url=QUEUE, model_path="m", provider="fal", headers={})
        is None
    )
    with pytest.raises(InvalidResponseDataError, match="not sending the API key"):
        queue_poll(
            {"status": "IN_QUEUE", "status_url": "https://evil.example/steal"},
            base_url=QUEUE,
            model_path="m",
            provider="fal",
            headers={},
        )
    with pytest.raises(InvalidResponseDataError, match="not sending"):
        queue_poll(
            {"status": "COMPLETED", "response_url": "https://queue.fal.run.evil.example/x"},
            base_url=QUEUE,
            model_path="m",
            provider="fal",
            headers={},
        )
    with pytest.raises(MediaJobError):
        queue_poll(
            {"status": "COMPLETED", "error": "runner crashed"},
            base_url=QUEUE,
            model_path="m",
            provider="fal",
            headers={},
        )
    with pytest.raises(InvalidResponseDataError):
        queue_poll({"status": "COMPLETED"}, base_url=QUEUE, model_path="m", provider="fal", headers={})


def test_fal_video_answers() -> None:
    codec = FalVideoCodec("luma-dream-machine")
    result = codec.parse_response(
        {"video": {"url": "https://v3.fal.media/v.mp4", "width": 1280, "fps": 24}, "seed": 3}
    )
    assert result.videos == [MediaUrl("https://v3.fal.media/v.mp4", "video/mp4")]
    assert result.provider_metadata == {
        "fal": {"videos": [{"url": "https://v3.fal.media/v.mp4", "width": 1280, "fps": 24}], "seed": 3}
    }
    for bad in ({}, {"video": {}}, {"video": "x"}, None):
        with pytest.raises(InvalidResponseDataError):
            codec.parse_response(bad)


# -- Luma --------------------------------------------------------------------------------


def test_luma_reference_kinds() -> None:
    codec = LumaImageCodec("photon-1")
    urls = [InputFile(url=f"https://x/{i}.jpg") for i in range(3)]
    default = codec.build_request(image(files=urls[:2]))
    assert default.body["image_ref"] == [
        {"url": "https://x/0.jpg", "weight": 0.85},
        {"url": "https://x/1.jpg", "weight": 0.85},
    ]
    configs = [{"id": "a"}, {"id": "b"}, {"id": "a"}]
    character = codec.build_request(
        image(files=urls, provider_options={"luma": {"referenceType": "character", "images": configs}})
    )
    assert character.body["character_ref"] == {
        "a": {"images": ["https://x/0.jpg", "https://x/2.jpg"]},
        "b": {"images": ["https://x/1.jpg"]},
    }
    modify = codec.build_request(
        image(
            files=urls[:1],
            provider_options={"luma": {"referenceType": "modify_image", "images": [{"weight": 0.3}]}},
        )
    )
    assert modify.body["modify_image_ref"] == {"url": "https://x/0.jpg", "weight": 0.3}
    with pytest.raises(UsageError, match="one image"):
        codec.build_request(image(files=urls, provider_options={"luma": {"referenceType": "modify_image"}}))
    with pytest.raises(UsageError, match="at most 4"):
        codec.build_request(image(files=urls * 2))
    with pytest.raises(UsageError, match="URLs"):
        codec.build_request(image(files=[InputFile(data=PNG)]))
    with pytest.raises(UsageError, match="referenceType"):
        codec.build_request(image(files=urls[:1], provider_options={"luma": {"referenceType": "pose"}}))
    with pytest.raises(UnsupportedFunctionalityError):
        codec.build_request(image(mask=InputFile(data=PNG)))
    polled = codec.build_request(
        image(provider_options={"luma": {"pollIntervalMillis": 100, "callback_url": "https://me"}})
    )
    assert polled.body == {"prompt": "a cat", "model": "photon-1", "callback_url": "https://me"}
    assert [w.setting for w in polled.warnings] == ["pollIntervalMillis"]


def test_luma_generation_states() -> None:
    queued = generation_poll({"id": "g1", "state": "queued"}, "luma", {"x-trace": "1"})
    assert queued is not None and queued.request.path == "/dream-machine/v1/generations/g1"
    assert queued.request.method == "GET" and queued.request.headers == {"x-trace": "1"}
    assert generation_poll({"id": "g1", "state": "completed"}, "luma", {}) is None
    with pytest.raises(MediaJobError, match="moderation"):
        generation_poll({"id": "g1", "state": "failed", "failure_reason": "moderation"}, "luma", {})
    for bad in ({"id": "g1", "state": "exploded"}, {"state": "queued"}, {"id": 3, "state": "queued"}, []):
        with pytest.raises(InvalidResponseDataError):
            generation_poll(bad, "luma", {})
    with pytest.raises(InvalidResponseDataError, match=r"assets\.image"):
        LumaImageCodec("photon-1").parse_response({"id": "g1", "state": "completed", "assets": {}})


def test_luma_video_request_and_errors() -> None:
    codec = LumaVideoCodec("ray-2")
    request = codec.build_request(video(resolution="1080x1920", fps=30, duration=9))
    assert request.body == {"prompt": "a cat", "model": "ray-2", "duration": "9s", "resolution": "1080p"}
    assert [w.feature for w in request.warnings] == ["fps"]
    assert named_resolution("3840x2160") == "4k" and named_resolution("800x600") is None
    assert [w.feature for w in codec.build_request(video(resolution="800x600")).warnings] == ["resolution"]
    with pytest.raises(UsageError):
        codec.build_request(video(image=InputFile(data=PNG)))
    assert (
        luma_error_message({"detail": [{"loc": ["body", "model"], "msg": "Field required"}]})
        == "body.model: Field required"
    )
    assert luma_error_message({"detail": "Invalid API key"}) == "Invalid API key"
    assert luma_error_message({"detail": []}) is None and luma_error_message(None) is None


# -- Replicate -----------------------------------------------------------------------------


def test_replicate_paths_and_prefer() -> None:
    assert create_path("black-forest-labs/flux-schnell") == (
        "/models/black-forest-labs/flux-schnell/predictions",
        None,
    )
    assert create_path("owner/name:abc") == ("/predictions", "abc")
    codec = ReplicateImageCodec("black-forest-labs/flux-schnell")
    assert codec.build_request(image()).headers["prefer"] == "wait"
    sized = codec.build_request(image(size="1024x768", aspect_ratio="4:3", seed=0, n=2)).body["input"]
    assert sized == {
        "prompt": "a cat",
        "aspect_ratio": "4:3",
        "size": "1024x768",
        "seed": 0,
        "num_outputs": 2,
    }
    waited = codec.build_request(image(provider_options={"replicate": {"maxWaitTimeInSeconds": 30}}))
    assert waited.headers["prefer"] == "wait=30" and "maxWaitTimeInSeconds" not in waited.body["input"]
    assert "prefer" not in ReplicateVideoCodec("minimax/video-01").build_request(video()).headers


def test_replicate_flux_2_inputs() -> None:
    codec = ReplicateImageCodec("black-forest-labs/flux-2-pro")
    assert codec.max_images_per_call == 8 and ReplicateImageCodec("x/y").max_images_per_call == 1
    files = [InputFile(url=f"https://x/{i}.png") for i in range(9)]
    request = codec.build_request(image(files=files, mask=InputFile(data=PNG)))
    assert request.body["input"]["input_image"] == "https://x/0.png"
    assert (
        request.body["input"]["input_image_8"] == "https://x/7.png"
        and "input_image_9" not in request.body["input"]
    )
    assert "mask" not in request.body["input"] and len(request.warnings) == 2
    plain = ReplicateImageCodec("x/y").build_request(image(files=files[:2], mask=InputFile(data=PNG)))
    assert plain.body["input"]["image"] == "https://x/0.png" and plain.body["input"]["mask"].startswith(
        "data:image/png"
    )


def test_replicate_prediction_states() -> None:
    base = "https://api.replicate.com/v1"
    running = {
        "id": "p1",
        "status": "processing",
        "logs": "  7%|▋ | 1/14\n 42%|████▏ | 6/14",
        "urls": {"get": f"{base}/predictions/p1"},
    }
    poll = prediction_poll(running, base_url=base, provider="replicate", headers={})
    assert poll is not None and poll.request.path == "/predictions/p1" and poll.progress == 0.42
    elsewhere = {**running, "urls": {"get": "https://evil.example/v1/predictions/p1"}, "logs": None}
    poll = prediction_poll(elsewhere, base_url=base, provider="replicate", headers={})
    assert poll is not None and poll.request.path == "/predictions/p1" and poll.progress is None
    assert (
        prediction_poll({"id": "p1", "status": "succeeded"}, base_url=base, provider="replicate", headers={})
        is None
    )
    with pytest.raises(MediaJobError, match="CUDA"):
        prediction_poll(
            {"id": "p1", "status": "failed", "error": "CUDA out of memory"},
            base_url=base,
            provider="replicate",
            headers={},
        )
    with pytest.raises(MediaJobError, match="canceled"):
        prediction_poll({"id": "p1", "status": "canceled"}, base_url=base, provider="replicate", headers={})
    with pytest.raises(InvalidResponseDataError):
        prediction_poll({"status": "starting"}, base_url=base, provider="replicate", headers={})
    with pytest.raises(InvalidResponseDataError):
        prediction_poll({"detail": "x"}, base_url=base, provider="replicate", headers={})


def test_replicate_outputs_and_errors() -> None:
    assert outputs({"status": "succeeded", "output": "https://replicate.delivery/a.mp4"}, "r") == [
        MediaUrl("https://replicate.delivery/a.mp4")
    ]
    assert outputs({"status": "succeeded", "output": ["data:image/png;base64,AA"]}, "r") == [
        "data:image/png;base64,AA"
    ]
    for bad in (None, [], ["ok", 3], {"file": "x"}, [""]):
        with pytest.raises(InvalidResponseDataError):
            outputs({"status": "succeeded", "output": bad}, "r")
    assert (
        replicate_error_message({"title": "Unauthenticated", "detail": "bad token", "status": 401})
        == "bad token"
    )
    assert replicate_error_message({"title": "Not found", "status": 404}) == "Not found"
    assert (
        replicate_error_message({"id": "p", "status": "failed", "error": "model crashed", "urls": {}}) is None
    )
    assert replicate_error_message({"status": "succeeded", "error": None}) is None
    video_request = ReplicateVideoCodec("m/v").build_request(
        video(
            resolution="1280x720",
            duration=6,
            fps=24,
            seed=0,
            provider_options={"replicate": {"pollTimeoutMs": 9, "guidance_scale": 3}},
        )
    )
    assert video_request.body["input"] == {
        "prompt": "a cat",
        "size": "1280x720",
        "duration": 6,
        "fps": 24,
        "seed": 0,
        "guidance_scale": 3,
    }
    assert [w.setting for w in video_request.warnings] == ["pollTimeoutMs"]


def test_fal_queue_is_told_which_request_an_answer_answers() -> None:
    from ai_sdk_integrations.spec.request import PreparedRequest

    status = PreparedRequest("/fal-ai/x/requests/r9/status", {}, method="GET")
    result = PreparedRequest("/fal-ai/x/requests/r9", {}, method="GET")
    codec = FalVideoCodec("fal-ai/x/y", queue_url=QUEUE)
    options = video()
    # fal's docs promise no links in a status answer: the status path itself names the job
    again = codec.poll_request(options, {"status": "IN_PROGRESS", "logs": []}, {}, request=status)
    assert again is not None and again.request.path == "/fal-ai/x/requests/r9/status"
    done = codec.poll_request(options, {"status": "COMPLETED"}, {}, request=status)
    assert done is not None and done.request.path == "/fal-ai/x/requests/r9" and not done.wait
    # an output that happens to carry a "status" field is still the output
    output = {"status": "COMPLETED", "video": {"url": "https://v3.fal.media/v.mp4"}}
    assert codec.poll_request(options, output, {}, request=result) is None
