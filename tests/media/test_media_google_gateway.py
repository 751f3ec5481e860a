"""Imagen on the Gemini API and the Gateway's media routes, on cassettes.

Imagen: ``POST /models/{id}:predict`` with ``x-goog-api-key``; four images per call at
most, so ``n=6`` is two calls. The Gateway: ``/image-model``, ``/speech-model``,
``/transcription-model`` and ``/video-model`` (SSE) with their specification-version
and model-id headers.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from media_wire import GATEWAY_API, GOOGLE_API, exchanges, sse_payloads
from speech_audio import fixture, wav_info

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.gateway.errors import GatewayFailedDependencyError

pytestmark = [pytest.mark.vcr]


def opened(data: bytes) -> Any:
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def mp4_boxes(data: bytes) -> list[bytes]:
    """The top-level ISO media boxes, walked by their sizes to the end of the file."""
    kinds, offset = [], 0
    while offset < len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        assert size >= 8, f"bad box size at {offset}"
        kinds.append(data[offset + 4 : offset + 8])
        offset += size
    assert offset == len(data)
    return kinds


@pytest.mark.media_provider("google")
def test_imagen_splits_six_images_into_calls_of_four(vcr: Any) -> None:
    result = ai.generate_image(
        "google:imagen-4.0-generate-001",
        "A red bicycle by a canal",
        n=6,
        aspect_ratio="16:9",
        size="512x512",
        max_parallel_calls=1,
    )
    first, second = exchanges(vcr)
    assert first.uri == f"{GOOGLE_API}/models/imagen-4.0-generate-001:predict"
    assert "x-goog-api-key" not in first.request_headers  # filtered from the cassette
    assert [c.request_json["parameters"]["sampleCount"] for c in (first, second)] == [4, 2]
    assert first.request_json == {
        "instances": [{"prompt": "A red bicycle by a canal"}],
        "parameters": {"sampleCount": 4, "aspectRatio": "16:9"},
    }
    wire = [p for c in (first, second) for p in c.json["predictions"]]
    assert [image.base64 for image in result.images] == [p["bytesBase64Encoded"] for p in wire]
    for image, prediction in zip(result.images, wire, strict=True):
        picture = opened(image.data)
        assert image.media_type == prediction["mimeType"] == "image/png"
        assert picture.size[0] > picture.size[1], "16:9 is landscape"
    assert [w.feature for w in result.warnings] == ["size", "size"]
    assert len(result.provider_metadata["google"]["images"]) == 6


@pytest.mark.media_provider("google")
async def test_imagen_jpeg_output_option(vcr: Any) -> None:
    result = await ai.agenerate_image(
        "google:imagen-4.0-generate-001",
        "A bowl of lemons",
        provider_options={
            "google": {"outputOptions": {"mimeType": "image/jpeg"}, "personGeneration": "dont_allow"}
        },
    )
    (exchange,) = exchanges(vcr)
    assert exchange.request_json["parameters"] == {
        "sampleCount": 1,
        "outputOptions": {"mimeType": "image/jpeg"},
        "personGeneration": "dont_allow",
    }
    assert result.image.media_type == "image/jpeg" and opened(result.image.data).format == "JPEG"


@pytest.mark.media_provider("gateway")
def test_gateway_image_speech_and_transcription(vcr: Any) -> None:
    image = ai.generate_image("gateway:openai/gpt-image-1", "A paper crane", n=2, seed=3)
    speech = ai.generate_speech("gateway:openai/gpt-4o-mini-tts", "Good evening.", output_format="wav")
    audio, expected = fixture("recipe")
    transcript = ai.transcribe("gateway:openai/whisper-1", audio)
    calls = exchanges(vcr)
    assert [c.uri for c in calls] == [
        f"{GATEWAY_API}/image-model",
        f"{GATEWAY_API}/speech-model",
        f"{GATEWAY_API}/transcription-model",
    ]
    for call, kind, model in zip(
        calls,
        ("image", "speech", "transcription"),
        ("openai/gpt-image-1", "openai/gpt-4o-mini-tts", "openai/whisper-1"),
        strict=True,
    ):
        assert call.request_headers[f"ai-{kind}-model-specification-version"] == "4"
        assert call.request_headers["ai-model-id"] == model
        assert "authorization" not in call.request_headers
    assert calls[0].request_json == {"prompt": "A paper crane", "n": 2, "seed": 3}
    assert len(image.images) == 2 and all(opened(i.data).format == "PNG" for i in image.images)
    assert [w.feature for w in image.warnings] == [w["feature"] for w in calls[0].json["warnings"]]
    assert image.usage.total_tokens == calls[0].json["usage"]["totalTokens"]
    assert "gateway" in image.provider_metadata
    assert calls[1].request_json == {"text": "Good evening.", "outputFormat": "wav"}
    assert speech.audio.media_type == "audio/wav" and wav_info(speech.audio.data).duration > 0.3
    assert calls[2].request_json["mediaType"] == "audio/wav"
    assert transcript.text == expected["text"]
    assert [(s.start_second, s.end_second) for s in transcript.segments] == [
        (s["start_second"], s["end_second"]) for s in expected["segments"]
    ]
    assert transcript.duration_in_seconds == pytest.approx(wav_info(audio).duration, abs=0.01)


@pytest.mark.media_provider("gateway")
async def test_gateway_video_over_sse(vcr: Any) -> None:
    progress: list[Any] = []
    result = await ai.agenerate_video(
        "gateway:google/veo-3.0-generate-001",
        "Waves on a beach",
        aspect_ratio="16:9",
        duration=4,
        on_progress=progress.append,
    )
    (exchange,) = exchanges(vcr)
    assert exchange.uri == f"{GATEWAY_API}/video-model"
    assert exchange.request_headers["accept"] == "text/event-stream"
    assert exchange.request_json == {
        "prompt": "Waves on a beach",
        "n": 1,
        "aspectRatio": "16:9",
        "duration": 4,
    }
    (event,) = sse_payloads(exchange.body)
    assert event["type"] == "result"
    assert result.video.base64 == event["videos"][0]["data"]
    assert result.video.media_type == "video/mp4"
    assert mp4_boxes(result.video.data)[:2] == [b"ftyp", b"moov"]
    assert progress == []  # one streamed answer: nothing to poll


@pytest.mark.media_provider("gateway")
@pytest.mark.media_written
def test_gateway_video_error_event_is_a_typed_error(vcr: Any) -> None:
    with pytest.raises(GatewayFailedDependencyError) as caught:
        ai.generate_video("gateway:google/veo-3.0-generate-001", "please fail", max_retries=0)
    assert caught.value.status_code == 424
    assert "refused the prompt" in str(caught.value)
