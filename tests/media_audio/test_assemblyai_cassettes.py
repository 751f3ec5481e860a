"""AssemblyAI transcription (upload, transcript, polling) through ``transcribe``,
against cassettes, and the fake's own checks.

The cassettes in ``cassettes/assemblyai_cassettes/`` were *written* from AssemblyAI's
documented wire format (``assemblyai_wire.FakeAssemblyAI``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \
        tests/media_audio/test_assemblyai_cassettes.py --record-mode=rewrite

and are re-recorded against the real API with ``ASSEMBLYAI_API_KEY=...`` instead
(``assemblyai_written`` tests stay written: a real job cannot be made to fail on demand).
"""

from __future__ import annotations

from typing import Any

import httpx2
import pytest
from assemblyai_wire import INVALID_KEY
from audio_tools import assert_transcript_matches_audio
from audio_wire import FakeAPI, recorded, spoken

import ai_sdk_integrations as ai
from ai_sdk_integrations.spec.errors import AuthenticationError, InvalidRequestError
from ai_sdk_integrations.spec.media import MediaJobError, MediaJobTimeoutError

PROVIDER = "assemblyai"
SENTENCE = "the quick brown fox jumps over the lazy dog"


@pytest.mark.vcr
def test_transcribe_with_speaker_labels(vcr: Any, no_poll_waits: list[float]) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    result = ai.transcribe(
        "assemblyai:universal-3-5-pro",
        speech.data,
        provider_options={
            "assemblyai": {"speakerLabels": True, "speakerOptions": {"minSpeakersExpected": 1}}
        },
    )
    upload, submit, *polls = recorded(vcr)
    assert upload.uri == "https://api.assemblyai.com/v2/upload"
    assert upload.request_headers["content-type"] == "application/octet-stream"
    assert submit.request_json() == {
        "audio_url": upload.json()["upload_url"],
        "speech_models": ["universal-3-5-pro"],
        "speaker_labels": True,
        "speaker_options": {"min_speakers_expected": 1},
    }
    transcript = submit.json()["id"]
    assert [p.uri for p in polls] == [f"https://api.assemblyai.com/v2/transcript/{transcript}"] * len(polls)
    final = polls[-1].json()
    assert final["status"] == "completed"
    assert len(no_poll_waits) == len(polls)
    assert_transcript_matches_audio(SENTENCE, result, upload.request_body, "audio/mpeg")
    assert result.text == final["text"] and result.language == final["language_code"]
    assert [(s.start_second, s.end_second) for s in result.segments] == [
        (w["start"] / 1000, w["end"] / 1000) for w in final["words"]
    ]
    assert result.duration_in_seconds == final["audio_duration"]
    assert result.provider_metadata["assemblyai"]["utterances"] == final["utterances"]
    assert result.warnings == []


@pytest.mark.vcr
async def test_atranscribe_the_legacy_best_model_warns(vcr: Any) -> None:
    speech = spoken("Paris is the capital of France", "audio/wav")
    result = await ai.atranscribe("assemblyai:best", speech.data)
    submit = recorded(vcr)[1].request_json()
    assert submit["speech_model"] == "best" and "speech_models" not in submit
    assert [w.type for w in result.warnings] == ["deprecated"]
    assert_transcript_matches_audio(speech.text, result, speech.data, "audio/wav")


@pytest.mark.vcr
@pytest.mark.assemblyai_written
def test_a_failed_transcript_is_a_media_job_error(vcr: Any) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    with pytest.raises(MediaJobError, match="Transcoding failed"):
        ai.transcribe(
            "assemblyai:universal-2",
            speech.data,
            provider_options={
                "assemblyai": {
                    "webhookUrl": "https://example.com/hook",
                    "webhookAuthHeaderName": "x",
                    "webhookAuthHeaderValue": "FAIL",
                }
            },
        )
    assert recorded(vcr)[-1].json()["status"] == "error"


@pytest.mark.vcr
def test_invalid_key_is_an_authentication_error(vcr: Any) -> None:
    speech = spoken(SENTENCE, "audio/mpeg")
    with pytest.raises(AuthenticationError) as caught:
        ai.transcribe(ai.transcription_model("assemblyai:universal-2", api_key=INVALID_KEY), speech.data)
    assert recorded(vcr)[0].json()["error"] in str(caught.value)


def test_warnings_follow_the_ai_sdk() -> None:
    from ai_sdk_integrations.providers.assemblyai.transcription import AssemblyAITranscriptionCodec
    from ai_sdk_integrations.spec.media import TranscriptionCallOptions

    options = TranscriptionCallOptions(
        b"x",
        "audio/wav",
        {
            "assemblyai": {
                "wordBoost": ["a"],
                "languageCode": "en",
                "languageDetection": True,
                "redactStaticEntities": True,
            }
        },
    )
    warnings = AssemblyAITranscriptionCodec("universal-3-pro").build_request(options).warnings
    assert [w.type for w in warnings] == ["other", "deprecated", "other", "other"]


# -- the fake rejects what AssemblyAI rejects ----------------------------------------------


def test_fake_wants_the_bare_key(fake: FakeAPI) -> None:
    answer = httpx2.post(fake.origin + "/v2/upload", headers={"authorization": "Bearer k"}, content=b"x")
    assert answer.status_code == 401 and "API token" in answer.json()["error"]


def test_fake_rejects_unknown_transcript_fields(fake: FakeAPI) -> None:
    speech = spoken(SENTENCE)
    model = ai.transcription_model("assemblyai:universal-2", base_url=fake.origin, api_key="k", max_retries=0)
    with pytest.raises(InvalidRequestError, match="unknown parameter 'speaker_label'"):
        ai.transcribe(model, speech.data, provider_options={"assemblyai": {"speakerLabel": True}})


def test_polling_gives_up_after_the_timeout(fake: FakeAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    from ai_sdk_integrations.provider import media_job

    clock = iter(float(n) for n in range(0, 1000, 7))
    monkeypatch.setattr(media_job, "_clock", lambda: next(clock))
    speech = spoken(SENTENCE)
    model = ai.transcription_model("assemblyai:universal-2", base_url=fake.origin, api_key="k")
    with pytest.raises(MediaJobTimeoutError, match="did not finish within 10 s"):
        ai.transcribe(model, speech.data, poll_timeout=10)
