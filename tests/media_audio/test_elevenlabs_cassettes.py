"""ElevenLabs speech-to-text (multipart upload) and text-to-speech through
``transcribe`` / ``generate_speech``, against cassettes, and the fake's own checks.

The cassettes in ``cassettes/elevenlabs_cassettes/`` were *written* from ElevenLabs'
documented wire format (``elevenlabs_wire.FakeElevenLabs``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \
        tests/media_audio/test_elevenlabs_cassettes.py --record-mode=rewrite

and are re-recorded against the real API with ``ELEVENLABS_API_KEY=...`` instead
(``elevenlabs_written`` tests stay written). Expectations come from each cassette's
own response or from the audio itself.
"""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from audio_tools import assert_transcript_matches_audio, check_audio, mp3_frames, needs_audio_tools, wav_info
from audio_wire import FakeAPI, recorded, spoken
from elevenlabs_wire import INVALID_KEY

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import (
    AuthenticationError,
    InvalidRequestError,
    UnsupportedFunctionalityError,
)

PROVIDER = "elevenlabs"
SENTENCE = "She sells sea shells by the sea shore"


@pytest.mark.vcr
def test_transcribe_with_diarization_and_options(vcr: Any) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    result = ai.transcribe(
        "elevenlabs:scribe_v1",
        speech.data,
        media_type="audio/mpeg",
        provider_options={
            "elevenlabs": {"languageCode": "en", "tagAudioEvents": False, "timestampsGranularity": "word"}
        },
    )
    [call] = recorded(vcr)
    assert call.uri == "https://api.elevenlabs.io/v1/speech-to-text"
    parts = call.request_parts()
    assert {name: part.text for name, part in parts.items() if name != "file"} == {
        "model_id": "scribe_v1",
        "diarize": "true",
        "language_code": "en",
        "tag_audio_events": "false",
        "timestamps_granularity": "word",
    }
    assert (parts["file"].filename, parts["file"].content_type) == ("audio.mp3", "audio/mpeg")
    assert_transcript_matches_audio(SENTENCE, result, parts["file"].data, "audio/mpeg")
    answer = call.json()
    assert result.text == answer["text"] and result.language == answer["language_code"]
    words = [w for w in answer["words"] if w["type"] != "spacing"]
    assert [s.text for s in result.segments] == [w["text"] for w in words]
    assert {s.speaker for s in result.segments} == {w.get("speaker_id") for w in words}
    assert result.provider_metadata["elevenlabs"]["languageProbability"] == answer["language_probability"]


@pytest.mark.vcr
async def test_atranscribe_wav_without_diarization(vcr: Any) -> None:
    speech = spoken("Paris is the capital of France", "audio/wav")
    result = await ai.atranscribe(
        "elevenlabs:scribe_v1", speech.data, provider_options={"elevenlabs": {"diarize": False}}
    )
    [call] = recorded(vcr)
    assert call.request_parts()["diarize"].text == "false"
    assert all(s.speaker is None for s in result.segments)
    assert_transcript_matches_audio(speech.text, result, speech.data, "audio/wav")


@pytest.mark.vcr
def test_speech_mp3_with_voice_settings(vcr: Any) -> None:
    result = ai.generate_speech(
        "elevenlabs:eleven_multilingual_v2",
        "Hello from the speech tests.",
        voice="JBFqnCBsd6RMkjVDRZzb",
        speed=1.1,
        language="en",
        instructions="cheerfully",
        provider_options={
            "elevenlabs": {"voiceSettings": {"stability": 0.4, "similarityBoost": 0.7}, "seed": 7}
        },
    )
    [call] = recorded(vcr)
    assert call.uri.startswith("https://api.elevenlabs.io/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb?")
    assert call.query == {"output_format": "mp3_44100_128"}
    assert call.request_json() == {
        "text": "Hello from the speech tests.",
        "model_id": "eleven_multilingual_v2",
        "language_code": "en",
        "voice_settings": {"speed": 1.1, "stability": 0.4, "similarity_boost": 0.7},
        "seed": 7,
    }
    assert result.audio.media_type == "audio/mpeg"
    frames, rate = mp3_frames(result.audio.data)
    assert frames > 10 and rate == 44100
    assert [w.feature for w in result.warnings] == ["instructions"]
    assert result.provider_metadata["elevenlabs"]["requestId"] == call.headers["request-id"]


@pytest.mark.vcr
def test_speech_pcm_is_raw_samples(vcr: Any) -> None:
    result = ai.generate_speech(
        "elevenlabs:eleven_flash_v2_5", "The weather in Paris is sunny today.", output_format="pcm_16000"
    )
    [call] = recorded(vcr)
    assert call.query == {"output_format": "pcm_16000"}
    assert result.audio.media_type == "audio/pcm"
    seconds = len(result.audio.data) / 2 / 16000  # 16-bit mono samples at 16 kHz
    assert len(result.audio.data) % 2 == 0 and seconds > 1


@pytest.mark.vcr
def test_invalid_key_is_an_authentication_error(vcr: Any) -> None:
    with pytest.raises(AuthenticationError) as caught:
        ai.generate_speech(ai.speech_model("elevenlabs:eleven_multilingual_v2", api_key=INVALID_KEY), "hello")
    [call] = recorded(vcr)
    assert call.json()["detail"]["message"] in str(caught.value)


@pytest.mark.vcr
@pytest.mark.elevenlabs_written
def test_rate_limit_is_retried(vcr: Any) -> None:
    result = ai.generate_speech("elevenlabs:eleven_multilingual_v2", "RATE_LIMIT once, then speak.")
    assert [c.status for c in recorded(vcr)] == [429, 200]
    assert check_audio(result.audio.data, "audio/mpeg") > 0.5


def test_the_realtime_model_cannot_transcribe_a_file() -> None:
    with pytest.raises(UnsupportedFunctionalityError, match="live audio"):
        ai.transcribe("elevenlabs:scribe_v2_realtime", b"RIFF....WAVE", media_type="audio/wav")


# -- the fake rejects what ElevenLabs rejects --------------------------------------------


def test_fake_wants_xi_api_key(fake: FakeAPI) -> None:
    answer = httpx2.post(
        fake.origin + "/v1/text-to-speech/JBFqnCBsd6RMkjVDRZzb",
        json={"text": "x"},
        headers={"authorization": "Bearer k"},
    )
    assert answer.status_code == 401 and answer.json()["detail"]["status"] == "needs_authorization"


def test_a_validation_error_names_the_field(fake: FakeAPI) -> None:
    model = ai.speech_model(
        "elevenlabs:eleven_multilingual_v2", base_url=fake.origin, api_key="k", max_retries=0
    )
    with pytest.raises(
        InvalidRequestError, match=r"voice_settings.stability: Input should be between 0 and 1"
    ):
        ai.generate_speech(model, "x", provider_options={"elevenlabs": {"voiceSettings": {"stability": 3}}})


@needs_audio_tools
def test_fake_refuses_a_file_that_is_not_audio(fake: FakeAPI) -> None:
    model = ai.transcription_model("elevenlabs:scribe_v1", base_url=fake.origin, api_key="k", max_retries=0)
    with pytest.raises(InvalidRequestError, match="invalid_content"):
        ai.transcribe(model, b"definitely not audio", media_type="audio/mpeg")


@needs_audio_tools
def test_fake_wav_output_decodes(fake: FakeAPI) -> None:
    model = ai.speech_model("elevenlabs:eleven_multilingual_v2", base_url=fake.origin, api_key="k")
    result = ai.generate_speech(model, "Paris is the capital of France", output_format="wav_22050")
    assert wav_info(result.audio.data)[1] == 22050
