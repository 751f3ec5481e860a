"""ElevenLabs: speech-to-text (``POST /v1/speech-to-text``, multipart upload:
``transcription``) and text-to-speech (``POST /v1/text-to-speech/{voice_id}``:
``speech``), with ``create_elevenlabs`` (``provider``, the only module here that builds
endpoints). Error bodies are read in ``errors``."""
