"""Whatever the providers answer, the speech and transcription codecs give a result or
raise the package's own errors (property tests, hypothesis).

A transcription answer is a JSON value; every codec's ``parse_response`` either returns
a result whose segments run forwards (``start <= end``) or raises
``InvalidResponseDataError``; ``poll_request`` returns the next step, ``None``, or one
of ``InvalidResponseDataError`` / ``MediaJobError``; ``error_message`` returns text or
``None``. Speech codecs take any bytes.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from ai_sdk_integrations.providers.assemblyai.transcription import AssemblyAITranscriptionCodec
from ai_sdk_integrations.providers.deepgram.speech import DeepgramSpeechCodec
from ai_sdk_integrations.providers.deepgram.transcription import DeepgramTranscriptionCodec
from ai_sdk_integrations.providers.elevenlabs.speech import ElevenLabsSpeechCodec
from ai_sdk_integrations.providers.elevenlabs.transcription import ElevenLabsTranscriptionCodec
from ai_sdk_integrations.providers.gladia.transcription import GladiaTranscriptionCodec
from ai_sdk_integrations.providers.hume.speech import HumeSpeechCodec
from ai_sdk_integrations.providers.lmnt.speech import LMNTSpeechCodec
from ai_sdk_integrations.providers.revai.transcription import RevaiTranscriptionCodec
from ai_sdk_integrations.spec.errors import InvalidResponseDataError
from ai_sdk_integrations.spec.media import MediaJobError, Poll, TranscriptionCallOptions

TRANSCRIBERS = [
    DeepgramTranscriptionCodec("nova-3"),
    ElevenLabsTranscriptionCodec("scribe_v1"),
    GladiaTranscriptionCodec(),
    AssemblyAITranscriptionCodec("universal-2"),
    RevaiTranscriptionCodec("machine"),
]
SPEAKERS = [
    DeepgramSpeechCodec("aura-2-helena-en"),
    ElevenLabsSpeechCodec("eleven_multilingual_v2"),
    HumeSpeechCodec(),
    LMNTSpeechCodec("blizzard"),
]
OPTIONS = TranscriptionCallOptions(b"audio", "audio/wav")

scalars = (
    st.none() | st.booleans() | st.integers(-10, 10**6) | st.floats(allow_nan=True) | st.text(max_size=8)
)
# keys the codecs read, so the generated shapes reach deep into the readers
KEYS = st.sampled_from(
    ["results", "channels", "alternatives", "transcript", "words", "word", "start", "end", "metadata",
     "duration", "text", "type", "speaker", "speaker_id", "result", "transcription", "full_transcript",
     "utterances", "languages", "audio_duration", "status", "id", "monologues", "elements", "value", "ts",
     "end_ts", "upload_url", "audio_url", "result_url", "error", "language_code", "detected_language"]
)  # fmt: skip
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=4), inner, max_size=6)
    ),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(body=json_values)
def test_transcription_codecs_read_any_json(body: Any) -> None:
    for codec in TRANSCRIBERS:
        try:
            result = codec.parse_response(body, {})
        except InvalidResponseDataError:
            pass
        else:
            assert isinstance(result.text, str)
            assert all(0 <= s.start_second <= s.end_second for s in result.segments)
        poll = getattr(codec, "poll_request", None)
        if poll is not None:
            try:
                step = poll(OPTIONS, body, {})
            except (InvalidResponseDataError, MediaJobError):
                pass
            else:
                assert step is None or isinstance(step, Poll)
        assert codec.error_message(body) is None or isinstance(codec.error_message(body), str)


@settings(max_examples=100, deadline=None)
@given(body=st.binary(max_size=64) | json_values)
def test_speech_codecs_take_any_body(body: Any) -> None:
    for codec in SPEAKERS:
        try:
            result = codec.parse_response(body, {"content-type": "audio/mpeg"})
        except InvalidResponseDataError:
            assert not (isinstance(body, bytes) and body)
        else:
            assert result.audio == body
        assert codec.error_message(body) is None or isinstance(codec.error_message(body), str)
