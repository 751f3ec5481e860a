"""A loopback stand-in for ``api.rev.ai/speechtotext/v1``: ``/jobs``, ``/jobs/{id}`` and
``/jobs/{id}/transcript``.

Shapes follow Rev.ai's asynchronous API reference (its OpenAPI document: ``Job``,
``SubmitJobOptions``, the transcript ``monologues`` / ``elements``, and errors as RFC
7807 problem details, ``application/problem+json``) and the AI SDK's recorded Rev.ai
fixtures (submit, status, transcript). It rejects:

* 401 ``{"title": "Authorization has been denied for this request", "status": 401}``
  without ``Authorization: Bearer <token>`` or with the token ``INVALID_KEY``;
* 400 ``invalid-parameters`` (``{"parameters": {name: [reasons]}, "type", "title",
  "status"}``) for a submission that is not multipart, has no ``media``, has an
  ``options`` part that is not a JSON object, an unknown ``transcriber``, or (stricter
  than Rev.ai documents, so a misspelt option fails here) an option
  ``SubmitJobOptions`` does not list; a ``media`` file that is not audio;
* 404 ``job-not-found``; 409 ``invalid-job-state`` for a transcript asked before the
  job is ``transcribed``; 406 for a transcript ``Accept`` it cannot serve.

Jobs move one state per status read (``in_progress``, ``in_progress``, then
``transcribed`` with ``duration_seconds``); the transcript transcribes the submitted
audio with ``audio_wire.recognize``. ``options.metadata == "FAIL"`` makes the job
``failed``.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from typing import Any

from audio_tools import AudioError
from audio_wire import Jobs, Reply, Request, json_reply, parse_multipart, recognize
from fake_keys import fake_key

REVAI_API = "https://api.rev.ai/speechtotext/v1"
INVALID_KEY = fake_key("revai-invalid")
TRANSCRIPT_TYPE = "application/vnd.rev.transcript.v1.0+json"
TRANSCRIBERS = frozenset({"machine", "low_cost", "fusion", "human"})
OPTION_FIELDS = frozenset(
    {
        "transcriber",
        "metadata",
        "callback_url",
        "notification_config",
        "delete_after_seconds",
        "verbatim",
        "rush",
        "test_mode",
        "segments_to_transcribe",
        "speaker_names",
        "skip_diarization",
        "skip_postprocessing",
        "skip_punctuation",
        "remove_disfluencies",
        "remove_atmospherics",
        "filter_profanity",
        "speaker_channels_count",
        "speakers_count",
        "diarization_type",
        "custom_vocabulary_id",
        "custom_vocabularies",
        "strict_custom_vocabulary",
        "summarization_config",
        "translation_config",
        "language",
        "forced_alignment",
        "source_config",
        "media_url",
    }
)
PROBLEM = {"content-type": "application/problem+json; charset=utf-8"}


def _problem(status: int, payload: dict[str, Any]) -> Reply:
    return json_reply(status, {**payload, "status": status}, PROBLEM)


def _invalid(reasons: dict[str, list[str]]) -> Reply:
    return _problem(
        400,
        {
            "parameters": reasons,
            "type": "https://www.rev.ai/api/v1/errors/invalid-parameters",
            "title": "Your request parameters didn't pass validation",
        },
    )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class FakeRevai:
    def __init__(self) -> None:
        self.jobs = Jobs(("in_progress", "in_progress", "transcribed"))

    def __call__(self, request: Request) -> Reply:
        auth = request.headers.get("authorization", "")
        if not auth.startswith("Bearer ") or not auth[7:].strip() or auth[7:].strip() == INVALID_KEY:
            return _problem(401, {"title": "Authorization has been denied for this request"})
        prefix = "/speechtotext/v1/jobs"
        if request.method == "POST" and request.path == prefix:
            return self._submit(request)
        if request.method == "GET" and request.path.startswith(prefix + "/"):
            rest = request.path.removeprefix(prefix + "/")
            if rest.endswith("/transcript"):
                return self._transcript(request, rest.removesuffix("/transcript"))
            return self._job(rest)
        return _problem(404, {"title": "Not Found"})

    def _submit(self, request: Request) -> Reply:
        try:
            parts = parse_multipart(request.headers.get("content-type", ""), request.body)
        except AudioError:
            return _invalid({"media_url": ["The media_url field is required"]})
        fields = {part.name: part for part in parts}
        media = fields.get("media")
        if media is None:
            return _invalid({"media": ["The media field is required"]})
        try:
            options = json.loads(fields["options"].text) if "options" in fields else {}
        except ValueError:
            return _invalid({"options": ["The options field must be a JSON object"]})
        if not isinstance(options, dict):
            return _invalid({"options": ["The options field must be a JSON object"]})
        unknown = {name: [f"{name} is not a valid option"] for name in options if name not in OPTION_FIELDS}
        if unknown:
            return _invalid(unknown)
        transcriber = options.get("transcriber", "machine")
        if transcriber not in TRANSCRIBERS:
            return _invalid(
                {"transcriber": [f"The transcriber must be one of {', '.join(sorted(TRANSCRIBERS))}"]}
            )
        try:
            heard = recognize(media.data, media.content_type)
        except AudioError:
            return _invalid({"media": ["The media file could not be processed as audio"]})
        job_id = secrets.token_urlsafe(9)
        job = self.jobs.add(
            job_id, options=options, heard=heard, name=media.filename or "media", created=_now()
        )
        return json_reply(200, _job_view(job_id, "in_progress", job))

    def _job(self, job_id: str) -> Reply:
        found = self.jobs.read(job_id)
        if found is None:
            return _problem(
                404, {"type": "https://www.rev.ai/api/v1/errors/job-not-found", "title": "could not find job"}
            )
        state, job = found
        if state == "transcribed" and job["options"].get("metadata") == "FAIL":
            state = "failed"
        job["state"] = state
        return json_reply(200, _job_view(job_id, state, job))

    def _transcript(self, request: Request, job_id: str) -> Reply:
        found = self.jobs.peek(job_id)
        if found is None:
            return _problem(
                404, {"type": "https://www.rev.ai/api/v1/errors/job-not-found", "title": "could not find job"}
            )
        _, job = found
        if job.get("state") != "transcribed":
            return _problem(
                409,
                {
                    "allowed_values": ["transcribed"],
                    "current_value": job.get("state", "in_progress"),
                    "type": "https://rev.ai/api/v1/errors/invalid-job-state",
                    "title": "Job is in invalid state",
                    "detail": "Job is in invalid state to obtain the transcript",
                },
            )
        accept = request.headers.get("accept", "*/*")
        if TRANSCRIPT_TYPE not in accept and "*/*" not in accept and "application/json" not in accept:
            return _problem(
                406,
                {
                    "title": "Requested transcript format is not supported",
                    "type": "https://www.rev.ai/api/v1/errors/unsupported-transcript-format",
                },
            )
        heard = job["heard"]
        elements: list[dict[str, Any]] = []
        for index, (word, start, end) in enumerate(heard.words):
            shown = word.capitalize() if index == 0 else word
            elements.append({"type": "text", "value": shown, "ts": start, "end_ts": end, "confidence": 0.97})
            last = index == len(heard.words) - 1
            elements.append({"type": "punct", "value": "." if last else " "})
        monologues = [{"speaker": 0, "elements": elements}] if elements else []
        return json_reply(
            200, {"monologues": monologues}, {"content-type": TRANSCRIPT_TYPE + "; charset=utf-8"}
        )


def _job_view(job_id: str, state: str, job: dict[str, Any]) -> dict[str, Any]:
    options = job["options"]
    view: dict[str, Any] = {
        "id": job_id,
        "created_on": job["created"],
        "name": job["name"],
        "status": state,
        "type": "async",
        "language": options.get("language", "en"),
        "transcriber": options.get("transcriber", "machine"),
    }
    if "metadata" in options:
        view["metadata"] = options["metadata"]
    if state == "transcribed":
        view.update(completed_on=_now(), duration_seconds=job["heard"].duration)
    if state == "failed":
        view.update(
            completed_on=_now(),
            failure="transcription_failure",
            failure_detail="The media could not be transcribed",
        )
    return view
