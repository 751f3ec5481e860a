"""What the fake Bedrock "model" answers, as Converse content, and how it streams it.

The words come from ``openai_wire.plan_chat`` (the same "model" as the other fakes),
given the Converse request translated into Chat Completions terms (``as_chat``).
Bedrock's own behaviour is added here: Claude's signed ``reasoningText`` when thinking
is on (and a ``redactedContent`` block when the prompt holds Anthropic's documented
redaction test string), stop sequences with Anthropic's ``/delta/stop_sequence``,
prompt caching at ``cachePoint`` blocks, and the guardrail ``trace``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import string
from typing import Any

from eventstream_frames import event, exception
from openai_wire import _argument_fragments, _text_fragments, estimate_tokens, plan_chat

REDACTED_THINKING_TRIGGER = (
    "ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING_"
    "46C9A13E193C177646C7398A98432ECCCE4C1253D5E2D82641AC0E52CC2876CB"
)
GUARDRAIL_MARKER = "GUARDRAIL_BLOCK"
BLOCKED_TEXT = "Sorry, the model cannot answer this question."
_SIGNING_KEY = b"fake-bedrock: signs reasoning so it can tell its own"
_ALNUM = string.ascii_letters + string.digits


def rand(n: int) -> str:
    return "".join(secrets.choice(_ALNUM) for _ in range(n))


def sign(text: str) -> str:
    mac = hmac.new(_SIGNING_KEY, text.encode(), hashlib.sha256).digest()
    return base64.b64encode(b"\x12\xb5\x01\n@" + mac + hashlib.sha512(mac).digest()).decode()


def signed(signature: str, text: str) -> bool:
    try:
        raw = base64.b64decode(signature, validate=True)
    except ValueError:
        return False
    return raw[5:37] == hmac.new(_SIGNING_KEY, text.encode(), hashlib.sha256).digest()


def redacted_content() -> str:
    nonce = secrets.token_bytes(16)
    mac = hmac.new(_SIGNING_KEY, b"redacted" + nonce, hashlib.sha256).digest()
    return base64.b64encode(nonce + mac + secrets.token_bytes(64)).decode()


def redacted_ok(data: str) -> bool:
    try:
        raw = base64.b64decode(data, validate=True)
    except ValueError:
        return False
    return raw[16:48] == hmac.new(_SIGNING_KEY, b"redacted" + raw[:16], hashlib.sha256).digest()


# -- the request in Chat Completions terms ---------------------------------------------------


def texts(blocks: Any) -> list[str]:
    out: list[str] = []
    for block in blocks or ():
        if "text" in block:
            out.append(str(block["text"]))
        elif "json" in block:
            out.append(json.dumps(block["json"]))
        elif "toolResult" in block:
            out.extend(texts(block["toolResult"].get("content")))
    return out


def last_user_text(body: dict[str, Any]) -> str:
    for message in reversed(body.get("messages") or ()):
        if message.get("role") == "user":
            return " ".join(texts(message.get("content")))
    return ""


def as_chat(body: dict[str, Any]) -> dict[str, Any]:
    messages: list[dict[str, Any]] = []
    system = " ".join(texts(body.get("system")))
    if system:
        messages.append({"role": "system", "content": system})
    for message in body.get("messages") or ():
        blocks = message.get("content") or []
        if message.get("role") == "assistant":
            calls = [
                {
                    "id": b["toolUse"]["toolUseId"],
                    "type": "function",
                    "function": {
                        "name": b["toolUse"]["name"],
                        "arguments": json.dumps(b["toolUse"].get("input") or {}),
                    },
                }
                for b in blocks
                if "toolUse" in b
            ]
            entry: dict[str, Any] = {"role": "assistant", "content": " ".join(texts(blocks)) or None}
            if calls:
                entry["tool_calls"] = calls
            messages.append(entry)
            continue
        parts: list[dict[str, Any]] = []
        for block in blocks:
            if "toolResult" in block:
                result = block["toolResult"]
                messages.append(
                    {
                        "role": "tool",
                        "tool_call_id": result["toolUseId"],
                        "content": " ".join(texts(result["content"])),
                    }
                )
            elif "text" in block:
                parts.append({"type": "text", "text": block["text"]})
            elif "image" in block:
                image = block["image"]
                data = image["source"].get("bytes", "")
                parts.append(
                    {"type": "image_url", "image_url": {"url": f"data:image/{image['format']};base64,{data}"}}
                )
            elif "document" in block:
                document = block["document"]
                data = document["source"].get("bytes", "")
                if document.get("format") == "pdf":
                    url = f"data:application/pdf;base64,{data}"
                    parts.append(
                        {"type": "file", "file": {"filename": document["name"] + ".pdf", "file_data": url}}
                    )
                else:
                    parts.append({"type": "text", "text": base64.b64decode(data).decode("utf-8", "replace")})
        if parts:
            messages.append({"role": "user", "content": parts})
    chat: dict[str, Any] = {
        "messages": messages,
        "max_tokens": (body.get("inferenceConfig") or {}).get("maxTokens"),
    }
    config = body.get("toolConfig") or {}
    specs = [t["toolSpec"] for t in config.get("tools") or () if "toolSpec" in t]
    if specs:
        chat["tools"] = [
            {"type": "function", "function": {"name": s["name"], "parameters": s["inputSchema"]["json"]}}
            for s in specs
        ]
        choice = config.get("toolChoice") or {"auto": {}}
        if "tool" in choice:
            chat["tool_choice"] = {"type": "function", "function": {"name": choice["tool"]["name"]}}
        else:
            chat["tool_choice"] = "required" if "any" in choice else "auto"
    fmt = ((body.get("outputConfig") or {}).get("textFormat") or {}).get("structure", {}).get("jsonSchema")
    if fmt:
        chat["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": fmt.get("name", "response"), "schema": json.loads(fmt["schema"])},
        }
    return chat


# -- the answer ------------------------------------------------------------------------------


def thinking_on(body: dict[str, Any]) -> bool:
    thinking = (body.get("additionalModelRequestFields") or {}).get("thinking") or {}
    return thinking.get("type") in ("enabled", "adaptive")


def answer(body: dict[str, Any]) -> tuple[list[dict[str, Any]], str, str | None]:
    """Content blocks, ``stopReason`` and the stop sequence that ended the text."""
    question = last_user_text(body)
    if GUARDRAIL_MARKER in question and body.get("guardrailConfig"):
        return [{"text": BLOCKED_TEXT}], "guardrail_intervened", None
    plan = plan_chat(as_chat(body))
    blocks: list[dict[str, Any]] = []
    if thinking_on(body):
        if REDACTED_THINKING_TRIGGER in question:
            blocks.append({"reasoningContent": {"redactedContent": redacted_content()}})
        asked = " ".join(question.split())[:120]
        thought = (
            f'The user asks: "{asked}". I should call '
            + " and ".join(f"{name} with {arguments}" for name, arguments in plan.calls)
            + " first."
            if plan.calls
            else f'The user asks: "{asked}". I can answer this directly and briefly.'
        )
        blocks.append({"reasoningContent": {"reasoningText": {"text": thought, "signature": sign(thought)}}})
    if plan.calls:
        for name, arguments in plan.calls:
            blocks.append(
                {
                    "toolUse": {
                        "toolUseId": "tooluse_" + rand(22),
                        "name": name,
                        "input": json.loads(arguments),
                    }
                }
            )
        return blocks, "tool_use", None
    text = (None if body.get("outputConfig") else counting(question)) or plan.text or ""
    stops = [s for s in (body.get("inferenceConfig") or {}).get("stopSequences") or () if s in text]
    stop_reason, stop_sequence = "end_turn", None
    if stops:
        stop_sequence = min(stops, key=text.find)
        text, stop_reason = text[: text.find(stop_sequence)], "stop_sequence"
    elif plan.finish_reason == "length":
        stop_reason = "max_tokens"
    if text:
        blocks.append({"text": text})
    return blocks, stop_reason, stop_sequence


_NUMBERS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def counting(question: str) -> str | None:
    """``Count from one to five``: the numbers, in words."""
    found = re.search(r"\bcount (?:from )?(?:one|1) to (\w+)", question, re.IGNORECASE)
    if not found:
        return None
    word = found.group(1).lower()
    last = _NUMBERS.index(word) + 1 if word in _NUMBERS else int(word) if word.isdigit() else 5
    return ", ".join(_NUMBERS[: max(1, min(last, len(_NUMBERS)))]).capitalize() + "."


def prompt_tokens(body: dict[str, Any]) -> int:
    tokens = 3
    for name in ("system", "toolConfig"):
        if body.get(name):
            tokens += estimate_tokens(json.dumps(body[name], ensure_ascii=False))
    for message in body.get("messages") or ():
        tokens += 4 + estimate_tokens(json.dumps(message.get("content"), ensure_ascii=False)) // 3
    return tokens


def cached_prefix(body: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The request up to its last ``cachePoint`` (tools, then system, then messages)."""
    found: tuple[str, dict[str, Any]] | None = None
    tools = (body.get("toolConfig") or {}).get("tools") or []
    for i, tool in enumerate(tools):
        if "cachePoint" in tool:
            part = {"toolConfig": {"tools": tools[:i]}, "system": None, "messages": []}
            found = (json.dumps(part, sort_keys=True), part)
    system = body.get("system") or []
    for i, block in enumerate(system):
        if "cachePoint" in block:
            part = {"toolConfig": body.get("toolConfig"), "system": system[:i], "messages": []}
            found = (json.dumps(part, sort_keys=True), part)
    for m, message in enumerate(body.get("messages") or ()):
        for i, block in enumerate(message.get("content") or ()):
            if "cachePoint" in block:
                partial = [*body["messages"][:m], {**message, "content": message["content"][:i]}]
                part = {
                    "toolConfig": body.get("toolConfig"),
                    "system": body.get("system"),
                    "messages": partial,
                }
                found = (json.dumps(part, sort_keys=True), part)
    return found


def guardrail_trace(body: dict[str, Any], blocked: bool) -> dict[str, Any] | None:
    config = body.get("guardrailConfig") or {}
    if config.get("trace") not in ("enabled", "enabled_full"):
        return None
    guardrail_id = str(config.get("guardrailIdentifier", "")).rsplit("/", 1)[-1]
    policy = {"topics": [{"name": "Restricted topic", "type": "DENY", "action": "BLOCKED", "detected": True}]}
    assessment: dict[str, Any] = {
        "topicPolicy": policy if blocked else {"topics": []},
        "invocationMetrics": {
            "guardrailProcessingLatency": 151,
            "usage": {"topicPolicyUnits": 1, "contentPolicyUnits": 1, "wordPolicyUnits": 1},
            "guardrailCoverage": {"textCharacters": {"guarded": 42, "total": 42}},
        },
    }
    trace: dict[str, Any] = {"inputAssessment": {guardrail_id: assessment}}
    if blocked:
        trace["actionReason"] = "Guardrail blocked."
    else:
        trace["outputAssessments"] = {guardrail_id: [{"invocationMetrics": assessment["invocationMetrics"]}]}
    return {"guardrail": trace}


# -- the stream ------------------------------------------------------------------------------


def stream_frames(
    blocks: list[dict[str, Any]],
    stop_reason: str,
    stop_fields: dict[str, Any] | None,
    metadata: dict[str, Any],
    broken: bool,
) -> list[bytes]:
    """The event-stream messages of one answer, each a separate HTTP chunk (as AWS sends them)."""
    frames = [event("messageStart", {"role": "assistant"}, pad=len(rand(8)) * 5)]
    for index, block in enumerate(blocks):
        deltas: list[dict[str, Any]] = []
        if "toolUse" in block:
            use = block["toolUse"]
            start = {"toolUse": {"toolUseId": use["toolUseId"], "name": use["name"]}}
            frames.append(event("contentBlockStart", {"start": start, "contentBlockIndex": index}, pad=11))
            arguments = json.dumps(use["input"], ensure_ascii=False)
            deltas = [{"toolUse": {"input": piece}} for piece in _argument_fragments(arguments)]
        elif "reasoningContent" in block:
            reasoning = block["reasoningContent"]
            if "redactedContent" in reasoning:
                deltas = [{"reasoningContent": {"redactedContent": reasoning["redactedContent"]}}]
            else:
                text = reasoning["reasoningText"]
                deltas = [{"reasoningContent": {"text": piece}} for piece in _text_fragments(text["text"])]
                deltas.append({"reasoningContent": {"signature": text["signature"]}})
        else:
            deltas = [{"text": piece} for piece in _text_fragments(block["text"])]
        for n, delta in enumerate(deltas):
            frames.append(
                event("contentBlockDelta", {"delta": delta, "contentBlockIndex": index}, pad=3 + n * 7)
            )
            if broken and "text" in delta:
                original = "Model stream encountered an error. Try your request again."
                error = {
                    "message": "Model stream error",
                    "originalStatusCode": 500,
                    "originalMessage": original,
                }
                frames.append(exception("modelStreamErrorException", error))
                return frames
        frames.append(event("contentBlockStop", {"contentBlockIndex": index}, pad=2))
    stop: dict[str, Any] = {"stopReason": stop_reason}
    if stop_fields is not None:
        stop["additionalModelResponseFields"] = stop_fields
    frames.append(event("messageStop", stop, pad=23))
    frames.append(event("metadata", metadata, pad=45))
    return frames
