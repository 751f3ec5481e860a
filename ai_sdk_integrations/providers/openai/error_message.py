"""The human message in an OpenAI-style error body, for the transport's errors."""

from __future__ import annotations

import json
from typing import Any


def openai_error_message(data: Any) -> str | None:
    """``{"error": {"message": ...}}``, ``{"error": "..."}``, ``{"message": ...}``, and
    FastAPI's ``{"detail": ...}`` (vLLM, llama-cpp-python)."""
    if not isinstance(data, dict):
        return None
    error = data.get("error", data)
    if isinstance(error, str):
        return error
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])
    detail = data.get("detail")
    if isinstance(detail, str):
        return detail
    if detail is not None:
        return json.dumps(detail)[:500]
    return None
