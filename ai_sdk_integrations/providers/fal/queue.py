"""fal's queue (``https://queue.fal.run``): which request follows each answer.

Submitting (``POST /{model}``) answers ``{request_id, status: "IN_QUEUE", response_url,
status_url, cancel_url, queue_position}``; ``GET {status_url}`` answers the same
``status`` (``IN_QUEUE`` with its position, ``IN_PROGRESS`` with logs, ``COMPLETED``);
once completed, ``GET {response_url}`` answers the model's output. These links come
back in the body, so before the key is sent to one it must lie under the queue's own
base URL: a link elsewhere is refused, not followed (the AI SDK checks the same origin).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import MediaJobError, Poll
from ...spec.request import PreparedRequest

QUEUE_STATES = frozenset({"IN_QUEUE", "IN_PROGRESS", "COMPLETED"})


def app_path(model_path: str) -> str:
    """``owner/name`` of a model path: fal serves status and results there, without the
    subpath (``fal-ai/flux/dev`` -> ``fal-ai/flux``)."""
    return "/".join(model_path.strip("/").split("/")[:2])


def queue_poll(
    body: Any,
    *,
    base_url: str,
    model_path: str,
    provider: str,
    headers: Mapping[str, str],
    answered: PreparedRequest | None = None,
) -> Poll | None:
    """The next queue request after ``body``, or ``None`` when ``body`` is the output.
    ``answered`` (the request ``body`` answers, when known) settles what a body alone
    cannot: the answer to a result fetch is final whatever fields the output has, and a
    status answer without links still names its result (the status path minus
    ``/status``)."""
    if answered is not None and answered.method == "GET" and not _is_status(answered.path):
        return None
    status = body.get("status") if isinstance(body, dict) else None
    if not isinstance(status, str) or status not in QUEUE_STATES:
        return None
    if status == "COMPLETED":
        error = body.get("error")
        if isinstance(error, str) and error:
            raise MediaJobError(
                f"{provider} job {body.get('request_id')} failed: {error}", provider=provider, status=status
            )
        path = _result_path(body, base_url, model_path, provider, answered)
        return Poll(_get(path, headers), wait=False, status=status)
    position = body.get("queue_position")
    shown = f"{status} (position {position})" if type(position) is int else status
    return Poll(_get(_status_path(body, base_url, model_path, provider, answered), headers), status=shown)


def _get(path: str, headers: Mapping[str, str]) -> PreparedRequest:
    return PreparedRequest(path, {}, method="GET", headers=dict(headers))


def _relative(url: str, base_url: str, provider: str) -> str:
    base = base_url.rstrip("/")
    if url.startswith(base + "/"):
        return url[len(base) :]
    raise InvalidResponseDataError(
        f"{provider} answered with a queue link outside {base}: {url[:120]!r}; not sending the API key there",
        provider=provider,
    )


def _is_status(path: str) -> bool:
    return path.split("?", 1)[0].rstrip("/").endswith("/status")


def _result_path(
    body: Mapping[str, Any], base_url: str, model_path: str, provider: str, answered: PreparedRequest | None
) -> str:
    url = body.get("response_url")
    if isinstance(url, str) and url:
        return _relative(url, base_url, provider)
    status_url = body.get("status_url")
    if isinstance(status_url, str) and _is_status(status_url):
        return _relative(status_url.split("?", 1)[0].rstrip("/").removesuffix("/status"), base_url, provider)
    if answered is not None and _is_status(answered.path):
        return answered.path.split("?", 1)[0].rstrip("/").removesuffix("/status")
    request_id = body.get("request_id")
    if isinstance(request_id, str) and request_id:
        return f"/{app_path(model_path)}/requests/{request_id}"
    raise InvalidResponseDataError(
        f"{provider} queue answer names no request: {str(body)[:200]}", provider=provider
    )


def _status_path(
    body: Mapping[str, Any], base_url: str, model_path: str, provider: str, answered: PreparedRequest | None
) -> str:
    url = body.get("status_url")
    if isinstance(url, str) and url:
        return _relative(url, base_url, provider)
    if answered is not None and _is_status(answered.path):
        return answered.path  # the same status link again
    return _result_path(body, base_url, model_path, provider, answered) + "/status"
