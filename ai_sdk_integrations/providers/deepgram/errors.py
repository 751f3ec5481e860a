"""Deepgram's error bodies, in the three shapes its API reference lists: the legacy
``{"err_code", "err_msg", "request_id"}``, the newer ``{"category", "message",
"details", "request_id"}``, and a bare string; plus ``{"error": {"message"}}``, the
shape the AI SDK's Deepgram provider reads."""

from __future__ import annotations

from typing import Any


def deepgram_error_message(data: Any) -> str | None:
    if isinstance(data, str):
        return data.strip() or None
    if not isinstance(data, dict):
        return None
    legacy = data.get("err_msg")
    if isinstance(legacy, str) and legacy:
        return legacy
    message = data.get("message")
    if isinstance(message, str) and message:
        details = data.get("details")
        return f"{message} {details}" if isinstance(details, str) and details else message
    nested = data.get("error")
    if isinstance(nested, dict) and isinstance(nested.get("message"), str):
        return str(nested["message"])
    return None
