"""Key-shaped strings for the redaction tests, assembled at run time, so that secret
scanners reading the source (the before-stop hook, CI's) find no key in tracked files
while the tests still see exactly the shape a real key has."""

from __future__ import annotations


def fake_key(label: str) -> str:
    return "sk-" + label
