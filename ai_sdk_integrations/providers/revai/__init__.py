"""Rev.ai: asynchronous transcription (submit a job with the media, poll it, fetch the
transcript: ``transcription``), with ``create_revai`` (``provider``, the only module
here that builds endpoints)."""
