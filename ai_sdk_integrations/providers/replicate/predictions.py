"""Replicate's predictions API: where a prediction is created, how it is followed.

``POST /v1/models/{owner}/{name}/predictions`` (an official model, its latest version)
or ``POST /v1/predictions`` with ``version`` (a model id ``owner/name:version``) takes
``{input, version?, webhook?, webhook_events_filter?, stream?}`` and answers
``201`` with a prediction ``{id, model, version, input, logs, output, error, status,
created_at, urls: {get, cancel, stream?}, metrics?}``. With ``Prefer: wait`` (or
``wait=N`` seconds, 1..60) the answer waits for the output; a prediction still
``starting`` or ``processing`` is fetched again at ``urls.get`` until it
``succeeded``, ``failed`` (``error``) or was ``canceled``. Errors are RFC 7807 problem
details: ``{"title", "detail", "status", "invalid_fields"?}`` as
``application/problem+json``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import MediaData, MediaJobError, MediaUrl, Poll
from ...spec.request import PreparedRequest

STATES = frozenset({"starting", "processing", "succeeded", "failed", "canceled", "aborted"})
PENDING = frozenset({"starting", "processing"})
_PROGRESS = re.compile(r"(\d{1,3})%\s*\|")


def _status(body: Mapping[str, Any]) -> str | None:
    status = body.get("status")
    return status if isinstance(status, str) and status in STATES else None


def create_path(model_id: str) -> tuple[str, str | None]:
    """The create URL path and the version (``owner/name:version`` is versioned)."""
    name, _, version = model_id.partition(":")
    if version:
        return "/predictions", version
    return f"/models/{name.strip('/')}/predictions", None


def replicate_error_message(data: Any) -> str | None:
    """The problem detail's message; a prediction object (even a failed one, whose
    ``error`` is the model's) is not an error body."""
    if not isinstance(data, dict) or _status(data) is not None or "urls" in data:
        return None
    detail = data.get("detail")
    title = data.get("title")
    if isinstance(detail, str) and detail.strip():
        return detail.strip()
    if isinstance(title, str) and title:
        return title
    error = data.get("error")
    return error if isinstance(error, str) and error else None


def prediction(body: Any, provider: str) -> Mapping[str, Any]:
    if not isinstance(body, dict) or _status(body) is None:
        raise InvalidResponseDataError(
            f"{provider} answered without a prediction status: {str(body)[:200]}", provider=provider
        )
    return body


def prediction_poll(body: Any, *, base_url: str, provider: str, headers: Mapping[str, str]) -> Poll | None:
    """Fetch the prediction again while it runs; ``None`` once it succeeded. A failed
    or canceled prediction raises ``MediaJobError``."""
    found = prediction(body, provider)
    status = found["status"]
    if status in PENDING:
        request = PreparedRequest(
            _get_path(found, base_url, provider), {}, method="GET", headers=dict(headers)
        )
        return Poll(request, status=status, progress=_progress(found.get("logs")))
    if status == "succeeded":
        return None
    reason = found.get("error") if status == "failed" else None
    raise MediaJobError(
        f"{provider} prediction {found.get('id')} {status}" + (f": {reason}" if reason else ""),
        provider=provider,
        status=status,
    )


def _get_path(found: Mapping[str, Any], base_url: str, provider: str) -> str:
    """``urls.get`` under our own base URL; the key is never sent anywhere else, so a
    link to another host is replaced by the documented ``/predictions/{id}``."""
    urls = found.get("urls")
    url = urls.get("get") if isinstance(urls, dict) else None
    base = base_url.rstrip("/")
    if isinstance(url, str) and url.startswith(base + "/"):
        return url[len(base) :]
    prediction_id = found.get("id")
    if not isinstance(prediction_id, str) or not prediction_id:
        raise InvalidResponseDataError(
            f"{provider} prediction without an id: {str(found)[:200]}", provider=provider
        )
    return f"/predictions/{prediction_id}"


def _progress(logs: Any) -> float | None:
    """The last tqdm-style ``NN%|`` in the logs, as 0..1 (Replicate's own clients read it so)."""
    if not isinstance(logs, str):
        return None
    found = _PROGRESS.findall(logs)
    return min(int(found[-1]), 100) / 100 if found else None


def outputs(body: Any, provider: str) -> list[MediaData]:
    """The output file(s): one URL or a list of them (a ``data:`` URI stays inline)."""
    output = prediction(body, provider).get("output")
    items = output if isinstance(output, list) else [output]
    urls = [item for item in items if isinstance(item, str) and item]
    if not urls or len(urls) != len(items):
        raise InvalidResponseDataError(
            f"{provider} prediction {body.get('id')} succeeded without output file URLs: {str(output)[:200]}",
            provider=provider,
        )
    return [url if url.startswith("data:") else MediaUrl(url) for url in urls]


def metadata(body: Mapping[str, Any]) -> dict[str, Any]:
    """``provider_metadata["replicate"]``: the prediction's id, version and metrics."""
    out: dict[str, Any] = {"predictionId": body.get("id")}
    if isinstance(body.get("metrics"), dict):
        out["metrics"] = body["metrics"]
    if body.get("version"):
        out["version"] = body["version"]
    return out
