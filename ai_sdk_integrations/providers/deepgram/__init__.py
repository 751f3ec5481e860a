"""Deepgram: pre-recorded transcription (``POST /v1/listen`` with the audio bytes as
the body: ``transcription``) and text-to-speech (``POST /v1/speak``: ``speech``), with
``create_deepgram`` (``provider``, the only module here that builds endpoints). Error
bodies are read in ``errors``; options become query parameters (``query``)."""
