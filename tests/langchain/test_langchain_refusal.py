"""A model's refusal (OpenAI structured outputs' ``refusal`` field, in its documented
shape: ``message.refusal`` a string, ``content`` null; streamed as ``delta.refusal``)
reaches LangChain as ChatOpenAI puts it, and ``with_structured_output`` raises
``ModelRefusalError`` (and our ``RefusalError``) instead of a parsing error."""

from __future__ import annotations

from typing import Any

import pytest
from http_loopback import API_KEY, Reply, ScriptedServer, json_reply, retry_delays, server, sse
from langchain_core.exceptions import ModelRefusalError
from pydantic import BaseModel

from ai_sdk_integrations.langchain import ChatAISDK
from ai_sdk_integrations.spec.errors import RefusalError

__all__ = ["retry_delays", "server"]  # the loopback fixtures

REFUSAL = "I'm sorry, I cannot help with that request."


class Person(BaseModel):
    name: str


def refused() -> dict[str, Any]:
    message = {"role": "assistant", "content": None, "refusal": REFUSAL}
    return {
        "id": "chatcmpl-r",
        "model": "gpt-4o-mini",
        "choices": [{"message": message, "finish_reason": "stop"}],
    }


def refused_stream() -> Reply:
    chunks = [
        {"id": "c", "choices": [{"delta": {"role": "assistant", "refusal": ""}, "finish_reason": None}]},
        {"id": "c", "choices": [{"delta": {"refusal": REFUSAL[:10]}, "finish_reason": None}]},
        {"id": "c", "choices": [{"delta": {"refusal": REFUSAL[10:]}, "finish_reason": None}]},
        {"id": "c", "choices": [{"delta": {}, "finish_reason": "stop"}]},
    ]
    return Reply(200, {"content-type": "text/event-stream"}, chunks=[*map(sse, chunks), sse("[DONE]")])


def llm(server: ScriptedServer) -> ChatAISDK:
    return ChatAISDK(model="openai:gpt-4o-mini", base_url=server.url, api_key=API_KEY)


def test_a_refusal_is_on_the_message(server: ScriptedServer) -> None:
    server.queue(json_reply(refused()))
    message = llm(server).invoke("Describe how to pick a lock")
    assert message.content == ""
    assert message.additional_kwargs["refusal"] == REFUSAL


def test_a_streamed_refusal_is_on_the_last_chunk(server: ScriptedServer) -> None:
    server.queue(refused_stream())
    chunks = list(llm(server).stream("Describe how to pick a lock"))
    merged = chunks[0]
    for chunk in chunks[1:]:
        merged = merged + chunk
    assert merged.additional_kwargs["refusal"] == REFUSAL


@pytest.mark.parametrize("streaming", [False, True])
def test_structured_output_raises_model_refusal_error(server: ScriptedServer, streaming: bool) -> None:
    server.queue(refused_stream() if streaming else json_reply(refused()))
    structured = llm(server).with_structured_output(Person, method="json_schema")
    with pytest.raises(ModelRefusalError) as caught:
        if streaming:
            list(structured.stream("Invent a person"))
        else:
            structured.invoke("Invent a person")
    assert isinstance(caught.value, RefusalError)
    assert caught.value.refusal == REFUSAL and REFUSAL in str(caught.value)
