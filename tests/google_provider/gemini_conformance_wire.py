"""``GeminiWire``: what a Gemini cassette says, in the terms the LlamaIndex conformance
suite reads (``llama_index_conformance.ChatCompletionsWire``'s methods): the reply, its
stream, usage and tool calls, and the request translated back to Chat-Completions-like
messages (system instruction, model turns with ``tool_calls``, function responses as
``tool`` messages) so the suite's history checks read it unchanged."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from cassette_reader import Interaction


def _bodies(call: Interaction) -> list[dict[str, Any]]:
    return call.sse_data if GeminiWire.is_stream(call) else [call.json]


def _parts(body: dict[str, Any]) -> list[dict[str, Any]]:
    candidates = body.get("candidates") or [{}]
    return list((candidates[0].get("content") or {}).get("parts") or [])


class GeminiWire:
    required_choice: ClassVar[dict[str, Any]] = {"functionCallingConfig": {"mode": "ANY"}}

    @staticmethod
    def is_stream(call: Interaction) -> bool:
        return call.response_body.lstrip().startswith("data:")

    def reply_text(self, call: Interaction) -> str:
        return (
            "".join(self.stream_deltas(call))
            if self.is_stream(call)
            else "".join(p["text"] for p in _parts(call.json) if "text" in p and not p.get("thought"))
        )

    @staticmethod
    def stream_deltas(call: Interaction) -> list[str]:
        return [
            p["text"]
            for body in call.sse_data
            for p in _parts(body)
            if p.get("text") and not p.get("thought")
        ]

    def response_id(self, call: Interaction) -> str:
        return str(_bodies(call)[0]["responseId"])

    def usage(self, call: Interaction) -> dict[str, Any] | None:
        usage = _bodies(call)[-1].get("usageMetadata")
        if not usage:
            return None
        prompt = usage.get("promptTokenCount", 0) + usage.get("toolUsePromptTokenCount", 0)
        completion = usage.get("candidatesTokenCount", 0) + usage.get("thoughtsTokenCount", 0)
        return {"prompt_tokens": prompt, "completion_tokens": completion}

    def tool_calls(self, call: Interaction) -> list[tuple[str, str, str]]:
        return [
            (
                p["functionCall"].get("id", ""),
                p["functionCall"]["name"],
                json.dumps(p["functionCall"].get("args") or {}),
            )
            for body in _bodies(call)
            for p in _parts(body)
            if "functionCall" in p
        ]

    @staticmethod
    def messages(call: Interaction) -> list[dict[str, Any]]:
        body = call.request_body
        out: list[dict[str, Any]] = []
        system = body.get("systemInstruction")
        if system:
            out.append({"role": "system", "content": "".join(p.get("text", "") for p in system["parts"])})
        for content in body["contents"]:
            parts = content["parts"]
            if content.get("role") == "model":
                message: dict[str, Any] = {
                    "role": "assistant",
                    "content": "".join(p.get("text", "") for p in parts if not p.get("thought")),
                }
                calls = [p["functionCall"] for p in parts if "functionCall" in p]
                if calls:
                    message["tool_calls"] = [
                        {
                            "id": c.get("id"),
                            "type": "function",
                            "function": {"name": c["name"], "arguments": json.dumps(c.get("args") or {})},
                        }
                        for c in calls
                    ]
                out.append(message)
                continue
            responses = [p["functionResponse"] for p in parts if "functionResponse" in p]
            for response in responses:
                value = response["response"].get("content")
                out.append(
                    {
                        "role": "tool",
                        "tool_call_id": response.get("id"),
                        "content": value if isinstance(value, str) else json.dumps(value),
                    }
                )
            if not responses:
                out.append({"role": "user", "content": [p for p in parts]})
        return out

    @staticmethod
    def stop(call: Interaction) -> list[str]:
        return list((call.request_body.get("generationConfig") or {}).get("stopSequences") or ())

    @staticmethod
    def tool_choice(call: Interaction) -> Any:
        return call.request_body.get("toolConfig")

    @staticmethod
    def tool_names(call: Interaction) -> list[str]:
        return [
            d["name"]
            for t in call.request_body.get("tools") or ()
            for d in t.get("functionDeclarations") or ()
        ]

    @staticmethod
    def named_choice(name: str) -> Any:
        return {"functionCallingConfig": {"mode": "ANY", "allowedFunctionNames": [name]}}

    @staticmethod
    def response_format(call: Interaction) -> dict[str, Any] | None:
        config = call.request_body.get("generationConfig") or {}
        if config.get("responseMimeType") != "application/json":
            return None
        return {
            "type": "json_schema" if "responseSchema" in config else "json_object",
            "schema": config.get("responseSchema"),
        }

    def sent_schema(self, call: Interaction, kind: str) -> dict[str, Any]:
        fmt = self.response_format(call) or {}
        assert kind == "json_schema" and fmt.get("type") == "json_schema", fmt
        schema: dict[str, Any] = fmt["schema"]
        return schema

    @staticmethod
    def image_urls(call: Interaction) -> list[str]:
        urls = []
        for content in call.request_body["contents"]:
            for part in content["parts"]:
                if "inlineData" in part:
                    urls.append(f"data:{part['inlineData']['mimeType']};base64,{part['inlineData']['data']}")
                elif "fileData" in part:
                    urls.append(part["fileData"]["fileUri"])
        return urls

    @staticmethod
    def embeddings(call: Interaction) -> list[list[float]]:
        return [list(e["values"]) for e in call.json["embeddings"]]

    @staticmethod
    def embedding_inputs(call: Interaction) -> list[str]:
        return [
            "".join(p.get("text", "") for p in r["content"]["parts"]) for r in call.request_body["requests"]
        ]
