"""What the image and speech tools of both frameworks share: saving generated files
and the short text an agent reads about them (an agent gets the summary and the path;
the bytes travel as the tool's artifact, never as text in the conversation)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from ..spec.media import GeneratedFile


def save(files: Sequence[GeneratedFile], folder: str | Path | None, stem: str) -> list[Path]:
    """Each file as ``<folder>/<stem>-<hash>.<ext>`` (content-addressed, so a rerun
    overwrites rather than piles up); nothing is written without a folder."""
    if folder is None:
        return []
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for file in files:
        path = target / f"{stem}-{hashlib.sha256(file.data).hexdigest()[:12]}.{file.extension}"
        path.write_bytes(file.data)
        paths.append(path)
    return paths


def summary(kind: str, files: Sequence[GeneratedFile], paths: Sequence[Path]) -> str:
    described = ", ".join(f"{file.media_type}, {len(file.data)} bytes" for file in files)
    text = f"Generated {len(files)} {kind}{'' if len(files) == 1 else 's'} ({described})."
    if paths:
        text += " Saved to: " + ", ".join(str(path) for path in paths) + "."
    return text
