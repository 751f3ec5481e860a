"""Real audio for the speech and transcription tests: espeak-ng speaks, sox converts,
and real decoders check what comes back.

The transcription tests send speech that ``espeak-ng`` made from a known sentence (with
a pause between words, so the words can be found again in the sound); the fakes find
the words in the decoded samples (``find_words``) and the tests check the transcript
round-trips. The speech tests check every audio body with a decoder: stdlib ``wave``
for WAV, MPEG frame headers for MP3, ``sox`` for anything else.

``espeak-ng`` and ``sox`` are Debian packages (``./dev`` installs them); a test that
needs them is skipped with the reason when they are missing (``needs_audio_tools``).
"""

from __future__ import annotations

import array
import functools
import io
import math
import re
import shutil
import subprocess
import wave
from dataclasses import dataclass
from typing import Any

import pytest

ESPEAK = shutil.which("espeak-ng")
SOX = shutil.which("sox")
MISSING = [name for name, path in (("espeak-ng", ESPEAK), ("sox", SOX)) if path is None]
MISSING_REASON = f"needs {' and '.join(MISSING)} (Debian: apt-get install -y espeak-ng sox libsox-fmt-mp3)"
needs_audio_tools = pytest.mark.skipif(bool(MISSING), reason=MISSING_REASON)

WORD_GAP = 25  # espeak-ng -g: pause between words, in 10 ms units
VOICE = "en-us"
RATE = 150  # words per minute

# sox type names for the media types the fakes and tests meet
SOX_TYPES = {
    "audio/wav": "wav",
    "audio/x-wav": "wav",
    "audio/wave": "wav",
    "audio/mpeg": "mp3",
    "audio/mp3": "mp3",
    "audio/flac": "flac",
    "audio/x-flac": "flac",
    "audio/ogg": "ogg",
}


@dataclass(frozen=True)
class Speech:
    """A sentence spoken by espeak-ng, in the format a test sends."""

    text: str
    data: bytes
    media_type: str


def _run(args: list[str], data: bytes | None = None) -> bytes:
    done = subprocess.run(args, input=data, capture_output=True, check=False)
    if done.returncode != 0:
        raise AudioError(f"{args[0]} failed: {done.stderr.decode(errors='replace')[:300]}")
    return done.stdout


class AudioError(ValueError):
    """Bytes that are not the audio they claim to be."""


@functools.lru_cache(maxsize=32)
def speak(text: str, media_type: str = "audio/mpeg") -> Speech:
    """``text`` spoken by espeak-ng (22.05 kHz mono), as WAV or converted by sox."""
    if MISSING:
        pytest.skip(f"making test speech {MISSING_REASON}")
    wav = _run([ESPEAK or "espeak-ng", "-v", VOICE, "-s", str(RATE), "-g", str(WORD_GAP), "--stdout", text])
    kind = SOX_TYPES[media_type]
    if kind == "wav":
        return Speech(text, fix_wav_lengths(convert(wav, "wav", "wav", rate=16000)), media_type)
    return Speech(text, convert(wav, "wav", kind, bit_rate=32 if kind == "mp3" else None), media_type)


def fix_wav_lengths(data: bytes) -> bytes:
    """espeak-ng and sox stream WAV to a pipe with open-ended RIFF and ``data`` lengths
    (they cannot seek back); written to a file, the real lengths are in the header."""
    at = data.find(b"data", 12)
    if data[:4] != b"RIFF" or at < 0:
        raise AudioError("not a RIFF/WAVE stream")
    size = len(data) - at - 8
    return (
        b"RIFF"
        + (len(data) - 8).to_bytes(4, "little")
        + data[8 : at + 4]
        + size.to_bytes(4, "little")
        + data[at + 8 :]
    )


def convert(
    data: bytes,
    source: str,
    target: str,
    *,
    rate: int | None = None,
    bit_rate: int | None = None,
    encoding: list[str] | None = None,
) -> bytes:
    """``data`` (sox type ``source``) as sox type ``target``; raw targets get ``encoding``
    (e.g. ``["-e", "signed-integer", "-b", "16"]``)."""
    args = [SOX or "sox", "-t", source, "-"]
    if bit_rate is not None and target == "mp3":
        args += ["-C", str(bit_rate)]
    args += [*(encoding or []), "-c", "1"]
    if rate is not None:
        args += ["-r", str(rate)]
    args += ["-t", target, "-"]
    return _run(args, data)


def samples(data: bytes, media_type: str, rate: int = 16000) -> array.array[int]:
    """The decoded sound as 16-bit mono samples at ``rate`` (raises ``AudioError`` when
    sox cannot decode it, as a real API refuses corrupt audio)."""
    kind = SOX_TYPES.get(media_type.partition(";")[0].strip().lower())
    if kind is None:
        raise AudioError(f"unsupported media type {media_type!r}")
    raw = convert(data, kind, "raw", rate=rate, encoding=["-e", "signed-integer", "-b", "16"])
    out = array.array("h")
    out.frombytes(raw[: len(raw) // 2 * 2])
    if not out:
        raise AudioError("no audio samples")
    return out


def duration(data: bytes, media_type: str) -> float:
    return round(len(samples(data, media_type)) / 16000, 3)


def find_words(sound: array.array[int], rate: int = 16000, min_gap: float = 0.2) -> list[tuple[float, float]]:
    """Spans of speech separated by at least ``min_gap`` seconds of quiet: with
    espeak-ng's word gap, one span per word."""
    frame = rate // 100
    peak = max(1, max(abs(x) for x in sound))
    threshold = peak * 0.04
    spans: list[tuple[float, float]] = []
    start: float | None = None
    end = 0.0
    quiet = 0.0
    for index in range(0, len(sound), frame):
        chunk = sound[index : index + frame]
        level = math.sqrt(sum(x * x for x in chunk) / max(1, len(chunk)))
        at = index / rate
        if level > threshold:
            if start is None:
                start = at
            quiet, end = 0.0, at + 0.01
        elif start is not None:
            quiet += 0.01
            if quiet >= min_gap:
                spans.append((round(start, 3), round(end, 3)))
                start = None
    if start is not None:
        spans.append((round(start, 3), round(end, 3)))
    return spans


def word_timings(words: list[str], spans: list[tuple[float, float]]) -> list[tuple[str, float, float]]:
    """Each word with its span; when the sound splits into a different number of spans,
    the words share the speech time in proportion to their length."""
    if not words:
        return []
    if len(spans) == len(words):
        return [(word, start, end) for word, (start, end) in zip(words, spans, strict=True)]
    first, last = (spans[0][0], spans[-1][1]) if spans else (0.0, 0.5 * len(words))
    total = sum(len(word) for word in words)
    out, at = [], first
    for word in words:
        step = (last - first) * len(word) / total
        out.append((word, round(at, 3), round(at + step, 3)))
        at += step
    return out


# -- what tests compare --------------------------------------------------------------


def normalized_words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def assert_round_trip(spoken: str, heard: str) -> None:
    """The transcript says what was spoken (case and punctuation aside). A real
    re-recording may mishear a word of synthetic speech: most words must survive."""
    said, got = normalized_words(spoken), normalized_words(heard)
    common = sum(1 for word in said if word in got)
    assert common >= max(1, math.ceil(0.8 * len(said))), f"spoke {spoken!r}, transcript {heard!r}"


# -- decoders for what speech APIs return --------------------------------------------


def wav_info(data: bytes) -> tuple[int, int, float]:
    """(channels, sample rate, seconds) of a WAV file, read by stdlib ``wave``."""
    try:
        with wave.open(io.BytesIO(data)) as reader:
            frames, rate = reader.getnframes(), reader.getframerate()
            return reader.getnchannels(), rate, frames / rate
    except (wave.Error, EOFError) as exc:
        raise AudioError(f"not a WAV file: {exc}") from exc


_MP3_BIT_RATES = {  # MPEG-1 and MPEG-2/2.5 layer III, kbit/s by index
    1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
    2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
}
_MP3_RATES = {3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000]}


def mp3_frames(data: bytes) -> tuple[int, int]:
    """(frame count, sample rate) of an MP3 stream, walking its layer III frame headers
    from the first frame (after any ID3v2 tag) to the end; raises ``AudioError`` when a
    header is broken or the frames do not tile the data."""
    at = 0
    if data[:3] == b"ID3" and len(data) >= 10:
        at = 10 + ((data[6] << 21) | (data[7] << 14) | (data[8] << 7) | data[9])
    frames, rate = 0, 0
    while at + 4 <= len(data):
        b1, b2, b3 = data[at + 1], data[at + 2], data[at + 3]
        if data[at] != 0xFF or b1 & 0xE0 != 0xE0:
            if data[at : at + 3] == b"TAG" and len(data) - at == 128:  # ID3v1 at the end
                break
            raise AudioError(f"no MP3 frame sync at byte {at}")
        version, layer = (b1 >> 3) & 3, (b1 >> 1) & 3
        rate_index, bit_index, padding = (b2 >> 2) & 3, b2 >> 4, (b2 >> 1) & 1
        if version == 1 or layer != 1 or rate_index == 3 or bit_index in (0, 15):
            raise AudioError(f"not an MPEG layer III frame header at byte {at}: {data[at : at + 4].hex()}")
        kbps = _MP3_BIT_RATES[1 if version == 3 else 2][bit_index]
        rate = _MP3_RATES[version][rate_index]
        per_frame = 144 if version == 3 else 72
        length = per_frame * kbps * 1000 // rate + padding
        at += length
        frames += 1
        del b3
    if frames == 0:
        raise AudioError("no MP3 frames")
    return frames, rate


def check_audio(data: bytes, media_type: str) -> float:
    """Decode ``data`` as ``media_type`` with a real decoder; its length in seconds."""
    kind = media_type.partition(";")[0].strip().lower()
    if kind in ("audio/wav", "audio/x-wav", "audio/wave"):
        channels, rate, seconds = wav_info(data)
        assert channels >= 1 and rate >= 8000
        return seconds
    if kind in ("audio/mpeg", "audio/mp3"):
        frames, rate = mp3_frames(data)
        samples_per_frame = 1152 if rate >= 32000 else 576
        return frames * samples_per_frame / rate
    return duration(data, kind)


def synthesize(
    text: str,
    target: str,
    *,
    rate: int | None = None,
    bit_rate: int | None = None,
    encoding: list[str] | None = None,
) -> bytes:
    """What a speech fake answers: ``text`` spoken by espeak-ng, converted by sox to
    ``target`` (a sox type: mp3, wav, flac, ogg, raw, ul, al) at ``rate`` Hz."""
    if MISSING:
        raise AudioError(f"the fake cannot speak without {' and '.join(MISSING)}")
    wav = _run([ESPEAK or "espeak-ng", "-v", VOICE, "-s", str(RATE), "--stdout", text or " "])
    out = convert(wav, "wav", target, rate=rate, bit_rate=bit_rate, encoding=encoding)
    return fix_wav_lengths(out) if target == "wav" else out


def assert_transcript_matches_audio(spoken: str, result: Any, audio: bytes, media_type: str) -> None:
    """The transcript round-trips (``assert_round_trip``), its duration is the sent
    audio's (decoded here), and its word segments sit on the words found in the sound."""
    assert_round_trip(spoken, result.text)
    seconds = duration(audio, media_type)
    if result.duration_in_seconds is not None:
        assert abs(result.duration_in_seconds - seconds) < 1.0, (result.duration_in_seconds, seconds)
    segments = list(result.segments)
    assert segments, "no segments"
    for segment in segments:
        assert 0 <= segment.start_second <= segment.end_second <= seconds + 0.5
    starts = [s.start_second for s in segments]
    assert starts == sorted(starts)
    spans = find_words(samples(audio, media_type))
    if len(segments) == len(spans):
        for segment, (start, end) in zip(segments, spans, strict=True):
            middle = (segment.start_second + segment.end_second) / 2
            assert start - 0.3 <= middle <= end + 0.3, (segment, (start, end))
