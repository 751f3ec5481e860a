"""Gladia: pre-recorded transcription as a job (upload the audio, start a
``/v2/pre-recorded`` job, poll it until done: ``transcription``), with
``create_gladia`` (``provider``, the only module here that builds endpoints)."""
