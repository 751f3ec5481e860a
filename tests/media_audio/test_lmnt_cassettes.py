"""LMNT speech synthesis (``/v1/ai/speech/bytes``) through ``generate_speech``, against
cassettes, and the fake's own checks.

The cassettes in ``cassettes/lmnt_cassettes/`` were *written* from LMNT's documented wire
format (``lmnt_wire.FakeLMNT``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \
        tests/media_audio/test_lmnt_cassettes.py --record-mode=rewrite

and are re-recorded against the real API with ``LMNT_API_KEY=...`` instead
(``lmnt_written`` tests stay written).
"""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from audio_tools import check_audio, mp3_frames, wav_info
from audio_wire import FakeAPI, recorded
from lmnt_wire import INVALID_KEY

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError

PROVIDER = "lmnt"


@pytest.mark.vcr
def test_speech_mp3_with_options(vcr: Any) -> None:
    result = ai.generate_speech(
        "lmnt:blizzard",
        "Hello from the speech tests.",
        voice="leah",
        language="en",
        provider_options={"lmnt": {"topP": 0.9, "temperature": 0.8, "seed": 42}},
    )
    [call] = recorded(vcr)
    assert call.uri == "https://api.lmnt.com/v1/ai/speech/bytes"
    assert call.request_json() == {
        "model": "blizzard",
        "text": "Hello from the speech tests.",
        "voice": "leah",
        "format": "mp3",
        "language": "en",
        "top_p": 0.9,
        "temperature": 0.8,
        "seed": 42,
    }
    assert result.audio.media_type == "audio/mpeg"
    assert mp3_frames(result.audio.data)[0] > 10
    assert result.warnings == []


@pytest.mark.vcr
async def test_aspeech_wav_at_16k(vcr: Any) -> None:
    result = await ai.agenerate_speech(
        "lmnt:aurora",
        "Paris is the capital of France.",
        output_format="wav",
        speed=1.1,
        provider_options={"lmnt": {"sampleRate": 16000}},
    )
    body = recorded(vcr)[0].request_json()
    assert (body["format"], body["sample_rate"], body["speed"], body["voice"]) == ("wav", 16000, 1.1, "ava")
    assert result.audio.media_type == "audio/wav"
    assert wav_info(result.audio.data)[1] == 16000


@pytest.mark.vcr
def test_an_unsupported_format_warns(vcr: Any) -> None:
    result = ai.generate_speech("lmnt:blizzard", "The weather in Paris is sunny today.", output_format="flac")
    assert recorded(vcr)[0].request_json()["format"] == "mp3"
    assert [w.feature for w in result.warnings] == ["outputFormat"]
    assert check_audio(result.audio.data, result.audio.media_type) > 0.5


@pytest.mark.vcr
def test_invalid_key_is_an_authentication_error(vcr: Any) -> None:
    with pytest.raises(AuthenticationError) as caught:
        ai.generate_speech(ai.speech_model("lmnt:blizzard", api_key=INVALID_KEY), "hello")
    assert recorded(vcr)[0].json()["error"] in str(caught.value)


@pytest.mark.vcr
@pytest.mark.lmnt_written
def test_rate_limit_is_retried(vcr: Any) -> None:
    result = ai.generate_speech("lmnt:blizzard", "RATE_LIMIT once, then speak.")
    assert [c.status for c in recorded(vcr)] == [429, 200]
    assert check_audio(result.audio.data, "audio/mpeg") > 0.5


def test_fake_wants_x_api_key(fake: FakeAPI) -> None:
    answer = httpx2.post(
        fake.origin + "/v1/ai/speech/bytes",
        json={"voice": "ava", "text": "x"},
        headers={"authorization": "Bearer k"},
    )
    assert answer.status_code == 401


def test_fake_rejects_the_undocumented_response_format_field(fake: FakeAPI) -> None:
    model = ai.speech_model("lmnt:blizzard", base_url=fake.origin, api_key="k", max_retries=0)
    with pytest.raises(InvalidRequestError, match="Unknown field: response_format"):
        ai.generate_speech(model, "x", provider_options={"lmnt": {"responseFormat": "wav"}})
    with pytest.raises(InvalidRequestError, match="Invalid value for sample_rate"):
        ai.generate_speech(model, "x", provider_options={"lmnt": {"sampleRate": 44100}})
