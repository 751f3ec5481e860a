"""Rev.ai asynchronous transcription (submit, poll, fetch the transcript) through
``transcribe``, against cassettes, and the fake's own checks.

The cassettes in ``cassettes/revai_cassettes/`` were *written* from Rev.ai's documented
wire format (``revai_wire.FakeRevai``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \
        tests/media_audio/test_revai_cassettes.py --record-mode=rewrite

and are re-recorded against the real API with ``REVAI_API_KEY=...`` instead
(``revai_written`` tests stay written: a real job cannot be made to fail on demand).
"""

from __future__ import annotations

import json
from typing import Any

import httpx2
import pytest
from audio_tools import assert_transcript_matches_audio
from audio_wire import FakeAPI, recorded, spoken
from revai_wire import INVALID_KEY, TRANSCRIPT_TYPE

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError
from ai_sdk_integrations.spec.media import MediaJobError

PROVIDER = "revai"
SENTENCE = "the quick brown fox jumps over the lazy dog"


@pytest.mark.vcr
def test_transcribe_submits_polls_and_fetches_the_transcript(vcr: Any, no_poll_waits: list[float]) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    result = ai.transcribe(
        "revai:machine",
        speech.data,
        provider_options={"revai": {"skip_diarization": False, "speakersCount": 1, "metadata": "test run"}},
    )
    submit, *polls, transcript = recorded(vcr)
    assert submit.uri == "https://api.rev.ai/speechtotext/v1/jobs"
    parts = submit.request_parts()
    assert json.loads(parts["options"].text) == {
        "transcriber": "machine",
        "skip_diarization": False,
        "speakers_count": 1,
        "metadata": "test run",
    }
    assert (parts["media"].filename, parts["media"].content_type) == ("audio.mp3", "audio/mpeg")
    job = submit.json()["id"]
    assert [p.uri for p in polls] == [f"https://api.rev.ai/speechtotext/v1/jobs/{job}"] * len(polls)
    assert polls[-1].json()["status"] == "transcribed"
    assert len(no_poll_waits) == len(polls)
    assert transcript.uri == f"https://api.rev.ai/speechtotext/v1/jobs/{job}/transcript"
    assert transcript.request_headers["accept"] == TRANSCRIPT_TYPE
    assert_transcript_matches_audio(SENTENCE, result, parts["media"].data, "audio/mpeg")
    elements = [e for m in transcript.json()["monologues"] for e in m["elements"]]
    assert result.text == "".join(e["value"] for e in elements)
    assert [s.start_second for s in result.segments] == [e["ts"] for e in elements if e["type"] == "text"]
    assert result.duration_in_seconds == max(e["end_ts"] for e in elements if e["type"] == "text")
    assert result.segments[-1].text.endswith(".")


@pytest.mark.vcr
async def test_atranscribe_wav(vcr: Any) -> None:
    speech = spoken("Paris is the capital of France", "audio/wav")
    result = await ai.atranscribe("revai:low_cost", speech.data)
    assert json.loads(recorded(vcr)[0].request_parts()["options"].text) == {"transcriber": "low_cost"}
    assert_transcript_matches_audio(speech.text, result, speech.data, "audio/wav")


@pytest.mark.vcr
@pytest.mark.revai_written
def test_a_failed_job_is_a_media_job_error(vcr: Any) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    with pytest.raises(MediaJobError, match="could not be transcribed") as caught:
        ai.transcribe("revai:machine", speech.data, provider_options={"revai": {"metadata": "FAIL"}})
    assert caught.value.status == "failed"
    assert recorded(vcr)[-1].json()["status"] == "failed"


@pytest.mark.vcr
def test_invalid_key_is_an_authentication_error(vcr: Any) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    with pytest.raises(AuthenticationError) as caught:
        ai.transcribe(ai.transcription_model("revai:machine", api_key=INVALID_KEY), speech.data)
    assert recorded(vcr)[0].json()["title"] in str(caught.value)


# -- the fake rejects what Rev.ai rejects -------------------------------------------------


def test_fake_rejects_unknown_options_with_problem_details(fake: FakeAPI) -> None:
    speech = spoken(SENTENCE)
    model = ai.transcription_model("revai:machine", base_url=fake.origin, api_key="k", max_retries=0)
    with pytest.raises(InvalidRequestError, match="skip_diarisation is not a valid option"):
        ai.transcribe(model, speech.data, provider_options={"revai": {"skip_diarisation": True}})


def test_fake_refuses_the_transcript_before_the_job_is_done(fake: FakeAPI) -> None:
    speech = spoken(SENTENCE)
    headers = {"authorization": "Bearer k"}
    files = {"media": ("a.mp3", speech.data, "audio/mpeg"), "options": (None, "{}")}
    job = httpx2.post(fake.origin + "/speechtotext/v1/jobs", headers=headers, files=files).json()
    early = httpx2.get(fake.origin + f"/speechtotext/v1/jobs/{job['id']}/transcript", headers=headers)
    assert early.status_code == 409 and early.json()["title"] == "Job is in invalid state"
    assert early.headers["content-type"].startswith("application/problem+json")
