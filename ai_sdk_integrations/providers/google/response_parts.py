"""What generate and stream read alike from a Gemini response: the readers both paths share.

A candidate's ``parts`` are the answer: ``text`` (``thought: true`` makes it reasoning),
``functionCall``, ``inlineData``, ``executableCode`` / ``codeExecutionResult`` (Google's
code execution tool). Any part may carry a ``thoughtSignature``; it is reported as the
part's provider metadata ``{<provider>: {"thoughtSignature": ...}}``, which is what
``contents`` sends back. ``groundingMetadata.groundingChunks`` become sources; safety
ratings, prompt feedback, grounding and usage go into the result's provider metadata,
every key always present (``None`` when Google did not send it) as the AI SDK has them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ...spec import SourceContent
from .fields import items, mapping, string

_DOCUMENT_TYPES = (
    (".pdf", "application/pdf"),
    (".txt", "text/plain"),
    (".md", "text/markdown"),
    (".markdown", "text/markdown"),
    (".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (".doc", "application/msword"),
)


def signature_metadata(provider: str, part: dict[str, Any]) -> dict[str, dict[str, Any]] | None:
    signature = string(part.get("thoughtSignature"))
    return {provider: {"thoughtSignature": signature}} if signature else None


def function_call_arguments(call: dict[str, Any]) -> str:
    """``args`` as the JSON text the spec carries (absent: ``{}``)."""
    args = call.get("args")
    if isinstance(args, str):
        return args
    return json.dumps(args if args is not None else {}, ensure_ascii=False)


def candidate_parts(candidate: dict[str, Any]) -> list[dict[str, Any]]:
    """The candidate's parts; a missing ``content`` (a blocked candidate) has none."""
    content = candidate.get("content")
    if content is None:
        return []
    if not isinstance(content, dict):
        raise TypeError("candidate.content is not an object")
    parts = content.get("parts")
    if parts is None:
        return []
    if not isinstance(parts, list):
        raise TypeError("candidate.content.parts is not a list")
    return [part for part in parts if isinstance(part, dict)]


def grounding_sources(grounding: Any, new_id: Callable[[], str]) -> list[SourceContent]:
    """Sources from ``groundingMetadata.groundingChunks``: web pages, maps places and
    image sources as URL sources; retrieved documents (RAG, file search) as documents."""
    sources: list[SourceContent] = []
    for chunk in items(mapping(grounding).get("groundingChunks")):
        chunk = mapping(chunk)
        web = mapping(chunk.get("web")) or mapping(chunk.get("maps"))
        image = mapping(chunk.get("image"))
        retrieved = mapping(chunk.get("retrievedContext"))
        if string(web.get("uri")):
            sources.append(SourceContent("url", new_id(), url=web["uri"], title=string(web.get("title"))))
        elif string(image.get("sourceUri")):
            sources.append(
                SourceContent("url", new_id(), url=image["sourceUri"], title=string(image.get("title")))
            )
        elif retrieved:
            source = _retrieved(retrieved, new_id)
            if source is not None:
                sources.append(source)
    return sources


def _retrieved(retrieved: dict[str, Any], new_id: Callable[[], str]) -> SourceContent | None:
    uri = string(retrieved.get("uri"))
    title = string(retrieved.get("title"))
    if uri and uri.startswith(("http://", "https://")):
        return SourceContent("url", new_id(), url=uri, title=title)
    name = uri or string(retrieved.get("fileSearchStore"))
    if not name:
        return None
    media_type = next((kind for suffix, kind in _DOCUMENT_TYPES if name.endswith(suffix)), None)
    return SourceContent(
        "document",
        new_id(),
        title=title or "Unknown Document",
        media_type=media_type or "application/octet-stream",
        filename=name.rsplit("/", 1)[-1],
    )


def result_metadata(
    provider: str, body: dict[str, Any], candidate: dict[str, Any], grounding: Any = None
) -> dict[str, dict[str, Any]]:
    """The response's provider metadata: safety ratings, prompt feedback, grounding,
    URL context, usage, finish message, service tier (``None`` where not sent)."""
    usage = body.get("usageMetadata")
    usage = usage if isinstance(usage, dict) else None
    return {
        provider: {
            "promptFeedback": _object(body.get("promptFeedback")),
            "groundingMetadata": _object(
                grounding if grounding is not None else candidate.get("groundingMetadata")
            ),
            "urlContextMetadata": _object(candidate.get("urlContextMetadata")),
            "safetyRatings": candidate.get("safetyRatings")
            if isinstance(candidate.get("safetyRatings"), list)
            else None,
            "usageMetadata": usage,
            "finishMessage": string(candidate.get("finishMessage")),
            "serviceTier": string((usage or {}).get("serviceTier")),
        }
    }


def _object(value: Any) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def create_time(value: Any) -> datetime | None:
    """Vertex AI's ``createTime`` (RFC 3339, nanoseconds allowed); ``None`` if unreadable."""
    text = string(value)
    if not text:
        return None
    head, dot, rest = text.partition(".")
    if dot:  # keep microseconds: fromisoformat takes at most six digits
        digits = "".join(c for c in rest if c.isdigit())
        zone = rest[len(digits) :]
        text = f"{head}.{digits[:6]}{zone}"
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
