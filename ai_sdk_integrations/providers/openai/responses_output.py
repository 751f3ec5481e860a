"""Readers for the parts of a Responses API answer that generate and stream share.

A response (``POST /responses``) and the events of its stream carry the same objects:
output items (``message``, ``reasoning``, ``function_call``, ``web_search_call``,
``file_search_call``, ``code_interpreter_call``...), ``usage``, ``incomplete_details``
and annotations on output text. ``OpenAIResponsesCodec.parse_response`` and
``OpenAIResponsesStreamDecoder`` both read them here, so a body and a stream of the same
answer give the same content. Every reader is lenient: a metadata field of the wrong
type reads as "not said" (``None``), never as a failure.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ...spec import FinishReason, InputTokens, OutputTokens, SourceContent, Usage
from ...spec.errors import (
    APICallError,
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
)
from ...spec.results import UnifiedFinishReason
from ...spec.wire import parse_count as count
from .response_fields import mapping, string

PROVIDER_EXECUTED_ITEMS: Mapping[str, str] = {
    "web_search_call": "web_search",
    "file_search_call": "file_search",
    "code_interpreter_call": "code_interpreter",
    "image_generation_call": "image_generation",
}
"""Output item type -> the built-in tool whose call it is (the tool's default name)."""


def convert_usage(usage: Any) -> Usage:
    """``input_tokens`` (of which ``input_tokens_details.cached_tokens`` were read from
    the cache) and ``output_tokens`` (of which ``output_tokens_details.reasoning_tokens``
    were reasoning). Unknown counts stay ``None``."""
    if not isinstance(usage, dict) or not usage:
        return Usage()
    inputs = count(usage.get("input_tokens"))
    outputs = count(usage.get("output_tokens"))
    cached = count(mapping(usage.get("input_tokens_details")).get("cached_tokens"))
    reasoning = count(mapping(usage.get("output_tokens_details")).get("reasoning_tokens"))
    return Usage(
        InputTokens(
            total=inputs,
            no_cache=None if inputs is None else max(0, inputs - (cached or 0)),
            cache_read=cached,
        ),
        OutputTokens(
            total=outputs,
            text=None if outputs is None else max(0, outputs - (reasoning or 0)),
            reasoning=reasoning,
        ),
        raw=usage,
    )


_INCOMPLETE_REASONS: Mapping[str, UnifiedFinishReason] = {
    "max_output_tokens": "length",
    "content_filter": "content-filter",
}


def map_finish_reason(incomplete_details: Any, *, has_function_call: bool) -> FinishReason:
    """A complete response stopped (or called tools); an incomplete one says why in
    ``incomplete_details.reason``."""
    raw = string(mapping(incomplete_details).get("reason"))
    if raw is None:
        return FinishReason("tool-calls" if has_function_call else "stop", None)
    unified: UnifiedFinishReason = _INCOMPLETE_REASONS.get(raw) or (
        "tool-calls" if has_function_call else "other"
    )
    return FinishReason(unified, raw)


def response_provider_metadata(
    provider: str, response: Any, refusal: str | None = None
) -> dict[str, dict[str, Any]]:
    """``{"responseId", "serviceTier"}`` (and the model's ``refusal``, where it declined)
    under the provider's key: the id is what ``previousResponseId`` takes next turn."""
    body = mapping(response)
    metadata: dict[str, Any] = {}
    if (response_id := string(body.get("id"))) is not None:
        metadata["responseId"] = response_id
    if (tier := string(body.get("service_tier"))) is not None:
        metadata["serviceTier"] = tier
    if refusal:
        metadata["refusal"] = refusal
    return {provider: metadata}


def annotation_source(annotation: Any, provider: str, new_id: Callable[[], str]) -> SourceContent | None:
    """A ``url_citation`` is a URL source; ``file_citation``, ``container_file_citation``
    and ``file_path`` are document sources (the file id in provider metadata)."""
    if not isinstance(annotation, dict):
        return None
    kind = annotation.get("type")
    if kind == "url_citation":
        url = string(annotation.get("url"))
        if not url:
            return None
        return SourceContent("url", new_id(), url=url, title=string(annotation.get("title")))
    if kind not in ("file_citation", "container_file_citation", "file_path"):
        return None
    file_id = string(annotation.get("file_id"))
    filename = string(annotation.get("filename")) or file_id
    if filename is None:
        return None
    metadata: dict[str, Any] = {"type": kind}
    if file_id:
        metadata["fileId"] = file_id
    if kind == "container_file_citation" and (container := string(annotation.get("container_id"))):
        metadata["containerId"] = container
    elif (index := count(annotation.get("index"))) is not None:
        metadata["index"] = index
    return SourceContent(
        "document",
        new_id(),
        title=string(annotation.get("quote")) or filename,
        media_type="application/octet-stream" if kind == "file_path" else "text/plain",
        filename=filename,
        provider_metadata={provider: metadata},
    )


def provider_tool_input(item: Mapping[str, Any]) -> str:
    """The input of a built-in tool's call, as JSON text: the code a code interpreter
    ran and its container; nothing for the others (their query is in the result)."""
    if item.get("type") == "code_interpreter_call":
        return json.dumps(
            {"code": string(item.get("code")), "containerId": string(item.get("container_id"))},
            ensure_ascii=False,
        )
    return "{}"


def provider_tool_result(item: Mapping[str, Any]) -> dict[str, Any]:
    """What a built-in tool returned, in the AI SDK's shape for that tool."""
    kind = item.get("type")
    if kind == "web_search_call":
        return _web_search_result(mapping(item.get("action")))
    if kind == "file_search_call":
        results = item.get("results")
        return {
            "queries": [q for q in item.get("queries") or () if isinstance(q, str)]
            if isinstance(item.get("queries"), list)
            else [],
            "results": [_file_search_hit(hit) for hit in results if isinstance(hit, dict)]
            if isinstance(results, list)
            else None,
        }
    if kind == "code_interpreter_call":
        outputs = item.get("outputs")
        return {"outputs": [o for o in outputs if isinstance(o, dict)] if isinstance(outputs, list) else None}
    if kind == "image_generation_call":
        return {"result": string(item.get("result"))}
    return {}


def _web_search_result(action: Mapping[str, Any]) -> dict[str, Any]:
    kind = action.get("type")
    if kind == "open_page":
        return {"action": {"type": "openPage", "url": string(action.get("url"))}}
    if kind == "find":
        return {
            "action": {
                "type": "find",
                "url": string(action.get("url")),
                "pattern": string(action.get("pattern")),
            }
        }
    out: dict[str, Any] = {"action": {"type": "search", "query": string(action.get("query"))}}
    sources = action.get("sources")
    if isinstance(sources, list):
        out["sources"] = [s for s in sources if isinstance(s, dict)]
    return out


def _file_search_hit(hit: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "attributes": mapping(hit.get("attributes")),
        "fileId": string(hit.get("file_id")),
        "filename": string(hit.get("filename")),
        "score": hit.get("score") if isinstance(hit.get("score"), (int, float)) else None,
        "text": string(hit.get("text")),
    }


# -- errors -----------------------------------------------------------------------------

# error code -> (error class, the HTTP status OpenAI answers that code with)
_ERROR_CODES: Mapping[str, tuple[type[APICallError], int]] = {
    "rate_limit_exceeded": (RateLimitError, 429),
    "insufficient_quota": (RateLimitError, 429),
    "server_error": (ServerError, 500),
    "internal_error": (ServerError, 500),
    "vector_store_timeout": (ServerError, 500),
    "invalid_api_key": (AuthenticationError, 401),
    "model_not_found": (NotFoundError, 404),
    "context_length_exceeded": (InvalidRequestError, 400),
    "invalid_prompt": (InvalidRequestError, 400),
    "invalid_request_error": (InvalidRequestError, 400),
    "invalid_image": (InvalidRequestError, 400),
    "invalid_image_format": (InvalidRequestError, 400),
    "image_too_large": (InvalidRequestError, 400),
    "unsupported_image_media_type": (InvalidRequestError, 400),
}
_NOT_RETRYABLE = frozenset({"insufficient_quota"})


def error_from_code(error: Any, provider: str, data: Any = None) -> APICallError:
    """An error OpenAI reported in a 200 body (``response.error``, an ``error`` stream
    event, ``response.failed``), typed by its ``code`` as the same error over HTTP would
    be. An unknown code is a ``ServerError``: the request itself was accepted."""
    body = mapping(error)
    code = string(body.get("code")) or string(body.get("type"))
    message = string(body.get("message")) or f"the response failed ({code or 'no error code'})"
    cls, status = _ERROR_CODES.get(code or "", (ServerError, 500))
    if cls is ServerError and code and "invalid" in code:
        cls, status = InvalidRequestError, 400
    made = cls(f"{message} ({code})" if code else message, status_code=status, provider=provider, data=data)
    if code in _NOT_RETRYABLE:
        made.is_retryable = False
    return made
