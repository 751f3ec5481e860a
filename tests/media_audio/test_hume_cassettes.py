"""Hume Octave text-to-speech (``/v0/tts/file``) through ``generate_speech``, against
cassettes, and the fake's own checks.

The cassettes in ``cassettes/hume_cassettes/`` were *written* from Hume's documented
wire format (``hume_wire.FakeHume``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \
        tests/media_audio/test_hume_cassettes.py --record-mode=rewrite

and are re-recorded against the real API with ``HUME_API_KEY=...`` instead
(``hume_written`` tests stay written).
"""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from audio_tools import check_audio, mp3_frames, wav_info
from audio_wire import FakeAPI, recorded
from hume_wire import INVALID_KEY

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError

PROVIDER = "hume"


@pytest.mark.vcr
def test_speech_with_acting_instructions(vcr: Any) -> None:
    result = ai.generate_speech(
        "hume:octave-2",
        "Hello from the speech tests.",
        instructions="warm, unhurried",
        speed=1.2,
        language="en",
        provider_options={"hume": {"context": {"generationId": "previous-generation"}}},
    )
    [call] = recorded(vcr)
    assert call.uri == "https://api.hume.ai/v0/tts/file"
    assert call.request_json() == {
        "utterances": [
            {
                "text": "Hello from the speech tests.",
                "voice": {"id": "d8ab67c6-953d-4bd8-9370-8fa53a0f1453", "provider": "HUME_AI"},
                "description": "warm, unhurried",
                "speed": 1.2,
            }
        ],
        "format": {"type": "mp3"},
        "version": "2",
        "context": {"generation_id": "previous-generation"},
    }
    assert result.audio.media_type == "audio/mpeg"
    assert mp3_frames(result.audio.data)[0] > 10
    assert [w.feature for w in result.warnings] == ["language"]


@pytest.mark.vcr
async def test_aspeech_wav(vcr: Any) -> None:
    result = await ai.agenerate_speech(
        "hume:default", "The weather in Paris is sunny today.", output_format="wav"
    )
    [call] = recorded(vcr)
    assert call.request_json()["format"] == {"type": "wav"} and "version" not in call.request_json()
    assert result.audio.media_type == "audio/wav"
    channels, rate, seconds = wav_info(result.audio.data)
    assert channels == 1 and rate >= 16000 and seconds > 1


@pytest.mark.vcr
def test_an_unsupported_format_warns_and_falls_back_to_mp3(vcr: Any) -> None:
    result = ai.generate_speech("hume:default", "Paris is the capital of France.", output_format="flac")
    assert recorded(vcr)[0].request_json()["format"] == {"type": "mp3"}
    assert [w.feature for w in result.warnings] == ["outputFormat"]
    assert check_audio(result.audio.data, result.audio.media_type) > 0.5


@pytest.mark.vcr
def test_invalid_key_is_an_authentication_error(vcr: Any) -> None:
    with pytest.raises(AuthenticationError) as caught:
        ai.generate_speech(ai.speech_model("hume:default", api_key=INVALID_KEY), "hello")
    assert recorded(vcr)[0].json()["message"] in str(caught.value)


@pytest.mark.vcr
@pytest.mark.hume_written
def test_rate_limit_is_retried(vcr: Any) -> None:
    result = ai.generate_speech("hume:default", "RATE_LIMIT once, then speak.")
    assert [c.status for c in recorded(vcr)] == [429, 200]
    assert check_audio(result.audio.data, "audio/mpeg") > 0.5


def test_fake_wants_its_key_header(fake: FakeAPI) -> None:
    answer = httpx2.post(
        fake.origin + "/v0/tts/file",
        json={"utterances": [{"text": "x"}]},
        headers={"authorization": "Bearer k"},
    )
    assert answer.status_code == 401


def test_fake_rejects_fields_it_does_not_know(fake: FakeAPI) -> None:
    model = ai.speech_model("hume:default", base_url=fake.origin, api_key="k", max_retries=0)
    with pytest.raises(InvalidRequestError, match="num_generation: extra fields not permitted"):
        ai.generate_speech(model, "x", provider_options={"hume": {"numGeneration": 2}})
    with pytest.raises(InvalidRequestError, match="speed: ensure this value is between"):
        ai.generate_speech(model, "x", speed=9)
