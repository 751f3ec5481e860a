"""Deepgram transcription (``/v1/listen``) and speech (``/v1/speak``) through
``transcribe`` / ``generate_speech``, against cassettes, and the fake's own checks.

The cassettes in ``cassettes/deepgram_cassettes/`` were *written* from Deepgram's
documented wire format (``deepgram_wire.FakeDeepgram``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \
        tests/media_audio/test_deepgram_cassettes.py --record-mode=rewrite

and are re-recorded against the real API with ``DEEPGRAM_API_KEY=...`` instead of
``AI_SDK_WRITE_CASSETTES=1`` (``deepgram_written`` tests stay written: the real API
cannot be made to answer 429 on demand). Expectations are read from each cassette's
own response or from the audio itself, never from the fake.
"""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from audio_tools import (
    assert_transcript_matches_audio,
    check_audio,
    mp3_frames,
    needs_audio_tools,
    normalized_words,
    wav_info,
)
from audio_wire import FakeAPI, recorded, spoken
from deepgram_wire import INVALID_KEY

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError

PROVIDER = "deepgram"
SENTENCE = "the quick brown fox jumps over the lazy dog"


@pytest.mark.vcr
def test_transcribe_mp3_with_options(vcr: Any) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    result = ai.transcribe(
        "deepgram:nova-3",
        speech.data,
        media_type="audio/mpeg",
        provider_options={"deepgram": {"smartFormat": True, "detectLanguage": True}},
    )
    [call] = recorded(vcr)
    assert call.method == "POST" and call.uri.startswith("https://api.deepgram.com/v1/listen?")
    assert call.query == {
        "model": "nova-3",
        "diarize": "true",
        "smart_format": "true",
        "detect_language": "true",
    }
    assert call.request_headers["content-type"] == "audio/mpeg"
    assert_transcript_matches_audio(SENTENCE, result, call.request_body, "audio/mpeg")
    answer = call.json()["results"]["channels"][0]
    assert result.language == answer["detected_language"]
    assert result.text == answer["alternatives"][0]["transcript"]
    assert [s.speaker for s in result.segments] == [
        str(w.get("speaker")) for w in answer["alternatives"][0]["words"]
    ]
    assert result.provider_metadata["deepgram"]["request_id"] == call.json()["metadata"]["request_id"]


@pytest.mark.vcr
async def test_atranscribe_wav() -> None:
    speech = spoken("Paris is the capital of France", "audio/wav")
    result = await ai.atranscribe("deepgram:nova-3", speech.data)
    assert normalized_words(result.text) == normalized_words(speech.text)
    assert result.language is None  # not asked for
    assert result.duration_in_seconds == pytest.approx(wav_info(speech.data)[2], abs=0.15)


@pytest.mark.vcr
def test_speech_mp3_is_real_audio(vcr: Any) -> None:
    result = ai.generate_speech("deepgram:aura-2-helena-en", "Hello from the speech tests.")
    [call] = recorded(vcr)
    assert call.uri.startswith("https://api.deepgram.com/v1/speak?")
    assert call.query == {"model": "aura-2-helena-en", "encoding": "mp3"}
    assert call.request_json() == {"text": "Hello from the speech tests."}
    assert result.audio.media_type == "audio/mpeg"
    frames, _ = mp3_frames(result.audio.data)
    assert frames > 10 and check_audio(result.audio.data, "audio/mpeg") > 0.5
    assert result.warnings == []


@pytest.mark.vcr
def test_speech_wav_with_unsupported_settings_warns(vcr: Any) -> None:
    result = ai.generate_speech(
        "deepgram:aura-2-thalia-en",
        "The weather in Paris is sunny today.",
        output_format="wav_16000",
        voice="someone-else",
        speed=1.5,
        language="fr",
    )
    [call] = recorded(vcr)
    assert call.query["encoding"] == "linear16" and call.query["container"] == "wav"
    assert call.query["sample_rate"] == "16000"
    assert result.audio.media_type == "audio/wav"
    channels, rate, seconds = wav_info(result.audio.data)
    assert (channels, rate) == (1, 16000) and seconds > 1
    assert {w.feature for w in result.warnings} == {"voice", "speed", "language"}


@pytest.mark.vcr
def test_invalid_key_is_an_authentication_error(vcr: Any) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    with pytest.raises(AuthenticationError) as caught:
        ai.transcribe(ai.transcription_model("deepgram:nova-3", api_key=INVALID_KEY), speech.data)
    [call] = recorded(vcr)
    assert caught.value.status_code == 401
    assert call.json()["err_msg"] in str(caught.value)


@pytest.mark.vcr
@pytest.mark.deepgram_written
def test_rate_limit_is_retried(vcr: Any, no_poll_waits: list[float]) -> None:
    result = ai.generate_speech("deepgram:aura-2-helena-en", "RATE_LIMIT once, then speak.")
    calls = recorded(vcr)
    assert [c.status for c in calls] == [429, 200]
    assert check_audio(result.audio.data, result.audio.media_type) > 0.5


# -- the fake rejects what Deepgram rejects ---------------------------------------------


def _post(fake: FakeAPI, path: str, **kwargs: Any) -> httpx2.Response:
    headers = {"authorization": "Token test-key", **kwargs.pop("headers", {})}
    return httpx2.post(fake.origin + path, headers=headers, **kwargs)


def test_fake_wants_token_auth(fake: FakeAPI) -> None:
    answer = _post(
        fake, "/v1/speak?model=aura-2-helena-en", headers={"authorization": "Bearer k"}, json={"text": "x"}
    )
    assert answer.status_code == 401 and answer.json()["err_code"] == "INVALID_AUTH"


def test_fake_rejects_unknown_query_parameters_and_models(fake: FakeAPI) -> None:
    speech = spoken(SENTENCE)
    unknown = _post(
        fake,
        "/v1/listen?model=nova-3&smartFormat=true",
        content=speech.data,
        headers={"content-type": "audio/mpeg"},
    )
    assert unknown.status_code == 400 and "smartFormat" in unknown.json()["err_msg"]
    model = _post(
        fake, "/v1/listen?model=nova-9", content=speech.data, headers={"content-type": "audio/mpeg"}
    )
    assert model.status_code == 400 and "No such model" in model.json()["err_msg"]


@needs_audio_tools
def test_fake_rejects_audio_it_cannot_decode(fake: FakeAPI) -> None:
    answer = _post(
        fake, "/v1/listen?model=nova-3", content=b"not audio at all", headers={"content-type": "audio/wav"}
    )
    assert answer.status_code == 400 and "corrupt or unsupported" in answer.json()["err_msg"]


def test_fake_speak_rejects_unknown_fields_and_bad_combinations(fake: FakeAPI) -> None:
    extra = _post(fake, "/v1/speak?model=aura-2-helena-en", json={"text": "x", "voice": "y"})
    assert extra.status_code == 400 and extra.json()["category"] == "INVALID_JSON"
    combo = _post(fake, "/v1/speak?model=aura-2-helena-en&encoding=mp3&sample_rate=16000", json={"text": "x"})
    assert combo.status_code == 400


def test_codec_errors_read_every_documented_shape() -> None:
    from ai_sdk_integrations.providers.deepgram.errors import deepgram_error_message

    assert (
        deepgram_error_message({"err_code": "INVALID_AUTH", "err_msg": "Invalid credentials."})
        == "Invalid credentials."
    )
    assert deepgram_error_message(
        {"category": "INVALID_JSON", "message": "Invalid JSON submitted.", "details": "x"}
    ) == ("Invalid JSON submitted. x")
    assert deepgram_error_message({"error": {"message": "quota", "code": 429}}) == "quota"
    assert deepgram_error_message("User does not have sufficient permissions.") is not None


def test_a_bad_query_value_is_an_invalid_request(fake: FakeAPI) -> None:
    speech = spoken(SENTENCE)
    model = ai.transcription_model("deepgram:nova-3", base_url=fake.origin, api_key="k", max_retries=0)
    with pytest.raises(InvalidRequestError, match="smart_format must be true or false"):
        ai.transcribe(model, speech.data, provider_options={"deepgram": {"smartFormat": "yes"}})
