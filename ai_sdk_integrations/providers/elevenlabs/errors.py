"""ElevenLabs' error bodies: ``{"detail": {"status", "message"}}`` (authentication,
unknown voice, quota), FastAPI's validation list ``{"detail": [{"loc", "msg",
"type"}]}``, a bare ``{"detail": "..."}``, and ``{"error": {"message"}}`` (the shape
the AI SDK's ElevenLabs provider reads)."""

from __future__ import annotations

import re
from typing import Any

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def snake(name: str) -> str:
    """``languageCode`` -> ``language_code``: ElevenLabs' field names are snake_case."""
    return _CAMEL.sub("_", name).lower()


def elevenlabs_error_message(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    detail = data.get("detail")
    if isinstance(detail, dict):
        message = detail.get("message")
        status = detail.get("status")
        if isinstance(message, str) and message:
            return f"{message} ({status})" if isinstance(status, str) and status else message
    if isinstance(detail, str) and detail:
        return detail
    if isinstance(detail, list) and detail:
        problems = []
        for item in detail:
            if isinstance(item, dict) and isinstance(item.get("msg"), str):
                where = ".".join(str(p) for p in item.get("loc") or () if p != "body")
                problems.append(f"{where}: {item['msg']}" if where else item["msg"])
        if problems:
            return "; ".join(problems)
    error = data.get("error")
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])
    return None
