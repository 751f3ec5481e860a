"""Callbacks, rate limiting and batching through LangChain's own machinery, on recorded
traffic from the real local model (cassettes/langchain_callbacks/)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from cassette_reader import interactions
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.rate_limiters import BaseRateLimiter
from vcr_setup import local_server_when_recording

from ai_sdk_integrations.langchain import ChatAISDK


@pytest.fixture(scope="module", autouse=True)
def local_server(request: pytest.FixtureRequest) -> Iterator[None]:
    with local_server_when_recording(request.config):
        yield


class TokenCounter(BaseCallbackHandler):
    def __init__(self) -> None:
        self.tokens: list[str] = []

    def on_llm_new_token(self, token: str, **kwargs: Any) -> None:
        self.tokens.append(token)


class CountingLimiter(BaseRateLimiter):
    def __init__(self) -> None:
        self.acquired = 0

    def acquire(self, *, blocking: bool = True) -> bool:
        self.acquired += 1
        return True

    async def aacquire(self, *, blocking: bool = True) -> bool:
        self.acquired += 1
        return True


def streamed_contents(payloads: list[Any]) -> list[str]:
    return [
        p["choices"][0]["delta"]["content"]
        for p in payloads
        if p.get("choices") and p["choices"][0]["delta"].get("content")
    ]


@pytest.mark.vcr
def test_streaming_invoke_reports_each_token_to_callbacks(vcr: Any) -> None:
    counter = TokenCounter()
    llm = ChatAISDK(model="local:smollm2", temperature=0, max_tokens=20, streaming=True)
    message = llm.invoke("Name three colours.", config={"callbacks": [counter]})
    [call] = interactions(vcr)
    assert call.request_body["stream"] is True  # streaming=True really streams
    expected = streamed_contents(call.sse_data)
    assert [t for t in counter.tokens if t] == expected
    assert message.content == "".join(expected)


@pytest.mark.vcr
def test_rate_limiter_is_asked_once_per_request_and_batch_keeps_order(vcr: Any) -> None:
    limiter = CountingLimiter()
    llm = ChatAISDK(model="local:smollm2", temperature=0, max_tokens=12, rate_limiter=limiter)
    prompts = ["Say yes.", "Say no."]
    answers = llm.batch(prompts, config={"max_concurrency": 1})
    recorded = interactions(vcr)
    assert limiter.acquired == len(prompts) == len(recorded)
    by_prompt = {r.request_body["messages"][0]["content"]: r.json for r in recorded}
    for prompt, answer in zip(prompts, answers, strict=True):
        assert answer.content == by_prompt[prompt]["choices"][0]["message"]["content"]
