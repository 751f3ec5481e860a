"""What the fake Responses API (``responses_wire``) sends: response objects and the
Server-Sent Events of a streamed response, in OpenAI's documented shapes.

A response (``object: "response"``) echoes the request's settings beside ``output``
and ``usage``; a stream is ``response.created``, ``response.in_progress``, then per
output item ``response.output_item.added``, the item's own events (text deltas and
annotations, argument deltas, reasoning summary parts, a built-in tool's progress and
code deltas) and ``response.output_item.done``, and last ``response.completed`` (or
``response.incomplete``, or ``error`` + ``response.failed``). Each event is written as
``event: <type>`` and ``data: <json>`` with a ``sequence_number``, as OpenAI does.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from typing import Any

from openai_wire import (
    WireResponse,
    _argument_fragments,
    _common_headers,
    _rand,
    _rate_headers,
    _text_fragments,
)

SERVER_ERROR_MESSAGE = (
    "The server had an error processing your request. Sorry about that! You can retry your "
    "request, or contact us through our help center at help.openai.com if you keep seeing this error."
)


def response_object(
    body: Mapping[str, Any],
    *,
    response_id: str,
    created: int,
    snapshot: str,
    output: Sequence[Mapping[str, Any]],
    usage: Mapping[str, Any] | None,
    status: str,
    reasoning_model: bool,
) -> dict[str, Any]:
    """The response object, with the request's settings echoed as OpenAI echoes them."""
    text = dict(body.get("text") or {})
    text.setdefault("format", {"type": "text"})
    text.setdefault("verbosity", "medium")
    reasoning = dict(body.get("reasoning") or {})
    return {
        "id": response_id,
        "object": "response",
        "created_at": created,
        "status": status,
        "background": False,
        "billing": {"payer": "developer"},
        "error": None,
        "incomplete_details": {"reason": "max_output_tokens"} if status == "incomplete" else None,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "max_tool_calls": body.get("max_tool_calls"),
        "model": snapshot,
        "output": list(output),
        "parallel_tool_calls": body.get("parallel_tool_calls", True),
        "previous_response_id": body.get("previous_response_id"),
        "prompt_cache_key": body.get("prompt_cache_key"),
        "prompt_cache_retention": body.get("prompt_cache_retention"),
        "reasoning": {
            "effort": reasoning.get("effort", "medium" if reasoning_model else None),
            "summary": reasoning.get("summary"),
        },
        "safety_identifier": body.get("safety_identifier"),
        "service_tier": "default" if body.get("service_tier") in (None, "auto") else body["service_tier"],
        "store": body.get("store", True),
        "temperature": body.get("temperature", 1.0),
        "text": text,
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": [_echo_tool(tool) for tool in body.get("tools") or ()],
        "top_logprobs": body.get("top_logprobs", 0),
        "top_p": body.get("top_p", 1.0),
        "truncation": body.get("truncation", "disabled"),
        "usage": usage,
        "user": body.get("user"),
        "metadata": body.get("metadata") or {},
    }


def _echo_tool(tool: Mapping[str, Any]) -> dict[str, Any]:
    if tool.get("type") == "function":
        return {"description": None, **tool}
    if tool.get("type") == "web_search":
        return {
            "filters": None,
            "search_context_size": "medium",
            "user_location": {
                "type": "approximate",
                "city": None,
                "country": "US",
                "region": None,
                "timezone": None,
            },
            **tool,
        }
    if tool.get("type") == "file_search":
        return {
            "filters": None,
            "max_num_results": 20,
            "ranking_options": {"ranker": "auto", "score_threshold": 0},
            **tool,
        }
    return dict(tool)


def json_response(payload: Any) -> WireResponse:
    headers = {"content-type": "application/json", **_common_headers(), **_rate_headers()}
    return WireResponse(200, headers, json.dumps(payload, indent=2, ensure_ascii=False).encode())


class _Events:
    def __init__(self) -> None:
        self.events: list[bytes] = []

    def add(self, kind: str, **fields: Any) -> None:
        payload = {"type": kind, "sequence_number": len(self.events), **fields}
        data = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
        self.events.append(f"event: {kind}\ndata: {data}\n\n".encode())


def _obfuscation() -> str:
    return _rand(random.randint(1, 15))


def stream_response(
    final: Mapping[str, Any],
    *,
    fail_after_text: bool = False,
    interim_encrypted: Mapping[str, str] | None = None,
) -> WireResponse:
    """The events of ``final`` being generated. ``fail_after_text``: the server fails
    after the first text delta (an ``error`` event, then ``response.failed``).
    ``interim_encrypted``: reasoning item id -> the encrypted content its
    ``output_item.added`` carries (the final one comes with ``output_item.done``)."""
    out = _Events()
    started = {**final, "status": "in_progress", "output": [], "usage": None, "incomplete_details": None}
    out.add("response.created", response=started)
    out.add("response.in_progress", response=started)
    for index, item in enumerate(final["output"]):
        if _item_events(out, index, item, fail_after_text, interim_encrypted or {}):
            failed = {
                **started,
                "status": "failed",
                "error": {"code": "server_error", "message": SERVER_ERROR_MESSAGE},
            }
            out.add("error", code="server_error", message=SERVER_ERROR_MESSAGE, param=None)
            out.add("response.failed", response=failed)
            return _sse(out)
    out.add(
        "response.incomplete" if final["status"] == "incomplete" else "response.completed", response=final
    )
    return _sse(out)


def _sse(out: _Events) -> WireResponse:
    headers = {"content-type": "text/event-stream; charset=utf-8", **_common_headers(), **_rate_headers()}
    return WireResponse(200, headers, events=out.events)


def _item_events(
    out: _Events, index: int, item: Mapping[str, Any], fail_after_text: bool, interim: Mapping[str, str]
) -> bool:
    """Write one output item's events; ``True`` if the stream failed inside it."""
    kind = item["type"]
    item_id = item["id"]
    if kind == "message":
        out.add(
            "response.output_item.added",
            output_index=index,
            item={**item, "status": "in_progress", "content": []},
        )
        for c_index, part in enumerate(item["content"]):
            empty = {**part, "text": "", "annotations": []}
            out.add(
                "response.content_part.added",
                item_id=item_id,
                output_index=index,
                content_index=c_index,
                part=empty,
            )
            written = 0
            annotations = sorted(part["annotations"], key=lambda a: a.get("end_index", 0))
            for fragment in _text_fragments(part["text"]):
                out.add(
                    "response.output_text.delta",
                    item_id=item_id,
                    output_index=index,
                    content_index=c_index,
                    delta=fragment,
                    logprobs=[],
                    obfuscation=_obfuscation(),
                )
                if fail_after_text:
                    return True
                written += len(fragment)
                while annotations and annotations[0].get("end_index", 0) <= written:
                    annotation = annotations.pop(0)
                    out.add(
                        "response.output_text.annotation.added",
                        item_id=item_id,
                        output_index=index,
                        content_index=c_index,
                        annotation_index=part["annotations"].index(annotation),
                        annotation=annotation,
                    )
            for annotation in annotations:
                out.add(
                    "response.output_text.annotation.added",
                    item_id=item_id,
                    output_index=index,
                    content_index=c_index,
                    annotation_index=part["annotations"].index(annotation),
                    annotation=annotation,
                )
            out.add(
                "response.output_text.done",
                item_id=item_id,
                output_index=index,
                content_index=c_index,
                text=part["text"],
                logprobs=[],
            )
            out.add(
                "response.content_part.done",
                item_id=item_id,
                output_index=index,
                content_index=c_index,
                part=part,
            )
    elif kind == "reasoning":
        added = {**item, "summary": []}
        if "encrypted_content" in item:
            added["encrypted_content"] = interim.get(item_id, item["encrypted_content"])
        out.add("response.output_item.added", output_index=index, item=added)
        for s_index, summary in enumerate(item["summary"]):
            common = {"item_id": item_id, "output_index": index, "summary_index": s_index}
            out.add(
                "response.reasoning_summary_part.added", **common, part={"type": "summary_text", "text": ""}
            )
            for fragment in _text_fragments(summary["text"]):
                out.add(
                    "response.reasoning_summary_text.delta",
                    **common,
                    delta=fragment,
                    obfuscation=_obfuscation(),
                )
            out.add("response.reasoning_summary_text.done", **common, text=summary["text"])
            out.add("response.reasoning_summary_part.done", **common, part=summary)
    elif kind == "function_call":
        out.add(
            "response.output_item.added",
            output_index=index,
            item={**item, "status": "in_progress", "arguments": ""},
        )
        for fragment in _argument_fragments(item["arguments"]):
            out.add(
                "response.function_call_arguments.delta",
                item_id=item_id,
                output_index=index,
                delta=fragment,
                obfuscation=_obfuscation(),
            )
        out.add(
            "response.function_call_arguments.done",
            item_id=item_id,
            output_index=index,
            arguments=item["arguments"],
        )
    elif kind in ("web_search_call", "file_search_call"):
        started = {k: v for k, v in item.items() if k not in ("action", "results", "queries")}
        if kind == "file_search_call":
            started.update(queries=[], results=None)
        out.add("response.output_item.added", output_index=index, item={**started, "status": "in_progress"})
        prefix = f"response.{kind}"
        for stage in ("in_progress", "searching", "completed"):
            out.add(f"{prefix}.{stage}", output_index=index, item_id=item_id)
    elif kind == "code_interpreter_call":
        started = {**item, "status": "in_progress", "code": "", "outputs": None}
        out.add("response.output_item.added", output_index=index, item=started)
        out.add("response.code_interpreter_call.in_progress", output_index=index, item_id=item_id)
        for fragment in _text_fragments(item["code"]):
            out.add(
                "response.code_interpreter_call_code.delta",
                output_index=index,
                item_id=item_id,
                delta=fragment,
            )
        out.add(
            "response.code_interpreter_call_code.done", output_index=index, item_id=item_id, code=item["code"]
        )
        out.add("response.code_interpreter_call.interpreting", output_index=index, item_id=item_id)
        out.add("response.code_interpreter_call.completed", output_index=index, item_id=item_id)
    out.add("response.output_item.done", output_index=index, item=item)
    return False
