"""A loopback server that answers from the request, for the Ray recipe's tests.

Why not a queue of scripted replies: Ray's workers send their requests in no fixed
order, so each answer is computed from its request instead: an embedding derived from
the text (so a test can tell every row got its own vector back, in order) and a chat
answer that echoes the prompt. It is ``http_loopback.ScriptedServer`` with ``take``
replaced, so it records every request the same way.
"""

from __future__ import annotations

from typing import Any

from http_loopback import RecordedRequest, Reply, ScriptedServer, completion, error_reply, json_reply


def vector_for(text: str) -> list[float]:
    """A deterministic stand-in embedding: the text's length and a checksum."""
    return [float(len(text)), float(sum(map(ord, text)) % 997), 1.0]


def answer_for(prompt: str) -> str:
    return f"echo: {prompt}"


def _embeddings(body: dict[str, Any]) -> Reply:
    inputs = body["input"] if isinstance(body["input"], list) else [body["input"]]
    data = [{"object": "embedding", "index": i, "embedding": vector_for(t)} for i, t in enumerate(inputs)]
    usage = {"prompt_tokens": len(inputs), "total_tokens": len(inputs)}
    return json_reply({"object": "list", "data": data, "model": body["model"], "usage": usage})


class EchoServer(ScriptedServer):
    def take(self, record: RecordedRequest) -> Reply:
        with self._lock:
            self.requests.append(record)
        if record.path.endswith("/embeddings"):
            return _embeddings(record.json)
        if record.path.endswith("/chat/completions"):
            return json_reply(completion(answer_for(record.json["messages"][-1]["content"])))
        return error_reply(404, f"no route for {record.path}")
