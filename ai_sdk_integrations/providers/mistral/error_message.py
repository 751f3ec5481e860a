"""The human message in a Mistral error body, for the transport's errors.

Mistral answers errors in several shapes, all seen from ``api.mistral.ai``:

* ``{"object": "error", "message": "...", "type": "...", "param": null, "code": "3280"}``
  (bad requests, tool-call ids, rate limits: ``type: "rate_limited"``);
* validation errors (HTTP 422) from its pydantic schema: ``{"detail": [{"type":
  "extra_forbidden", "loc": ["body", "foo"], "msg": "Extra inputs are not permitted",
  "input": ...}]}``, sometimes wrapped as ``{"object": "error", "message": {"detail":
  [...]}, ...}`` or with the list under both ``detail`` and ``message``;
* the gateway's own ``{"detail": "Unauthorized"}`` or ``{"message": "Unauthorized"}``.
"""

from __future__ import annotations

import json
from typing import Any


def mistral_error_message(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    for candidate in (data.get("message"), data.get("detail"), data.get("error")):
        text = _message(candidate)
        if text:
            return text
    return None


def _message(value: Any) -> str | None:
    if isinstance(value, str):
        if value.startswith('{"detail"'):  # a validation body serialised into "message"
            try:
                return _message(json.loads(value))
            except ValueError:
                return value
        return value or None
    if isinstance(value, dict):
        if "detail" in value:
            return _message(value["detail"])
        if isinstance(value.get("message"), str):
            return str(value["message"])
        return None
    if isinstance(value, list):
        problems = [_problem(item) for item in value]
        return "; ".join(p for p in problems if p) or json.dumps(value)[:500]
    return None


def _problem(item: Any) -> str | None:
    """``body.messages.0.user.name: Extra inputs are not permitted`` from one entry."""
    if not isinstance(item, dict):
        return str(item) if item is not None else None
    message = item.get("msg")
    if not isinstance(message, str):
        return None
    location = item.get("loc")
    if isinstance(location, list) and location:
        return f"{'.'.join(str(part) for part in location)}: {message}"
    return message
