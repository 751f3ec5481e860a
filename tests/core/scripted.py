"""Scripted OpenAI-compatible answers for the loop's unit tests (``http_loopback``):
text, tool calls and JSON, as a body or a stream, and the four ways to call.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from http_loopback import MODEL_ID, Reply, json_reply, sse

import ai_sdk_integrations as ai

USAGE = {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15}
Call = tuple[str, str, Any]
"""(id, tool name, arguments: a dict, or a string sent as is)."""


def _arguments(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def answer(text: str | None = None, calls: Sequence[Call] = (), *, stream: bool = False) -> Reply:
    """One chat completion: ``text`` and/or tool ``calls``."""
    reason = "tool_calls" if calls else "stop"
    if stream:
        return _stream(text, calls, reason)
    message: dict[str, Any] = {"role": "assistant", "content": text}
    if calls:
        message["tool_calls"] = [
            {"id": i, "type": "function", "function": {"name": n, "arguments": _arguments(a)}}
            for i, n, a in calls
        ]
    return json_reply(
        {
            "id": "chatcmpl-scripted",
            "object": "chat.completion",
            "created": 1_700_000_000,
            "model": MODEL_ID,
            "choices": [{"index": 0, "message": message, "finish_reason": reason}],
            "usage": USAGE,
        }
    )


def _chunk(delta: dict[str, Any], reason: str | None = None) -> bytes:
    return sse(
        {
            "id": "chatcmpl-scripted",
            "object": "chat.completion.chunk",
            "created": 1_700_000_000,
            "model": MODEL_ID,
            "choices": [{"index": 0, "delta": delta, "finish_reason": reason}],
        }
    )


def _stream(text: str | None, calls: Sequence[Call], reason: str) -> Reply:
    chunks: list[Any] = [_chunk({"role": "assistant"})]
    for piece in _pieces(text or ""):
        chunks.append(_chunk({"content": piece}))
    for index, (call_id, name, arguments) in enumerate(calls):
        encoded = _arguments(arguments)
        head = {
            "index": index,
            "id": call_id,
            "type": "function",
            "function": {"name": name, "arguments": ""},
        }
        chunks.append(_chunk({"tool_calls": [head]}))
        for piece in _pieces(encoded):
            chunks.append(_chunk({"tool_calls": [{"index": index, "function": {"arguments": piece}}]}))
    chunks.append(_chunk({}, reason))
    chunks.append(
        sse({"id": "chatcmpl-scripted", "object": "chat.completion.chunk", "choices": [], "usage": USAGE})
    )
    chunks.append(sse("[DONE]"))
    return Reply(200, {"content-type": "text/event-stream"}, chunks=chunks)


def _pieces(text: str, size: int = 4) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


async def run(mode: str, model: Any, **kwargs: Any) -> Any:
    """``generate_text`` / ``agenerate_text`` / ``stream_text`` / ``astream_text``; a
    stream is read to its end. Returns the result (the stream result for streams)."""
    if mode == "generate":
        return ai.generate_text(model, **kwargs)
    if mode == "agenerate":
        return await ai.agenerate_text(model, **kwargs)
    if mode == "stream":
        stream = ai.stream_text(model, **kwargs)
        stream.consume()
        return stream
    astream = ai.astream_text(model, **kwargs)
    await astream.consume()
    return astream


MODES = ("generate", "agenerate", "stream", "astream")


def streaming(mode: str) -> bool:
    return mode in ("stream", "astream")
