"""Gladia pre-recorded transcription (upload, job, polling) through ``transcribe``,
against cassettes, and the fake's own checks.

The cassettes in ``cassettes/gladia_cassettes/`` were *written* from Gladia's documented
wire format (``gladia_wire.FakeGladia``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \
        tests/media_audio/test_gladia_cassettes.py --record-mode=rewrite

and are re-recorded against the real API with ``GLADIA_API_KEY=...`` instead
(``gladia_written`` tests stay written: a real job cannot be made to fail on demand).
"""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from audio_tools import assert_transcript_matches_audio
from audio_wire import FakeAPI, recorded, spoken
from gladia_wire import INVALID_KEY

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError
from ai_sdk_integrations.spec.media import JobProgress, MediaJobError

PROVIDER = "gladia"
SENTENCE = "the quick brown fox jumps over the lazy dog"


@pytest.mark.vcr
def test_transcribe_uploads_starts_a_job_and_polls_it(vcr: Any, no_poll_waits: list[float]) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    seen: list[JobProgress] = []
    result = ai.transcribe(
        "gladia:default",
        speech.data,
        media_type="audio/mpeg",
        provider_options={
            "gladia": {
                "diarization": True,
                "diarizationConfig": {"numberOfSpeakers": 1},
                "customMetadata": {"ourRef": "t-1"},
            }
        },
        poll_interval=1.5,
        on_progress=seen.append,
    )
    calls = recorded(vcr)
    upload, init, *polls = calls
    assert upload.uri == "https://api.gladia.io/v2/upload"
    assert (upload.request_parts()["audio"].filename, upload.request_parts()["audio"].content_type) == (
        "audio.mp3",
        "audio/mpeg",
    )
    assert init.uri == "https://api.gladia.io/v2/pre-recorded"
    assert init.request_json() == {
        "diarization": True,
        "diarization_config": {"number_of_speakers": 1},
        "custom_metadata": {"ourRef": "t-1"},
        "audio_url": upload.json()["audio_url"],
    }
    job = init.json()["id"]
    assert all(p.method == "GET" and p.uri == f"https://api.gladia.io/v2/pre-recorded/{job}" for p in polls)
    assert [p.json()["status"] for p in polls][-1] == "done"
    assert [p.status for p in seen] == ["uploaded", "queued", *[p.json()["status"] for p in polls[:-1]]]
    assert no_poll_waits == [1.5] * (len(polls))
    assert_transcript_matches_audio(SENTENCE, result, upload.request_parts()["audio"].data, "audio/mpeg")
    final = polls[-1].json()
    assert result.text == final["result"]["transcription"]["full_transcript"]
    assert result.language == final["result"]["transcription"]["languages"][0]
    assert result.duration_in_seconds == final["result"]["metadata"]["audio_duration"]
    assert result.provider_metadata["gladia"]["id"] == job
    assert {s.speaker for s in result.segments} == {"0"}


@pytest.mark.vcr
async def test_atranscribe_wav(vcr: Any) -> None:
    speech = spoken("Paris is the capital of France", "audio/wav")
    result = await ai.atranscribe("gladia:default", speech.data)
    assert recorded(vcr)[1].request_json() == {"audio_url": recorded(vcr)[0].json()["audio_url"]}
    assert_transcript_matches_audio(speech.text, result, speech.data, "audio/wav")


@pytest.mark.vcr
@pytest.mark.gladia_written
def test_a_failed_job_is_a_media_job_error(vcr: Any) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    with pytest.raises(MediaJobError, match="failed") as caught:
        ai.transcribe(
            "gladia:default", speech.data, provider_options={"gladia": {"customMetadata": {"fail": True}}}
        )
    assert caught.value.status == "error"
    assert recorded(vcr)[-1].json()["status"] == "error"


@pytest.mark.vcr
def test_invalid_key_is_an_authentication_error(vcr: Any) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    with pytest.raises(AuthenticationError) as caught:
        ai.transcribe(ai.transcription_model("gladia:default", api_key=INVALID_KEY), speech.data)
    assert recorded(vcr)[0].json()["message"] in str(caught.value)


# -- the fake rejects what Gladia rejects -----------------------------------------------


def test_fake_rejects_unknown_job_fields_like_the_whitelist(fake: FakeAPI) -> None:
    speech = spoken(SENTENCE)
    model = ai.transcription_model("gladia:default", base_url=fake.origin, api_key="k", max_retries=0)
    with pytest.raises(InvalidRequestError, match="property diarisation should not exist"):
        ai.transcribe(model, speech.data, provider_options={"gladia": {"diarisation": True}})


def test_fake_wants_its_key_header_and_multipart(fake: FakeAPI) -> None:
    missing = httpx2.post(fake.origin + "/v2/upload", headers={"authorization": "Bearer k"})
    assert missing.status_code == 401 and missing.json()["message"] == "gladia key not found"
    raw = httpx2.post(
        fake.origin + "/v2/upload",
        headers={"x-gladia-key": "k", "content-type": "audio/mpeg"},
        content=b"abc",
    )
    assert raw.status_code == 400 and "Multipart Boundary" in raw.json()["message"]


def test_fake_only_knows_its_own_uploads(fake: FakeAPI) -> None:
    answer = httpx2.post(
        fake.origin + "/v2/pre-recorded",
        headers={"x-gladia-key": "k"},
        json={"audio_url": "https://example.com/a.mp3"},
    )
    assert answer.status_code == 400 and answer.json()["statusCode"] == 400
