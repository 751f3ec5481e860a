"""A loopback stand-in for ``api.assemblyai.com``: ``/v2/upload``, ``/v2/transcript``
and ``/v2/transcript/{id}``.

Shapes follow AssemblyAI's OpenAPI spec (``UploadedFile``, ``TranscriptParams``,
``Transcript``, ``TranscriptWord``, ``TranscriptUtterance``, ``Error`` =
``{"error": "..."}``) and the AI SDK's AssemblyAI test responses. It rejects:

* 401 ``{"error": "Authentication error, API token missing/invalid"}`` without an
  ``authorization`` header holding the bare key (a ``Bearer`` prefix is refused too) or
  with the key ``INVALID_KEY``;
* 400 for an empty upload, or one that is not audio (decoded by sox);
* 400 for a transcript body without ``audio_url``, with an ``audio_url`` that is not
  an upload of this server, without ``speech_models`` (or the legacy
  ``speech_model: best``), with an unknown speech model, with ``language_code`` and
  ``language_detection`` together, or with a field ``TranscriptParams`` does not list
  (stricter than AssemblyAI documents: the spec's list, plus the deprecated
  ``speech_model`` / ``word_boost`` / ``boost_param`` / ``redact_static_entities`` the
  AI SDK may send);
* 404 ``{"error": "Transcript not found"}`` for an unknown id.

Transcripts move one state per read (``queued`` -> ``processing`` -> ``completed``);
word times are milliseconds, ``audio_duration`` whole seconds, as AssemblyAI sends
them. A transcript with ``webhook_auth_header_value: "FAIL"`` ends in ``status:
error``.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from audio_tools import AudioError
from audio_wire import Heard, Jobs, Reply, Request, json_reply, recognize
from fake_keys import fake_key

ASSEMBLYAI_API = "https://api.assemblyai.com"
INVALID_KEY = fake_key("assemblyai-invalid")
UPLOAD_PREFIX = "https://cdn.assemblyai.com/upload/"
MODELS = frozenset(
    {"universal-3-5-pro", "universal-3-pro", "universal-2", "universal", "slam-1", "nano", "best"}
)
TRANSCRIPT_FIELDS = frozenset(
    {
        "audio_end_at",
        "audio_start_from",
        "auto_chapters",
        "auto_highlights",
        "content_safety",
        "content_safety_confidence",
        "custom_spelling",
        "disfluencies",
        "domain",
        "entity_detection",
        "filter_profanity",
        "format_text",
        "iab_categories",
        "keyterms_prompt",
        "language_code",
        "language_codes",
        "language_confidence_threshold",
        "language_detection",
        "language_detection_options",
        "multichannel",
        "prompt",
        "punctuate",
        "redact_pii",
        "redact_pii_audio",
        "redact_pii_audio_options",
        "redact_pii_audio_quality",
        "redact_pii_policies",
        "redact_pii_sub",
        "redact_pii_return_unredacted",
        "sentiment_analysis",
        "speaker_labels",
        "speaker_options",
        "speakers_expected",
        "speech_models",
        "speech_threshold",
        "speech_understanding",
        "summarization",
        "summary_model",
        "summary_type",
        "remove_audio_tags",
        "temperature",
        "webhook_auth_header_name",
        "webhook_auth_header_value",
        "webhook_url",
        "custom_topics",
        "topics",
        "audio_url",
        # deprecated, still accepted
        "speech_model",
        "word_boost",
        "boost_param",
        "redact_static_entities",
    }
)


def _error(status: int, message: str) -> Reply:
    return json_reply(status, {"error": message})


class FakeAssemblyAI:
    def __init__(self) -> None:
        self.uploads: dict[str, bytes] = {}
        self.transcripts = Jobs(("queued", "processing", "completed"))

    def __call__(self, request: Request) -> Reply:
        key = request.headers.get("authorization", "")
        if not key or key.startswith("Bearer ") or key == INVALID_KEY:
            return _error(401, "Authentication error, API token missing/invalid")
        if request.method == "POST" and request.path == "/v2/upload":
            return self._upload(request)
        if request.method == "POST" and request.path == "/v2/transcript":
            return self._submit(request)
        if request.method == "GET" and request.path.startswith("/v2/transcript/"):
            return self._transcript(request.path.removeprefix("/v2/transcript/"))
        return _error(404, "Not found")

    def _upload(self, request: Request) -> Reply:
        if not request.body:
            return _error(
                400,
                "Upload failed, please try again. If you continue to have issues please reach out to "
                "support@assemblyai.com",
            )
        try:
            recognize(request.body, None)
        except AudioError:
            return _error(
                400, "File does not appear to contain audio. File type is application/octet-stream (data)."
            )
        upload_id = str(uuid.uuid4())
        self.uploads[upload_id] = request.body
        return json_reply(200, {"upload_url": UPLOAD_PREFIX + upload_id})

    def _submit(self, request: Request) -> Reply:
        try:
            body = json.loads(request.body)
        except ValueError:
            return _error(400, "Invalid JSON body")
        if not isinstance(body, dict):
            return _error(400, "Invalid JSON body")
        for name in body:
            if name not in TRANSCRIPT_FIELDS:
                return _error(400, f"Invalid request body: unknown parameter '{name}'")
        audio_url = body.get("audio_url")
        if not isinstance(audio_url, str):
            return _error(400, "audio_url is required")
        upload_id = audio_url.removeprefix(UPLOAD_PREFIX)
        if not audio_url.startswith(UPLOAD_PREFIX) or upload_id not in self.uploads:
            return _error(400, f"Download error, unable to download {audio_url}")
        models = body.get("speech_models")
        if models is None and body.get("speech_model") != "best":
            return _error(400, "speech_models is required")
        for model in models or ():
            if model not in MODELS or model == "best":
                return _error(400, f"Invalid speech model: {model!r}")
        if body.get("language_code") is not None and body.get("language_detection"):
            return _error(400, "language_detection cannot be enabled when language_code is set")
        transcript_id = str(uuid.uuid4())
        self.transcripts.add(transcript_id, params=body, upload=upload_id)
        return json_reply(200, self._view(transcript_id, "queued", body, None))

    def _transcript(self, transcript_id: str) -> Reply:
        found = self.transcripts.read(transcript_id)
        if found is None:
            return _error(404, "Transcript not found")
        state, job = found
        params = job["params"]
        if state == "completed" and params.get("webhook_auth_header_value") == "FAIL":
            state = "error"
        heard = recognize(self.uploads[job["upload"]], None) if state == "completed" else None
        return json_reply(200, self._view(transcript_id, state, params, heard))

    def _view(
        self, transcript_id: str, state: str, params: dict[str, Any], heard: Heard | None
    ) -> dict[str, Any]:
        model = params.get("speech_model") or (params.get("speech_models") or ["universal-3-5-pro"])[0]
        view: dict[str, Any] = {
            "id": transcript_id,
            "status": state,
            "audio_url": params["audio_url"],
            "speech_model": params.get("speech_model"),
            "speech_models": params.get("speech_models"),
            "speech_model_used": model if heard else None,
            "language_model": "assemblyai_default",
            "acoustic_model": "assemblyai_default",
            "language_code": params.get("language_code")
            or ("en" if params.get("language_detection") else "en_us"),
            "language_detection": bool(params.get("language_detection")),
            "language_confidence_threshold": params.get("language_confidence_threshold"),
            "language_confidence": 0.98 if heard else None,
            "auto_highlights": bool(params.get("auto_highlights")),
            "redact_pii": bool(params.get("redact_pii")),
            "summarization": bool(params.get("summarization")),
            "speaker_labels": bool(params.get("speaker_labels")),
            "webhook_auth": params.get("webhook_auth_header_name") is not None,
            "punctuate": params.get("punctuate", True),
            "format_text": params.get("format_text", True),
            "text": None,
            "words": None,
            "utterances": None,
            "confidence": None,
            "audio_duration": None,
            "error": "Transcoding failed. File does not appear to contain audio."
            if state == "error"
            else None,
        }
        if heard is None:
            return view
        words = []
        for index, (word, start, end) in enumerate(heard.words):
            shown = word.capitalize() if index == 0 else word
            if index == len(heard.words) - 1:
                shown += "."
            entry: dict[str, Any] = {
                "text": shown,
                "start": round(start * 1000),
                "end": round(end * 1000),
                "confidence": 0.98,
                "speaker": "A" if params.get("speaker_labels") else None,
                "channel": None,
            }
            words.append(entry)
        view.update(
            text=" ".join(w["text"] for w in words),
            words=words,
            confidence=0.98 if words else 0,
            audio_duration=round(heard.duration),
        )
        if params.get("speaker_labels") and words:
            view["utterances"] = [
                {
                    "confidence": 0.98,
                    "start": words[0]["start"],
                    "end": words[-1]["end"],
                    "text": view["text"],
                    "words": words,
                    "speaker": "A",
                    "channel": None,
                }
            ]
        return view
