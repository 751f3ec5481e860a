"""The "limit" rows: the thinnest hand-written LangChain / LlamaIndex model over raw ``httpx2``.

Why: the floor says what HTTP costs; a framework adds its own cost on top
(callbacks, message objects, instrumentation events) that no adapter can
avoid. These rows are the least a model inside each framework can do for the
same answer: a ``BaseChatModel`` whose ``_generate`` / ``_stream`` /
``_agenerate`` post the wire's minimal body with ``httpx2`` and build the
framework's message objects (text, usage, one chunk per token, the per-token
callback the framework's own models fire), and a LlamaIndex ``LLM`` whose
``chat`` / ``stream_chat`` / ``achat`` do the same under ``llm_chat_callback``.
So the gap between an adapter and its limit row is the adapter's own cost, and
the gap between the limit row and the floor is the framework's.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import AsyncIterator, Iterator
from typing import Any

from wires import PER_CALL_TOKENS, WIRES, Wire

from contenders.common import AsyncCall, SyncCall
from contenders.ours import lc_ainvoke, lc_invoke, lc_stream, li_achat, li_chat, li_messages, li_stream


def _lc_role(kind: str) -> str:
    return {"human": "user", "ai": "assistant", "system": "system"}.get(kind, kind)


@functools.cache
def _thin_chat_class() -> Any:
    import httpx2
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import AIMessage, AIMessageChunk
    from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
    from pydantic import PrivateAttr

    class ThinChat(BaseChatModel):
        base_url: str
        wire_name: str
        max_tokens: int | None = None
        _client: Any = PrivateAttr(default=None)
        _aclient: Any = PrivateAttr(default=None)

        @property
        def _llm_type(self) -> str:
            return "thin-httpx2"

        @property
        def wire(self) -> Wire:
            return WIRES[self.wire_name]

        def _body(self, messages: list[Any], stream: bool, kwargs: dict[str, Any]) -> dict[str, Any]:
            body = self.wire.body(kwargs.get("max_tokens", self.max_tokens), stream)
            body["messages"] = [{"role": _lc_role(m.type), "content": m.content} for m in messages]
            return body

        def _result(self, data: dict[str, Any]) -> Any:
            out = self.wire.output_tokens(data)
            usage = {"input_tokens": 0, "output_tokens": out, "total_tokens": out}
            message = AIMessage(content=self.wire.text(data), usage_metadata=usage)
            return ChatResult(generations=[ChatGeneration(message=message)])

        def _generate(
            self, messages: list[Any], stop: Any = None, run_manager: Any = None, **kwargs: Any
        ) -> Any:
            if self._client is None:
                self._client = httpx2.Client()
            response = self._client.post(
                self.wire.url(self.base_url),
                json=self._body(messages, False, kwargs),
                headers=self.wire.headers(),
            )
            return self._result(response.json())

        def _stream(
            self, messages: list[Any], stop: Any = None, run_manager: Any = None, **kwargs: Any
        ) -> Iterator[Any]:
            if self._client is None:
                self._client = httpx2.Client()
            body = self._body(messages, True, kwargs)
            with self._client.stream(
                "POST", self.wire.url(self.base_url), json=body, headers=self.wire.headers()
            ) as response:
                for text, tokens in self.wire.events(response.iter_lines()):
                    if text is not None:
                        chunk = ChatGenerationChunk(message=AIMessageChunk(content=text))
                        if run_manager is not None:
                            run_manager.on_llm_new_token(text, chunk=chunk)
                        yield chunk
                    else:
                        usage: Any = {"input_tokens": 0, "output_tokens": tokens, "total_tokens": tokens}
                        yield ChatGenerationChunk(message=AIMessageChunk(content="", usage_metadata=usage))

        async def _agenerate(
            self, messages: list[Any], stop: Any = None, run_manager: Any = None, **kwargs: Any
        ) -> Any:
            response = await self._aclient.post(
                self.wire.url(self.base_url),
                json=self._body(messages, False, kwargs),
                headers=self.wire.headers(),
            )
            return self._result(response.json())

    return ThinChat


@functools.cache
def _thin_llm_class() -> Any:
    import httpx2
    from llama_index.core.llms import LLM, ChatMessage, ChatResponse, LLMMetadata
    from llama_index.core.llms.callbacks import llm_chat_callback
    from pydantic import PrivateAttr

    class ThinLLM(LLM):
        base_url: str
        wire_name: str
        max_tokens: int | None = None
        _client: Any = PrivateAttr(default=None)
        _aclient: Any = PrivateAttr(default=None)

        @property
        def metadata(self) -> LLMMetadata:
            return LLMMetadata(is_chat_model=True, model_name="bench")

        @property
        def wire(self) -> Wire:
            return WIRES[self.wire_name]

        def _body(self, messages: Any, stream: bool, kwargs: dict[str, Any]) -> dict[str, Any]:
            body = self.wire.body(kwargs.get("max_tokens", self.max_tokens), stream)
            body["messages"] = [{"role": m.role.value, "content": m.content} for m in messages]
            return body

        def _response(self, data: dict[str, Any]) -> ChatResponse:
            return ChatResponse(
                message=ChatMessage(role="assistant", content=self.wire.text(data)),
                additional_kwargs={"completion_tokens": self.wire.output_tokens(data)},
            )

        @llm_chat_callback()
        def chat(self, messages: Any, **kwargs: Any) -> ChatResponse:
            if self._client is None:
                self._client = httpx2.Client()
            response = self._client.post(
                self.wire.url(self.base_url),
                json=self._body(messages, False, kwargs),
                headers=self.wire.headers(),
            )
            return self._response(response.json())

        @llm_chat_callback()
        def stream_chat(self, messages: Any, **kwargs: Any) -> Any:
            if self._client is None:
                self._client = httpx2.Client()
            body = self._body(messages, True, kwargs)

            def gen() -> Iterator[ChatResponse]:
                text = ""
                with self._client.stream(
                    "POST", self.wire.url(self.base_url), json=body, headers=self.wire.headers()
                ) as response:
                    for delta, tokens in self.wire.events(response.iter_lines()):
                        if delta is not None:
                            text += delta
                            yield ChatResponse(
                                message=ChatMessage(role="assistant", content=text), delta=delta
                            )
                        else:
                            yield ChatResponse(
                                message=ChatMessage(role="assistant", content=text),
                                delta="",
                                additional_kwargs={"completion_tokens": tokens},
                            )

            return gen()

        @llm_chat_callback()
        async def achat(self, messages: Any, **kwargs: Any) -> ChatResponse:
            response = await self._aclient.post(
                self.wire.url(self.base_url),
                json=self._body(messages, False, kwargs),
                headers=self.wire.headers(),
            )
            return self._response(response.json())

        def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
            raise NotImplementedError

        def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
            raise NotImplementedError

        async def acomplete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
            raise NotImplementedError

        async def astream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> Any:
            raise NotImplementedError

        async def astream_chat(self, messages: Any, **kwargs: Any) -> Any:
            raise NotImplementedError

    return ThinLLM


def _make(cls: Any, base_url: str, wire: str) -> Any:
    return cls(base_url=base_url, wire_name=wire, max_tokens=PER_CALL_TOKENS if wire == "anthropic" else None)


@contextlib.contextmanager
def _closing(model: Any) -> Iterator[Any]:
    try:
        yield model
    finally:
        if model._client is not None:
            model._client.close()


@contextlib.contextmanager
def lc_limit_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    with _closing(_make(_thin_chat_class(), base_url, wire)) as llm:
        yield lc_invoke(llm)


@contextlib.contextmanager
def lc_limit_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    with _closing(_make(_thin_chat_class(), base_url, wire)) as llm:
        yield lc_stream(llm, n)


@contextlib.asynccontextmanager
async def lc_limit_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """One ``httpx2.AsyncClient()`` (default limits, like the floor) per round."""
    import httpx2

    llm = _make(_thin_chat_class(), base_url, wire)
    async with httpx2.AsyncClient() as client:
        llm._aclient = client
        yield lambda: lc_ainvoke(llm)


@contextlib.contextmanager
def li_limit_per_call(base_url: str, wire: str) -> Iterator[SyncCall]:
    with _closing(_make(_thin_llm_class(), base_url, wire)) as llm:
        yield li_chat(llm)


@contextlib.contextmanager
def li_limit_stream(base_url: str, wire: str, n: int) -> Iterator[SyncCall]:
    with _closing(_make(_thin_llm_class(), base_url, wire)) as llm:
        yield li_stream(llm, n)


@contextlib.asynccontextmanager
async def li_limit_aio(base_url: str, wire: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    import httpx2

    llm = _make(_thin_llm_class(), base_url, wire)
    messages = li_messages()
    async with httpx2.AsyncClient() as client:
        llm._aclient = client
        yield lambda: li_achat(llm, messages)
