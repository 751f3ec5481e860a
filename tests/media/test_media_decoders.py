"""Whatever a media API answers, the codecs return a result or raise one of this
package's errors (property tests), and the espeak-ng audio round-trips.

The round trip makes the speech the transcription tests send, fresh, with espeak-ng:
the WAV decodes, each sentence lies where ``script_audio`` says, and the media fake,
which knows the committed recordings, hears the sentences back with those timings.
"""

from __future__ import annotations

import contextlib
import itertools
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from media_wire import FakeMedia, parse_multipart
from speech_audio import ESPEAK_MISSING, SCRIPTS, fixture, have_espeak, script_audio, wav_info

import ai_sdk_integrations as ai
from ai_sdk_integrations.providers.gateway.media import (
    GatewayImageCodec,
    GatewaySpeechCodec,
    GatewayTranscriptionCodec,
    GatewayVideoCodec,
)
from ai_sdk_integrations.providers.google.image import GoogleImageCodec
from ai_sdk_integrations.providers.openai.image import OpenAIImageCodec
from ai_sdk_integrations.providers.openai.speech import OpenAISpeechCodec
from ai_sdk_integrations.providers.openai.transcription import OpenAITranscriptionCodec
from ai_sdk_integrations.spec.errors import AISDKError
from ai_sdk_integrations.spec.multipart import FormFile, encode_multipart

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
# Bodies shaped like each API's answer, with any value in any field.
shaped = st.fixed_dictionaries(
    {},
    optional={
        "data": st.lists(
            st.fixed_dictionaries({}, optional={"b64_json": json_values, "revised_prompt": json_values})
            | json_values,
            max_size=3,
        ),
        "predictions": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "bytesBase64Encoded": json_values,
                    "mimeType": json_values,
                    "raiFilteredReason": json_values,
                },
            )
            | json_values,
            max_size=3,
        ),
        "images": st.lists(json_values | st.just("iVBORw0KGgo="), max_size=3) | json_values,
        "audio": json_values | st.just("SUQz"),
        "text": json_values,
        "segments": st.lists(
            st.fixed_dictionaries(
                {},
                optional={
                    "text": json_values,
                    "start": json_values,
                    "end": json_values,
                    "startSecond": json_values,
                    "endSecond": json_values,
                },
            )
            | json_values,
            max_size=3,
        ),
        "words": json_values,
        "language": json_values,
        "duration": json_values,
        "durationInSeconds": json_values,
        "usage": json_values,
        "warnings": json_values,
        "providerMetadata": json_values,
        "created": json_values,
        "output_format": json_values,
    },
)
CODECS = [
    OpenAIImageCodec("gpt-image-1"),
    GoogleImageCodec("imagen-4.0-generate-001"),
    GatewayImageCodec("openai/gpt-image-1"),
    GatewaySpeechCodec("openai/tts-1"),
    GatewayTranscriptionCodec("openai/whisper-1"),
    OpenAITranscriptionCodec("whisper-1"),
]


@pytest.mark.parametrize("codec", CODECS, ids=lambda c: type(c).__name__)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=shaped | json_values)
def test_json_answers_parse_or_raise_our_errors(codec: Any, body: Any) -> None:
    with contextlib.suppress(AISDKError):
        codec.parse_response(body, {})


@settings(max_examples=200, deadline=None)
@given(
    events=st.lists(
        st.text(max_size=40)
        | json_values.map(json.dumps)
        | st.builds(
            lambda kind, videos: json.dumps(
                {"type": kind, "videos": videos, "message": "m", "errorType": kind}
            ),
            st.sampled_from(["result", "error", "other"]),
            json_values,
        ),
        max_size=3,
    )
)
def test_video_events_parse_or_raise_our_errors(events: list[str]) -> None:
    with contextlib.suppress(AISDKError):
        GatewayVideoCodec("google/veo").parse_response(events, {})


@settings(max_examples=100, deadline=None)
@given(
    body=st.binary(max_size=64), kind=st.sampled_from(["audio/mpeg", "application/json", "text/plain", ""])
)
def test_speech_bytes_parse_or_raise_our_errors(body: bytes, kind: str) -> None:
    with contextlib.suppress(AISDKError):
        OpenAISpeechCodec("tts-1").parse_response(body, {"content-type": kind})


# Names without a backslash: RFC 7578 leaves it unescaped (as browsers send it), and
# parsers disagree on it (Python's email parser reads it as an escape).
NAMES = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\\"), min_size=1, max_size=12
)


@settings(max_examples=100, deadline=None)
@given(
    fields=st.lists(
        st.tuples(
            NAMES,
            st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
            | st.builds(FormFile, st.binary(max_size=64), NAMES),
        ),
        min_size=1,
        max_size=5,
    )
)
def test_multipart_bodies_parse_back_field_for_field(fields: list[tuple[str, Any]]) -> None:
    body, kind = encode_multipart(fields)
    parts = parse_multipart(kind, body)
    assert len(parts) == len(fields)
    for part, (name, value) in zip(parts, fields, strict=True):
        assert part.name == name.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")
        if isinstance(value, FormFile):
            assert part.value == value.data and part.content_type == value.media_type
        else:
            assert part.value == value.encode()


@pytest.mark.skipif(not have_espeak(), reason=ESPEAK_MISSING)
def test_espeak_audio_round_trips_through_the_transcription_fake() -> None:
    sentences = SCRIPTS["recipe"]
    wav, segments = script_audio(sentences)
    info = wav_info(wav)
    assert info.channels == 1 and info.sample_width == 2 and info.duration > 2
    assert segments[-1]["end_second"] == pytest.approx(info.duration, abs=0.001)
    assert all(a["end_second"] < b["start_second"] for a, b in itertools.pairwise(segments))
    committed, expected = fixture("recipe")
    if wav != committed:
        pytest.skip("this espeak-ng version speaks differently from the committed fixtures; regenerate them")
    with FakeMedia() as fake:
        model = ai.transcription_model(
            "openai:whisper-1", base_url=fake.origin + "/openai/v1", api_key="sk-local"
        )
        result = ai.transcribe(model, wav)
    assert result.text == " ".join(sentences) == expected["text"]
    assert [(s.start_second, s.end_second) for s in result.segments] == [
        (s["start_second"], s["end_second"]) for s in segments
    ]
