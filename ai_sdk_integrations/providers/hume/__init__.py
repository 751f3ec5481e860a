"""Hume: expressive text-to-speech with Octave (``POST /v0/tts/file``: ``speech``),
with ``create_hume`` (``provider``, the only module here that builds endpoints)."""
