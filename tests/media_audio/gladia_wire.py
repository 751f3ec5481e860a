"""A loopback stand-in for ``api.gladia.io``: ``/v2/upload``, ``/v2/pre-recorded`` and
``/v2/pre-recorded/{id}``.

Shapes follow Gladia's OpenAPI spec (``AudioUploadResponse``,
``InitTranscriptionRequest``, ``InitPreRecordedTranscriptionResponse``,
``PreRecordedResponse``, the ``*ErrorResponse`` bodies ``{timestamp, path, request_id,
statusCode, message, validation_errors?}``) and the AI SDK's recorded Gladia fixtures
(upload, initiate, result). It rejects what Gladia rejects:

* 401 ``gladia key not found`` without ``x-gladia-key``, ``invalid gladia key`` for the
  key ``INVALID_KEY``;
* 400 for an upload that is not multipart or has no ``audio`` part, or whose file is
  not audio (decoded by sox);
* 400 for a job body that is not JSON, without ``audio_url``, with an ``audio_url``
  this server did not hand out, or with a field ``InitTranscriptionRequest`` does not
  list (``validation_errors: ["property <name> should not exist"]``, NestJS's
  whitelist wording; the fields the AI SDK still sends from the older request shape,
  ``detect_language``, ``language``, ``context_prompt``... are accepted);
* 404 for an unknown job id.

Jobs move one state per status read (``queued`` -> ``processing`` -> ``done``), so the
client must poll; the result transcribes the uploaded audio with
``audio_wire.recognize``. A job body whose ``custom_metadata`` holds ``{"fail": true}``
ends in ``status: error`` (``error_code`` 500).
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from typing import Any

from audio_tools import AudioError
from audio_wire import Heard, Jobs, Reply, Request, json_reply, parse_multipart, recognize
from fake_keys import fake_key

GLADIA_API = "https://api.gladia.io"
INVALID_KEY = fake_key("gladia-invalid")
INIT_FIELDS = frozenset(
    {
        # InitTranscriptionRequest (OpenAPI)
        "custom_vocabulary",
        "custom_vocabulary_config",
        "callback_url",
        "callback",
        "callback_config",
        "subtitles",
        "subtitles_config",
        "diarization",
        "diarization_config",
        "translation",
        "translation_config",
        "summarization",
        "summarization_config",
        "named_entity_recognition",
        "custom_spelling",
        "custom_spelling_config",
        "sentiment_analysis",
        "audio_to_llm",
        "audio_to_llm_config",
        "pii_redaction",
        "pii_redaction_config",
        "custom_metadata",
        "sentences",
        "punctuation_enhanced",
        "language_config",
        "audio_url",
        # older fields still accepted (the AI SDK sends them; request_params echoes them)
        "context_prompt",
        "detect_language",
        "enable_code_switching",
        "code_switching_config",
        "language",
        "moderation",
        "chapterization",
        "name_consistency",
        "structured_data_extraction",
        "structured_data_extraction_config",
        "display_mode",
        "model",
        "accurate_words_timestamps",
    }
)
BOOLEAN_FIELDS = frozenset(
    {
        "callback",
        "subtitles",
        "diarization",
        "translation",
        "summarization",
        "named_entity_recognition",
        "custom_spelling",
        "sentiment_analysis",
        "audio_to_llm",
        "pii_redaction",
        "sentences",
        "punctuation_enhanced",
        "detect_language",
        "enable_code_switching",
        "moderation",
        "chapterization",
        "name_consistency",
        "structured_data_extraction",
        "display_mode",
    }
)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _error(status: int, path: str, message: str, problems: list[str] | None = None) -> Reply:
    body: dict[str, Any] = {
        "timestamp": _now(),
        "path": path,
        "request_id": f"G-{uuid.uuid4().hex[:8]}",
        "statusCode": status,
        "message": message,
    }
    if problems is not None:
        body["validation_errors"] = problems
    return json_reply(status, body)


class FakeGladia:
    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, str | None, str]] = {}
        self.jobs = Jobs(("queued", "processing", "done"))

    def __call__(self, request: Request) -> Reply:
        key = request.headers.get("x-gladia-key", "")
        if not key:
            return _error(401, request.path, "gladia key not found")
        if key == INVALID_KEY:
            return _error(401, request.path, "invalid gladia key")
        if request.method == "POST" and request.path == "/v2/upload":
            return self._upload(request)
        if request.method == "POST" and request.path == "/v2/pre-recorded":
            return self._init(request)
        if request.method == "GET" and request.path.startswith("/v2/pre-recorded/"):
            return self._result(request, request.path.removeprefix("/v2/pre-recorded/"))
        return _error(404, request.path, f"Cannot {request.method} {request.path}")

    def _upload(self, request: Request) -> Reply:
        try:
            parts = parse_multipart(request.headers.get("content-type", ""), request.body)
        except AudioError as exc:
            return _error(400, request.path, str(exc))
        audio = next((part for part in parts if part.name == "audio"), None)
        if audio is None or not audio.data:
            return _error(400, request.path, "audio should not be empty", ["audio should not be empty"])
        try:
            heard = recognize(audio.data, audio.content_type)
        except AudioError:
            return _error(400, request.path, "Invalid audio file: could not read the audio")
        file_id = str(uuid.uuid4())
        filename = audio.filename or "audio"
        self.files[file_id] = (audio.data, audio.content_type, filename)
        return json_reply(
            200,
            {
                "audio_url": f"{GLADIA_API}/file/{file_id}",
                "audio_metadata": {
                    "id": file_id,
                    "filename": filename,
                    "extension": filename.rpartition(".")[2] if "." in filename else "",
                    "size": len(audio.data),
                    "audio_duration": heard.duration,
                    "number_of_channels": 1,
                },
            },
        )

    def _init(self, request: Request) -> Reply:
        try:
            body = json.loads(request.body)
        except ValueError:
            return _error(400, request.path, "Unexpected token in JSON")
        if not isinstance(body, dict):
            return _error(400, request.path, "Validation failed", ["body must be an object"])
        unknown = [f"property {name} should not exist" for name in body if name not in INIT_FIELDS]
        wrong = [
            f"{name} must be a boolean value"
            for name in BOOLEAN_FIELDS
            if name in body and not isinstance(body[name], bool)
        ]
        if "audio_url" not in body:
            unknown.append("audio_url must be a URL address")
        if unknown or wrong:
            return _error(400, request.path, "Validation failed", unknown + wrong)
        prefix = f"{GLADIA_API}/file/"
        file_id = body["audio_url"].removeprefix(prefix) if isinstance(body["audio_url"], str) else ""
        if file_id not in self.files:
            return _error(400, request.path, "Could not download the audio from audio_url")
        job_id = str(uuid.uuid4())
        self.jobs.add(job_id, params=body, file_id=file_id, created=_now())
        return json_reply(201, {"id": job_id, "result_url": f"{GLADIA_API}/v2/pre-recorded/{job_id}"})

    def _result(self, request: Request, job_id: str) -> Reply:
        found = self.jobs.read(job_id)
        if found is None:
            return _error(404, request.path, "Not found")
        state, job = found
        data, media_type, filename = self.files[job["file_id"]]
        params = job["params"]
        failed = (
            isinstance(params.get("custom_metadata"), dict) and params["custom_metadata"].get("fail") is True
        )
        if state == "done" and failed:
            state = "error"
        heard = recognize(data, media_type)
        response: dict[str, Any] = {
            "id": job_id,
            "request_id": f"G-{job_id[:8]}",
            "version": 2,
            "status": state,
            "created_at": job["created"],
            "completed_at": _now() if state in ("done", "error") else None,
            "custom_metadata": params.get("custom_metadata"),
            "error_code": 500 if state == "error" else None,
            "post_session_metadata": {},
            "kind": "pre-recorded",
            "file": {
                "id": job["file_id"],
                "filename": filename,
                "source": None,
                "audio_duration": heard.duration,
                "number_of_channels": 1,
            },
            "request_params": {
                "model": "solaria-1",
                "diarization": False,
                "sentences": False,
                "language_config": {"languages": [], "code_switching": False},
                **params,
            },
            "result": _transcription(heard, params) if state == "done" else None,
        }
        return json_reply(200, response)


def _transcription(heard: Heard, params: dict[str, Any]) -> dict[str, Any]:
    diarize = params.get("diarization") is True
    utterances = []
    for group in heard.utterances():
        words = []
        for i, (word, start, end) in enumerate(group):
            shown = word.capitalize() if i == 0 and not utterances else word
            words.append({"word": (" " if i else "") + shown, "start": start, "end": end, "confidence": 0.98})
        text = "".join(w["word"] for w in words).strip() + "."
        utterance: dict[str, Any] = {
            "text": text,
            "language": heard.language,
            "start": group[0][1],
            "end": group[-1][2],
            "confidence": 0.98,
            "channel": 0,
            "words": words,
        }
        if diarize:
            utterance["speaker"] = 0
        utterances.append(utterance)
    return {
        "metadata": {
            "audio_duration": heard.duration,
            "number_of_distinct_channels": 1,
            "billing_time": heard.duration,
            "transcription_time": round(heard.duration * 0.4, 3),
        },
        "transcription": {
            "languages": [heard.language] if heard.words else [],
            "utterances": utterances,
            "full_transcript": " ".join(u["text"] for u in utterances),
        },
    }
