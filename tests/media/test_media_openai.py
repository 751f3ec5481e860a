"""OpenAI images, speech and transcription through the core functions, on cassettes.

Expectations come from the recorded wire (requests and answers), and every image and
audio file that comes back is opened with a real decoder: Pillow, ``wave``, an MPEG
frame walk and lame's decoder.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from media_wire import OPENAI_API, exchanges
from speech_audio import decode_mp3, fixture, mp3_frames, wav_info

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import InvalidRequestError
from ai_sdk_integrations.spec.media import InputFile

pytestmark = [pytest.mark.vcr, pytest.mark.media_provider("openai")]


def opened(data: bytes) -> Any:
    from PIL import Image

    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def test_gpt_image_1_png_with_usage_and_metadata(vcr: Any) -> None:
    result = ai.generate_image(
        "openai:gpt-image-1",
        "A lighthouse on a cliff at dawn",
        size="1024x1024",
        seed=7,
        provider_options={"openai": {"quality": "low"}},
    )
    (exchange,) = exchanges(vcr)
    assert (exchange.method, exchange.uri, exchange.status) == (
        "POST",
        f"{OPENAI_API}/images/generations",
        200,
    )
    assert exchange.request_json == {
        "model": "gpt-image-1",
        "prompt": "A lighthouse on a cliff at dawn",
        "n": 1,
        "size": "1024x1024",
        "quality": "low",
    }
    wire = exchange.json
    image = result.image
    assert image.base64 == wire["data"][0]["b64_json"]
    assert image.media_type == "image/png" and image.extension == "png"
    picture = opened(image.data)
    assert (picture.format, picture.size) == ("PNG", (1024, 1024))
    assert [w.feature for w in result.warnings] == ["seed"]
    assert result.usage.total_tokens == wire["usage"]["total_tokens"]
    assert result.usage.input_tokens == wire["usage"]["input_tokens"]
    (meta,) = result.provider_metadata["openai"]["images"]
    assert meta["size"] == wire["size"] and meta["outputFormat"] == wire["output_format"]
    assert result.responses[0].model_id == "gpt-image-1"
    assert result.responses[0].headers is not None and "x-request-id" in result.responses[0].headers


async def test_dall_e_3_batches_n_one_image_per_call(vcr: Any) -> None:
    seen: list[int] = []
    result = await ai.agenerate_image(
        "openai:dall-e-3", "A watercolor fox in the snow", n=2, size="1024x1024", max_parallel_calls=1
    )
    calls = exchanges(vcr)
    assert len(calls) == 2, "dall-e-3 makes one image per call: two calls for n=2"
    for exchange in calls:
        seen.append(exchange.request_json["n"])
        assert exchange.request_json["response_format"] == "b64_json"
    assert seen == [1, 1]
    assert [image.base64 for image in result.images] == [c.json["data"][0]["b64_json"] for c in calls]
    for image in result.images:
        assert opened(image.data).size == (1024, 1024)
    revised = [meta["revisedPrompt"] for meta in result.provider_metadata["openai"]["images"]]
    assert revised == [c.json["data"][0]["revised_prompt"] for c in calls]
    assert len(result.responses) == 2


def test_image_edit_uploads_the_picture_as_multipart(vcr: Any) -> None:
    from PIL import Image

    source = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(source, "PNG")
    result = ai.generate_image(
        "openai:gpt-image-1",
        "Make the square blue",
        files=[InputFile("image/png", source.getvalue())],
        size="1024x1024",
    )
    (exchange,) = exchanges(vcr)
    assert exchange.uri == f"{OPENAI_API}/images/edits"
    fields = exchange.form_fields()
    assert fields["model"] == ["gpt-image-1"] and fields["prompt"] == ["Make the square blue"]
    (upload,) = [part for part in exchange.form if part.filename]
    assert (upload.name, upload.content_type) == ("image[]", "image/png")
    assert opened(upload.value).size == (64, 64)
    assert opened(result.image.data).size == (1024, 1024)


def test_speech_mp3_is_real_mpeg_audio(vcr: Any) -> None:
    result = ai.generate_speech("openai:tts-1", "The library opens at nine.", language="en")
    (exchange,) = exchanges(vcr)
    assert exchange.uri == f"{OPENAI_API}/audio/speech"
    assert exchange.request_json == {
        "model": "tts-1",
        "input": "The library opens at nine.",
        "voice": "alloy",
        "response_format": "mp3",
    }
    assert exchange.headers["content-type"] == "audio/mpeg"
    audio = result.audio
    assert audio.data == exchange.body
    assert (audio.media_type, audio.format) == ("audio/mpeg", "mp3")
    frames, rate, seconds = mp3_frames(audio.data)
    assert frames > 10 and rate in (8000, 16000, 22050, 24000, 44100) and seconds > 0.5
    decoded = decode_mp3(audio.data)
    if decoded is not None:
        assert decoded.duration == pytest.approx(seconds, abs=0.35)  # encoder delay, LAME tag frame
    assert [w.feature for w in result.warnings] == ["language"]


async def test_speech_wav_with_instructions_then_transcribed_back(vcr: Any) -> None:
    text = "Turn left at the old oak tree."
    speech = await ai.agenerate_speech(
        "openai:gpt-4o-mini-tts",
        text,
        voice="coral",
        output_format="wav",
        instructions="Speak calmly.",
        speed=1.1,
    )
    info = wav_info(speech.audio.data)
    assert speech.audio.media_type == "audio/wav" and info.channels == 1 and info.duration > 0.5
    transcript = await ai.atranscribe("openai:whisper-1", speech.audio.data)
    speak, listen = exchanges(vcr)
    assert speak.request_json["instructions"] == "Speak calmly." and speak.request_json["speed"] == 1.1
    (upload,) = [part for part in listen.form if part.filename]
    assert upload.value == speech.audio.data and upload.filename == "audio.wav"
    assert transcript.text.strip() == text
    assert transcript.duration_in_seconds == pytest.approx(info.duration, abs=0.05)


def test_whisper_transcript_round_trips_the_espeak_fixture(vcr: Any) -> None:
    audio, expected = fixture("galileo")
    result = ai.transcribe("openai:whisper-1", audio, provider_options={"openai": {"language": "en"}})
    (exchange,) = exchanges(vcr)
    fields = exchange.form_fields()
    assert fields == {"model": ["whisper-1"], "response_format": ["verbose_json"], "language": ["en"]}
    (upload,) = [part for part in exchange.form if part.filename]
    assert (upload.name, upload.filename, upload.content_type) == ("file", "audio.wav", "audio/wav")
    assert upload.value == audio and wav_info(upload.value).duration == pytest.approx(
        expected["duration"], abs=0.001
    )
    assert result.text == expected["text"]
    assert [s.text for s in result.segments] == [s["text"] for s in expected["segments"]]
    for got, want in zip(result.segments, expected["segments"], strict=True):
        assert got.start_second == pytest.approx(want["start_second"], abs=0.01)
        assert got.end_second == pytest.approx(want["end_second"], abs=0.01)
    assert result.segments[-1].end_second <= wav_info(audio).duration + 0.01
    assert (result.language, result.duration_in_seconds) == ("en", exchange.json["duration"])


async def test_word_timestamps_and_json_only_models(vcr: Any) -> None:
    audio, expected = fixture("recipe")
    words = await ai.atranscribe(
        "openai:whisper-1", audio, provider_options={"openai": {"timestampGranularities": ["word"]}}
    )
    plain = await ai.atranscribe("openai:gpt-4o-mini-transcribe", audio)
    first, second = exchanges(vcr)
    assert first.form_fields()["timestamp_granularities[]"] == ["word"]
    assert second.form_fields()["response_format"] == ["json"]
    assert [s.text for s in words.segments] == [w["word"] for w in first.json["words"]]
    assert words.text == plain.text == expected["text"]
    assert plain.segments == [] and plain.language is None


def test_an_openai_error_keeps_its_message(vcr: Any) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        ai.generate_speech("openai:tts-1", "Hello", instructions="Whisper it.", max_retries=0)
    (exchange,) = exchanges(vcr)
    assert exchange.status == 400
    assert exchange.json["error"]["message"] in str(caught.value)
