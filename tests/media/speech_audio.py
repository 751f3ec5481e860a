"""Real speech for the transcription tests, made with espeak-ng, and real decoders.

``script_audio(sentences)`` speaks each sentence with espeak-ng, joins them with short
silences into one WAV file (resampled to 8 kHz mono 16-bit with sox when sox is there,
to keep cassettes small) and returns the exact start and end of each sentence, counted
in frames. The files the cassettes send are committed in ``fixtures/`` (WAV, and the
same speech as 32 kbit/s MP3 made with lame, for smaller uploads) next to their
transcript JSON, so replaying needs neither tool; regenerate them with
``python tests/media/speech_audio.py`` (espeak-ng output is deterministic for one
espeak-ng version, so re-recording after an espeak-ng upgrade regenerates them first).

``wav_info`` decodes WAV with the stdlib ``wave`` module; ``mp3_frames`` walks every
MPEG audio frame header (sync word, bitrate, sample rate, padding) to the end of the
file, and ``decode_mp3`` decodes it to PCM with lame when lame is installed.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_RATE = 8000
GAP_SECONDS = 0.3

SCRIPTS: dict[str, tuple[str, ...]] = {
    "galileo": (
        "Galileo studied the moons of Jupiter.",
        "He saw four of them through his telescope.",
        "Today they are called the Galilean moons.",
    ),
    "recipe": (
        "Boil the pasta for nine minutes.",
        "Stir in the tomato sauce and add fresh basil.",
    ),
}
"""The scripts the committed fixtures speak: ``fixtures/<name>.wav`` and ``<name>.json``."""

ESPEAK_MISSING = (
    "espeak-ng is not installed: the speech tests make their audio with it "
    "(apt-get install -y espeak-ng sox; ./dev test installs both)"
)


def have_espeak() -> bool:
    return shutil.which("espeak-ng") is not None


def speak(text: str) -> bytes:
    """``text`` as a mono 16-bit WAV file (8 kHz when sox is installed, else 22.05 kHz)."""
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "speech.wav"
        subprocess.run(["espeak-ng", "-v", "en-us", "-s", "160", "-w", str(raw), text], check=True)
        if shutil.which("sox") is None:
            return raw.read_bytes()
        small = Path(folder) / "small.wav"
        subprocess.run(
            # -D: no dither (sox dithers with random noise, so every run would differ)
            ["sox", "-D", str(raw), "-r", str(SAMPLE_RATE), "-c", "1", "-b", "16", str(small)],
            check=True,
        )
        return small.read_bytes()


@dataclass(frozen=True)
class WavInfo:
    channels: int
    sample_width: int
    rate: int
    frames: int

    @property
    def duration(self) -> float:
        return self.frames / self.rate


def wav_info(data: bytes) -> WavInfo:
    """Decoded with ``wave``; every frame is read, so a truncated file fails."""
    with wave.open(io.BytesIO(data)) as reader:
        info = WavInfo(
            reader.getnchannels(), reader.getsampwidth(), reader.getframerate(), reader.getnframes()
        )
        frames = reader.readframes(info.frames)
    assert len(frames) == info.frames * info.channels * info.sample_width, "WAV data is truncated"
    return info


def script_audio(sentences: tuple[str, ...] | list[str]) -> tuple[bytes, list[dict[str, Any]]]:
    """One WAV of the sentences with ``GAP_SECONDS`` of silence between them, and each
    sentence's ``{text, start_second, end_second}``."""
    pieces = [speak(sentence) for sentence in sentences]
    params = None
    out = io.BytesIO()
    segments: list[dict[str, Any]] = []
    frames_so_far = 0
    with wave.open(out, "wb") as writer:
        for sentence, piece in zip(sentences, pieces, strict=True):
            with wave.open(io.BytesIO(piece)) as reader:
                if params is None:
                    params = reader.getparams()
                    writer.setparams(params)
                data = reader.readframes(reader.getnframes())
                count = reader.getnframes()
            if segments:
                gap = int(GAP_SECONDS * params.framerate)
                writer.writeframes(b"\x00" * gap * params.sampwidth * params.nchannels)
                frames_so_far += gap
            start = frames_so_far / params.framerate
            writer.writeframes(data)
            frames_so_far += count
            segments.append(
                {
                    "text": sentence,
                    "start_second": round(start, 3),
                    "end_second": round(frames_so_far / params.framerate, 3),
                }
            )
    return out.getvalue(), segments


def transcript_of(wav: bytes, segments: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "text": " ".join(segment["text"] for segment in segments),
        "segments": segments,
        "duration": round(wav_info(wav).duration, 3),
        "language": "en",
        "sha256": hashlib.sha256(wav).hexdigest(),
    }


def fixture(name: str, suffix: str = "wav") -> tuple[bytes, dict[str, Any]]:
    """A committed recording (``wav`` or ``mp3``) and its transcript."""
    return (FIXTURES / f"{name}.{suffix}").read_bytes(), json.loads((FIXTURES / f"{name}.json").read_text())


def write_fixtures() -> None:
    FIXTURES.mkdir(exist_ok=True)
    for name, sentences in SCRIPTS.items():
        wav, segments = script_audio(sentences)
        mp3 = encode_mp3(wav)
        (FIXTURES / f"{name}.wav").write_bytes(wav)
        (FIXTURES / f"{name}.mp3").write_bytes(mp3)
        transcript = {**transcript_of(wav, segments), "mp3_sha256": hashlib.sha256(mp3).hexdigest()}
        (FIXTURES / f"{name}.json").write_text(json.dumps(transcript, indent=2) + "\n")


# -- MP3 ------------------------------------------------------------------------------

_BITRATES_V1_L3 = (0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320)
_BITRATES_V2_L3 = (0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160)
_RATES = {3: (44100, 48000, 32000), 2: (22050, 24000, 16000), 0: (11025, 12000, 8000)}


def _skip_id3(data: bytes) -> int:
    if data[:3] != b"ID3" or len(data) < 10:
        return 0
    size = (data[6] & 0x7F) << 21 | (data[7] & 0x7F) << 14 | (data[8] & 0x7F) << 7 | (data[9] & 0x7F)
    return 10 + size


def mp3_frames(data: bytes) -> tuple[int, int, float]:
    """Walk every MPEG layer III frame: (frames, sample rate, duration in seconds).
    Raises ``AssertionError`` where the chain of frame headers breaks."""
    offset = _skip_id3(data)
    frames, rate, samples = 0, 0, 0
    while offset + 4 <= len(data):
        header = int.from_bytes(data[offset : offset + 4], "big")
        assert header >> 21 == 0x7FF, f"no MPEG frame sync at byte {offset}"
        version, layer = (header >> 19) & 3, (header >> 17) & 3
        assert version != 1 and layer == 1, f"not MPEG audio layer III at byte {offset}"
        bitrate_index, rate_index, padding = (header >> 12) & 15, (header >> 10) & 3, (header >> 9) & 1
        assert 0 < bitrate_index < 15 and rate_index < 3, f"bad frame header at byte {offset}"
        rate = _RATES[version][rate_index]
        bitrate = (_BITRATES_V1_L3 if version == 3 else _BITRATES_V2_L3)[bitrate_index] * 1000
        per_frame = 1152 if version == 3 else 576
        length = (per_frame // 8) * bitrate // rate + padding
        offset += length
        frames += 1
        samples += per_frame
    assert frames > 0, "no MPEG audio frames"
    return frames, rate, samples / rate


def decode_mp3(data: bytes) -> WavInfo | None:
    """Decode to PCM with lame (``None`` where lame is not installed)."""
    if shutil.which("lame") is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.mp3", Path(folder) / "out.wav"
        source.write_bytes(data)
        subprocess.run(["lame", "--quiet", "--decode", str(source), str(target)], check=True)
        return wav_info(target.read_bytes())


def encode_mp3(wav: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.wav", Path(folder) / "out.mp3"
        source.write_bytes(wav)
        subprocess.run(["lame", "--quiet", "-b", "32", str(source), str(target)], check=True)
        return target.read_bytes()


if __name__ == "__main__":
    write_fixtures()
    print(f"wrote {', '.join(SCRIPTS)} to {FIXTURES}")
