"""What Luma's generations answer, and how one is followed until it is done.

Creating a generation (``POST /dream-machine/v1/generations/{image|video}``) answers a
``Generation``: ``{id, generation_type, state, failure_reason, created_at, assets,
model, request}`` with ``state`` ``queued`` or ``dreaming``; ``GET
/dream-machine/v1/generations/{id}`` answers the same object until ``state`` is
``completed`` (``assets.image`` / ``assets.video`` hold the file's URL) or ``failed``
(``failure_reason`` says why). Errors are FastAPI's: ``{"detail": [{"type", "loc",
"msg", "input", "ctx"}]}`` for a rejected body, ``{"detail": "..."}`` otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import MediaJobError, Poll
from ...spec.request import PreparedRequest

GENERATIONS = "/dream-machine/v1/generations"
PENDING = frozenset({"queued", "dreaming"})


def luma_error_message(data: Any) -> str | None:
    if not isinstance(data, dict):
        return None
    detail = data.get("detail")
    if isinstance(detail, str) and detail:
        return detail
    if isinstance(detail, list):
        lines = []
        for item in detail:
            if isinstance(item, dict) and isinstance(item.get("msg"), str):
                loc = item.get("loc")
                where = ".".join(str(p) for p in loc) if isinstance(loc, list) and loc else ""
                lines.append(f"{where}: {item['msg']}" if where else item["msg"])
        return "\n".join(lines) or None
    message = data.get("message") if isinstance(data.get("message"), str) else None
    return message or None


def generation(body: Any, provider: str) -> Mapping[str, Any]:
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("id"), str)
        or not isinstance(body.get("state"), str)
    ):
        raise InvalidResponseDataError(
            f"{provider} answered without a generation id and state: {str(body)[:200]}", provider=provider
        )
    return body


def generation_poll(body: Any, provider: str, headers: Mapping[str, str]) -> Poll | None:
    """``GET`` the generation again while it is queued or dreaming; ``None`` once it is
    completed; a failed generation raises ``MediaJobError`` with Luma's reason."""
    found = generation(body, provider)
    state = found["state"]
    if state in PENDING:
        request = PreparedRequest(f"{GENERATIONS}/{found['id']}", {}, method="GET", headers=dict(headers))
        return Poll(request, status=state)
    if state == "failed":
        reason = found.get("failure_reason") or "no reason given"
        raise MediaJobError(
            f"{provider} generation {found['id']} failed: {reason}", provider=provider, status=state
        )
    if state != "completed":
        raise InvalidResponseDataError(f"{provider} generation in unknown state {state!r}", provider=provider)
    return None


def asset(body: Any, kind: str, provider: str) -> str:
    found = generation(body, provider)
    assets = found.get("assets")
    url = assets.get(kind) if isinstance(assets, dict) else None
    if not isinstance(url, str) or not url:
        raise InvalidResponseDataError(
            f"{provider} generation {found['id']} completed without assets.{kind}", provider=provider
        )
    return url


def metadata(body: Mapping[str, Any]) -> dict[str, Any]:
    """What a finished generation says about itself (``provider_metadata["luma"]``)."""
    keys = {"id": "id", "model": "model", "generation_type": "generationType", "created_at": "createdAt"}
    return {name: body[key] for key, name in keys.items() if body.get(key) is not None}
