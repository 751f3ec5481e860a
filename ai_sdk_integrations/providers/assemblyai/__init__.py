"""AssemblyAI: pre-recorded transcription as a job (upload the bytes, submit a
transcript, poll it until completed: ``transcription``), with ``create_assemblyai``
(``provider``, the only module here that builds endpoints)."""
