"""fal's error bodies, all four shapes, as one human message.

* Model (input) errors: ``{"detail": [{"loc": ["body", "prompt"], "msg": ..., "type":
  ..., "url"?, "ctx"?, "input"?}]}`` (usually 422);
* request (infrastructure) errors: ``{"detail": "Request timed out", "error_type":
  "request_timeout"}``;
* older endpoints: ``{"error": {"message": ..., "code": ...}}`` (the AI SDK's
  ``falErrorDataSchema``) or ``{"message": ...}``.
"""

from __future__ import annotations

from typing import Any


def fal_error_message(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    detail = data.get("detail")
    if isinstance(detail, list):
        lines = [_detail_line(item) for item in detail]
        found = [line for line in lines if line]
        return "\n".join(found) or None
    if isinstance(detail, str) and detail:
        kind = data.get("error_type")
        return f"{detail} ({kind})" if isinstance(kind, str) and kind else detail
    error = data.get("error")
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        return str(error["message"])
    if isinstance(error, str) and error:
        return error
    message = data.get("message")
    return message if isinstance(message, str) and message else None


def _detail_line(item: Any) -> str | None:
    if not isinstance(item, dict) or not isinstance(item.get("msg"), str):
        return None
    loc = item.get("loc")
    where = ".".join(str(part) for part in loc) if isinstance(loc, list) and loc else None
    kind = item.get("type")
    line = f"{where}: {item['msg']}" if where else str(item["msg"])
    return f"{line} ({kind})" if isinstance(kind, str) and kind and kind not in line else line
