"""LMNT: text-to-speech (``POST /v1/ai/speech/bytes``: ``speech``), with
``create_lmnt`` (``provider``, the only module here that builds endpoints)."""
