"""Benchmark ``ai_sdk_integrations`` against a raw-HTTP floor on a loopback fake server.

Why: the package wraps ``httpx2``; its cost is only worth paying if it stays
close to what a hand-written ``httpx2`` call does. Every scenario therefore has
a *floor* (the first entry of its contender table, raw ``httpx2``) and reports
each contender's median as a ratio to that floor.

Scenarios (``--only`` names):

* ``import``   - wall time of a fresh ``python -c "import X"`` minus ``python -c pass``.
* ``per-call`` - sequential non-streaming chat calls, microseconds per call.
* ``stream``   - one 2,000-chunk SSE stream consumed delta by delta, ms per stream.
* ``async``    - 640 requests at concurrency 64 on one event loop, requests/s.

Each table also carries the LangChain adapter ``ChatAISDK`` beside its peer
``ChatOpenAI`` (group ``langchain``), and the LlamaIndex adapter ``AISDK``
beside its peer ``OpenAILike`` (group ``llama_index``). Those rows get a second
yardstick (``REFS``): the ratio to the peer, or in ``import`` the ms added over
the framework's own import (``from langchain_core.language_models import
BaseChatModel``, ``import llama_index.core.llms``).

Adding a contender is a one-line edit to the relevant table below
(``IMPORTS``, ``PER_CALL``, ``STREAM``, ``ASYNC``): map a row name to a
factory. A factory whose imports fail (package not installed) becomes a
"skipped" row instead of an error.

Run: ``.venv/bin/python benchmarks/run.py [--quick] [--rounds N] [--only S|core|langchain|llama_index]
[--json PATH]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

# Run as a script, so benchmarks/ is sys.path[0].
from fake_openai_server import WORDS, running_server

REPO = Path(__file__).resolve().parent.parent

MODEL_ID = "bench"
PROMPT = "hi"
PER_CALL_TOKENS = 20  # the server's default when the client sends no max tokens

T = TypeVar("T")
SyncCall = Callable[[], str]
AsyncCall = Callable[[], Awaitable[str]]
SyncFactory = Callable[[str], AbstractContextManager[SyncCall]]
StreamFactory = Callable[[str, int], AbstractContextManager[SyncCall]]
AsyncFactory = Callable[[str, int], AbstractAsyncContextManager[AsyncCall]]


def expected_text(n: int) -> str:
    """What the fake server answers for ``n`` tokens; used to check contenders do the same work."""
    return "".join(WORDS[i % len(WORDS)] for i in range(n))


def chat_body(max_tokens: int | None = None, stream: bool = False) -> dict[str, Any]:
    """The request a floor sends: the minimum an OpenAI-compatible call needs."""
    body: dict[str, Any] = {
        "model": MODEL_ID,
        "messages": [{"role": "user", "content": PROMPT}],
    }
    if max_tokens is not None:
        body["max_tokens"] = max_tokens
    if stream:
        body["stream"] = True
    return body


# --------------------------------------------------------------------------- floors


@contextlib.contextmanager
def floor_per_call(base_url: str) -> Iterator[SyncCall]:
    """Raw ``httpx2.Client.post(...).json()``: the least work a sync call can do."""
    import httpx2

    url = base_url + "/chat/completions"
    body = chat_body()
    with httpx2.Client() as client:

        def call() -> str:
            content: str = client.post(url, json=body).json()["choices"][0]["message"]["content"]
            return content

        yield call


@contextlib.contextmanager
def floor_stream(base_url: str, n: int) -> Iterator[SyncCall]:
    """Raw ``httpx2`` stream + ``iter_lines`` + ``json.loads`` per ``data:`` line."""
    import httpx2

    url = base_url + "/chat/completions"
    body = chat_body(max_tokens=n, stream=True)
    loads = json.loads
    with httpx2.Client() as client:

        def call() -> str:
            parts: list[str] = []
            with client.stream("POST", url, json=body) as response:
                for line in response.iter_lines():
                    if not line.startswith("data: "):
                        continue
                    data = line[6:]
                    if data == "[DONE]":
                        break
                    choices = loads(data)["choices"]
                    if choices:
                        content = choices[0]["delta"].get("content")
                        if content:
                            parts.append(content)
            return "".join(parts)

        yield call


async def _post_content(client: Any, url: str, body: dict[str, Any]) -> str:
    response = await client.post(url, json=body)
    content: str = response.json()["choices"][0]["message"]["content"]
    return content


@contextlib.asynccontextmanager
async def floor_async(base_url: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """Raw ``httpx2.AsyncClient()`` with default limits, as a user would write it.

    The package does not take pool limits from callers, so the fair floor is
    the client as shipped; ``ref_async_keepalive`` shows the tuned variant.
    """
    import httpx2

    url = base_url + "/chat/completions"
    body = chat_body()
    async with httpx2.AsyncClient() as client:
        yield lambda: _post_content(client, url, body)


@contextlib.asynccontextmanager
async def ref_async_keepalive(base_url: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """Reference row: keep-alive pool sized to the concurrency (no connection churn)."""
    import httpx2

    url = base_url + "/chat/completions"
    body = chat_body()
    limits = httpx2.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx2.AsyncClient(limits=limits) as client:
        yield lambda: _post_content(client, url, body)


# --------------------------------------------------------------------------- ai_sdk_integrations


def _sdk_model(base_url: str) -> Any:
    from ai_sdk_integrations import language_model

    return language_model(f"openai-compatible:{MODEL_ID}", base_url=base_url)


def _close_quietly(obj: Any) -> None:
    """Close a model's client if the package exposes a way; the benchmark must not leak sockets."""
    closer = getattr(obj, "close", None)
    if callable(closer):
        with contextlib.suppress(Exception):
            closer()


@contextlib.contextmanager
def sdk_per_call(base_url: str) -> Iterator[SyncCall]:
    """``generate_text(...).text``: the package's plain sync entry point."""
    from ai_sdk_integrations import generate_text

    model = _sdk_model(base_url)

    def call() -> str:
        text: str = generate_text(model=model, prompt=PROMPT, max_retries=0).text
        return text

    try:
        yield call
    finally:
        _close_quietly(model)


@contextlib.contextmanager
def sdk_stream(base_url: str, n: int) -> Iterator[SyncCall]:
    """``stream_text(...).text_stream``: deltas as the user iterates them."""
    from ai_sdk_integrations import stream_text

    model = _sdk_model(base_url)

    def call() -> str:
        parts: list[str] = []
        result = stream_text(model=model, prompt=PROMPT, max_output_tokens=n)
        for delta in result.text_stream:  # touch each delta, as a UI would
            parts.append(delta)
        return "".join(parts)

    try:
        yield call
    finally:
        _close_quietly(model)


@contextlib.asynccontextmanager
async def sdk_async(base_url: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """``await agenerate_text(...)`` sharing one model (and so one pool) across tasks."""
    from ai_sdk_integrations import agenerate_text

    model = _sdk_model(base_url)

    async def call() -> str:
        result = await agenerate_text(model=model, prompt=PROMPT, max_retries=0)
        text: str = result.text
        return text

    try:
        yield call
    finally:
        aclose = getattr(model, "aclose", None)
        if callable(aclose):
            with contextlib.suppress(Exception):
                await aclose()


# --------------------------------------------------------------------------- LangChain adapters
# Ours (``ChatAISDK``) against the peer it replaces (``ChatOpenAI``), both on the
# same fake server with retries off and usage in streams on. The floor ratio says
# what LangChain costs over raw HTTP; the peer ratio (``REFS``) is the goal.


def _chat_aisdk(base_url: str) -> Any:
    from ai_sdk_integrations.langchain import ChatAISDK

    return ChatAISDK(
        model=f"openai-compatible:{MODEL_ID}", base_url=base_url, max_retries=0, stream_usage=True
    )


def _chat_openai(base_url: str, **kwargs: Any) -> Any:
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(
        base_url=base_url,
        api_key=SecretStr("x"),  # what api_key="x" becomes; spelled out for mypy
        model=MODEL_ID,
        max_retries=0,
        stream_usage=True,
        **kwargs,
    )


def _invoke_call(llm: Any) -> SyncCall:
    def call() -> str:
        content: str = llm.invoke(PROMPT).content
        return content

    return call


def _stream_call(llm: Any, n: int) -> SyncCall:
    """``for chunk in llm.stream(...)``, checking that ``n`` text chunks and the usage arrived.

    The text check in the runner cannot tell one 2,000-token chunk from 2,000
    chunks; this can, and it costs both contenders the same few attribute reads.
    """

    def call() -> str:
        parts: list[str] = []
        usage = None
        for chunk in llm.stream(PROMPT, max_tokens=n):
            if chunk.content:
                parts.append(chunk.content)
            if chunk.usage_metadata:
                usage = chunk.usage_metadata
        if len(parts) != n or not usage or usage["output_tokens"] != n:
            raise AssertionError(f"{type(llm).__name__}: {len(parts)} text chunks, usage {usage}; want {n}")
        return "".join(parts)

    return call


@contextlib.contextmanager
def lc_ours_per_call(base_url: str) -> Iterator[SyncCall]:
    """``ChatAISDK(...).invoke("hi").content``."""
    yield _invoke_call(_chat_aisdk(base_url))


@contextlib.contextmanager
def lc_peer_per_call(base_url: str) -> Iterator[SyncCall]:
    """``ChatOpenAI(...).invoke("hi").content`` (its default, process-wide cached client)."""
    yield _invoke_call(_chat_openai(base_url))


@contextlib.contextmanager
def lc_ours_stream(base_url: str, n: int) -> Iterator[SyncCall]:
    yield _stream_call(_chat_aisdk(base_url), n)


@contextlib.contextmanager
def lc_peer_stream(base_url: str, n: int) -> Iterator[SyncCall]:
    yield _stream_call(_chat_openai(base_url), n)


async def _ainvoke_content(llm: Any) -> str:
    content: str = (await llm.ainvoke(PROMPT)).content
    return content


@contextlib.asynccontextmanager
async def lc_ours_async(base_url: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """``await ChatAISDK(...).ainvoke("hi")``; the package keeps one pool per event loop."""
    llm = _chat_aisdk(base_url)
    yield lambda: _ainvoke_content(llm)


@contextlib.asynccontextmanager
async def lc_peer_async(base_url: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """``await ChatOpenAI(...).ainvoke("hi")`` with a fresh ``openai.DefaultAsyncHttpxClient``.

    langchain-openai caches its default async client per process, bound to the
    first event loop, and each round here runs its own loop ("Event loop is
    closed" on round two). openai's default client has the same pool limits
    (1000 connections, 100 keep-alive) minus langchain-openai's TCP socket options.
    """
    import openai

    http_client = openai.DefaultAsyncHttpxClient()
    try:
        llm = _chat_openai(base_url, http_async_client=http_client)
        yield lambda: _ainvoke_content(llm)
    finally:
        await http_client.aclose()


# --------------------------------------------------------------------------- LlamaIndex adapters
# Ours (``AISDK``) against the peer it replaces (``OpenAILike``), both on the same
# fake server with retries off and usage in streams on.


def _li_aisdk(base_url: str) -> Any:
    from ai_sdk_integrations.llama_index import AISDK

    return AISDK(model=f"openai-compatible:{MODEL_ID}", base_url=base_url, max_retries=0)


def _li_openai_like(base_url: str, **kwargs: Any) -> Any:
    from llama_index.llms.openai_like import OpenAILike  # type: ignore[import-untyped]

    return OpenAILike(
        model=MODEL_ID, api_base=base_url, api_key="x", is_chat_model=True, max_retries=0, **kwargs
    )


def _li_messages() -> list[Any]:
    from llama_index.core.llms import ChatMessage

    return [ChatMessage(role="user", content=PROMPT)]


def _li_chat_call(llm: Any) -> SyncCall:
    messages = _li_messages()

    def call() -> str:
        content: str = llm.chat(messages).message.content
        return content

    return call


def _li_stream_call(llm: Any, n: int) -> SyncCall:
    """``for r in llm.stream_chat(...)``, checking ``n`` non-empty deltas and the usage arrived.

    Same reason as ``_stream_call``: the text check alone cannot tell one big
    delta from ``n`` small ones. Both LLMs put OpenAI-shaped token counts in the
    last response's ``additional_kwargs``.
    """
    messages = _li_messages()

    def call() -> str:
        parts: list[str] = []
        last = None
        for response in llm.stream_chat(messages, max_tokens=n):
            if response.delta:
                parts.append(response.delta)
            last = response
        usage = last.additional_kwargs.get("completion_tokens") if last is not None else None
        if len(parts) != n or usage != n:
            raise AssertionError(
                f"{type(llm).__name__}: {len(parts)} deltas, {usage} completion tokens; want {n}"
            )
        return "".join(parts)

    return call


@contextlib.contextmanager
def li_ours_per_call(base_url: str) -> Iterator[SyncCall]:
    """``AISDK(...).chat([ChatMessage(...)]).message.content``."""
    llm = _li_aisdk(base_url)
    try:
        yield _li_chat_call(llm)
    finally:
        _close_quietly(llm.language_model())


@contextlib.contextmanager
def li_peer_per_call(base_url: str) -> Iterator[SyncCall]:
    """``OpenAILike(...).chat([ChatMessage(...)]).message.content`` (one reused ``openai`` client)."""
    llm = _li_openai_like(base_url)
    try:
        yield _li_chat_call(llm)
    finally:
        _close_quietly(llm._get_client())


@contextlib.contextmanager
def li_ours_stream(base_url: str, n: int) -> Iterator[SyncCall]:
    llm = _li_aisdk(base_url)
    try:
        yield _li_stream_call(llm, n)
    finally:
        _close_quietly(llm.language_model())


@contextlib.contextmanager
def li_peer_stream(base_url: str, n: int) -> Iterator[SyncCall]:
    """``stream_options`` asks for the usage chunk ``AISDK`` gets by default, so both parse it."""
    llm = _li_openai_like(base_url, additional_kwargs={"stream_options": {"include_usage": True}})
    try:
        yield _li_stream_call(llm, n)
    finally:
        _close_quietly(llm._get_client())


async def _achat_content(llm: Any, messages: list[Any]) -> str:
    content: str = (await llm.achat(messages)).message.content
    return content


@contextlib.asynccontextmanager
async def li_ours_async(base_url: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """``await AISDK(...).achat([...])``, a fresh LLM (and so pool) per round."""
    llm = _li_aisdk(base_url)
    messages = _li_messages()
    try:
        yield lambda: _achat_content(llm, messages)
    finally:
        aclose = getattr(llm.language_model(), "aclose", None)
        if callable(aclose):
            with contextlib.suppress(Exception):
                await aclose()


@contextlib.asynccontextmanager
async def li_peer_async(base_url: str, concurrency: int) -> AsyncIterator[AsyncCall]:
    """``await OpenAILike(...).achat([...])``; a fresh LLM per round builds a fresh ``AsyncOpenAI``
    (default limits: 1000 connections, 100 keep-alive) on that round's event loop."""
    llm = _li_openai_like(base_url)
    messages = _li_messages()
    try:
        yield lambda: _achat_content(llm, messages)
    finally:
        with contextlib.suppress(Exception):
            await llm._get_aclient().close()


# --------------------------------------------------------------------------- contender tables
# The FIRST entry of each table is the floor the others are divided by.

# Statements, not just module names: touching the entry points also counts any
# lazy (module ``__getattr__``) imports the package defers to first use.
IMPORTS: dict[str, str] = {
    "floor: httpx2": "import httpx2",
    "ai_sdk_integrations": "import ai_sdk_integrations as m; m.generate_text",
    "langchain_core BaseChatModel": "from langchain_core.language_models import BaseChatModel",
    "ChatAISDK": "from ai_sdk_integrations.langchain import ChatAISDK",
    "langchain_openai ChatOpenAI": "from langchain_openai import ChatOpenAI",
    "llama_index.core.llms": "import llama_index.core.llms",
    "AISDK": "from ai_sdk_integrations.llama_index import AISDK",
    "OpenAILike": "from llama_index.llms.openai_like import OpenAILike",
}

PER_CALL: dict[str, SyncFactory] = {
    "floor: httpx2.Client.post().json()": floor_per_call,
    "ai_sdk_integrations.generate_text": sdk_per_call,
    "ChatOpenAI.invoke": lc_peer_per_call,
    "ChatAISDK.invoke": lc_ours_per_call,
    "OpenAILike.chat": li_peer_per_call,
    "AISDK.chat": li_ours_per_call,
}

STREAM: dict[str, StreamFactory] = {
    "floor: httpx2 stream+iter_lines+json.loads": floor_stream,
    "ai_sdk_integrations.stream_text": sdk_stream,
    "ChatOpenAI.stream": lc_peer_stream,
    "ChatAISDK.stream": lc_ours_stream,
    "OpenAILike.stream_chat": li_peer_stream,
    "AISDK.stream_chat": li_ours_stream,
}

ASYNC: dict[str, AsyncFactory] = {
    "floor: httpx2.AsyncClient()": floor_async,
    "ref: httpx2.AsyncClient (keep-alive=concurrency)": ref_async_keepalive,
    "ai_sdk_integrations.agenerate_text": sdk_async,
    "ChatOpenAI.ainvoke": lc_peer_async,
    "ChatAISDK.ainvoke": lc_ours_async,
    "OpenAILike.achat": li_peer_async,
    "AISDK.achat": li_ours_async,
}

# Row groups for ``--only``; a row in no group is "core". Floors always run.
GROUPS: dict[str, set[str]] = {
    "langchain": {
        "langchain_core BaseChatModel",
        "ChatAISDK",
        "langchain_openai ChatOpenAI",
        "ChatOpenAI.invoke",
        "ChatAISDK.invoke",
        "ChatOpenAI.stream",
        "ChatAISDK.stream",
        "ChatOpenAI.ainvoke",
        "ChatAISDK.ainvoke",
    },
    "llama_index": {
        "llama_index.core.llms",
        "AISDK",
        "OpenAILike",
        "OpenAILike.chat",
        "AISDK.chat",
        "OpenAILike.stream_chat",
        "AISDK.stream_chat",
        "OpenAILike.achat",
        "AISDK.achat",
    },
}

# A second yardstick besides the floor: (scenario, contender) -> reference row.
# In ``import`` it is a baseline and the column shows the ms added over it; elsewhere
# it is a peer and the column shows the ratio to it.
REFS: dict[tuple[str, str], str] = {
    ("import", "ChatAISDK"): "langchain_core BaseChatModel",
    ("import", "langchain_openai ChatOpenAI"): "langchain_core BaseChatModel",
    ("per-call", "ChatAISDK.invoke"): "ChatOpenAI.invoke",
    ("stream", "ChatAISDK.stream"): "ChatOpenAI.stream",
    ("async", "ChatAISDK.ainvoke"): "ChatOpenAI.ainvoke",
    ("import", "AISDK"): "llama_index.core.llms",
    ("import", "OpenAILike"): "llama_index.core.llms",
    ("per-call", "AISDK.chat"): "OpenAILike.chat",
    ("stream", "AISDK.stream_chat"): "OpenAILike.stream_chat",
    ("async", "AISDK.achat"): "OpenAILike.achat",
}


@dataclass(frozen=True)
class Goal:
    """``bound`` on the ratio to the floor, or (``vs_ref``) on the ``REFS`` column.

    Time scenarios must stay at or under the bound; throughput must reach at
    least it. For ``import`` with ``vs_ref`` the bound is in ms added.
    """

    bound: float
    vs_ref: bool = False


GOALS: dict[tuple[str, str], Goal] = {
    ("per-call", "ai_sdk_integrations.generate_text"): Goal(1.3),
    ("stream", "ai_sdk_integrations.stream_text"): Goal(1.5),
    ("async", "ai_sdk_integrations.agenerate_text"): Goal(0.9),
    ("import", "ChatAISDK"): Goal(80, vs_ref=True),
    ("per-call", "ChatAISDK.invoke"): Goal(1.0, vs_ref=True),
    ("stream", "ChatAISDK.stream"): Goal(0.5, vs_ref=True),
    ("import", "AISDK"): Goal(80, vs_ref=True),
    ("stream", "AISDK.stream_chat"): Goal(0.5, vs_ref=True),
}


def group_of(contender: str) -> str:
    return next((g for g, names in GROUPS.items() if contender in names), "core")


def select(table: dict[str, T], groups: set[str] | None) -> dict[str, T]:
    """The floor (first entry) plus the rows in ``groups`` (all rows if ``None``)."""
    items = list(table.items())
    return dict(items[:1] + [(k, v) for k, v in items[1:] if groups is None or group_of(k) in groups])


# --------------------------------------------------------------------------- measurement


@dataclass
class Row:
    """One table row; ``samples`` holds the per-round values the median is taken over."""

    scenario: str
    contender: str
    unit: str
    higher_is_better: bool = False
    samples: list[float] = field(default_factory=list)
    note: str = ""
    median: float | None = None
    ratio: float | None = None
    ref: str | None = None
    vs_ref: float | None = None  # ratio to ``ref``; in ``import``, ms added over it
    goal: Goal | None = None
    goal_met: bool | None = None


@dataclass
class Config:
    rounds: int
    import_runs: int
    calls: int
    stream_chunks: int
    streams_per_round: int
    requests: int
    concurrency: int


def _skip_note(exc: BaseException) -> str:
    if isinstance(exc, ImportError):
        return f"skipped: {exc}"
    traceback.print_exception(exc, file=sys.stderr)
    return f"error: {type(exc).__name__}: {exc}"


def _check(scenario: str, name: str, got: str, want: str) -> None:
    """Fail loudly if a contender did different work from the floor."""
    if got != want:
        raise AssertionError(f"{scenario}/{name}: got {len(got)} chars, expected {len(want)}: {got[:60]!r}")


def _round_orders(table: dict[str, T], rounds: int) -> Iterator[list[tuple[str, T]]]:
    """Every contender runs once per round, in reversed order on odd rounds.

    Interleaving spreads machine-load drift over all rows; reversing cancels
    any advantage of running first (or right after the floor) in a round.
    """
    items = list(table.items())
    for i in range(rounds):
        yield items if i % 2 == 0 else items[::-1]


def _subprocess_env() -> dict[str, str]:
    """Environment for import timing: the working tree first, and bytecode caching on.

    Users import from cached ``.pyc`` files, so compiling on every run (as
    ``PYTHONDONTWRITEBYTECODE=1`` would force) measures the wrong thing. The
    cache goes to a temp dir so the repo and the venv stay untouched.
    """
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "ai_sdk_bench_pycache")
    return env


def _time_python(code: str, env: dict[str, str]) -> float:
    """Wall seconds for a fresh interpreter to run ``code``; raises with its stderr tail."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        raise RuntimeError(tail)
    return elapsed


def bench_import(cfg: Config, table: dict[str, str] = IMPORTS) -> list[Row]:
    """Fresh-interpreter import cost in ms: the statement minus an empty interpreter.

    Runs are interleaved with the baseline so machine load drifts affect both.
    """
    env = _subprocess_env()
    rows = {name: Row("import", name, "ms") for name in table}
    for name, statement in table.items():  # warm-up also writes .pyc files
        try:
            _time_python(statement, env)
        except RuntimeError as exc:
            rows[name].note = f"skipped: `{statement}` failed: {exc}"
    for _ in range(cfg.import_runs):
        base = _time_python("pass", env)
        for name, statement in table.items():
            if not rows[name].note:
                elapsed = _time_python(statement, env) - base
                rows[name].samples.append(max(0.0, elapsed) * 1e3)
    return list(rows.values())


def bench_per_call(base_url: str, cfg: Config, table: dict[str, SyncFactory] = PER_CALL) -> list[Row]:
    """Microseconds per sequential non-streaming call, after a warm-up that opens the connection."""
    rows = {name: Row("per-call", name, "us/call") for name in table}
    want = expected_text(PER_CALL_TOKENS)
    with contextlib.ExitStack() as stack:
        calls: dict[str, SyncCall] = {}
        for name, factory in table.items():
            try:
                call = stack.enter_context(factory(base_url))
                for _ in range(max(5, cfg.calls // 10)):
                    _check("per-call", name, call(), want)
                calls[name] = call
            except Exception as exc:  # one bad row must not sink the table
                rows[name].note = _skip_note(exc)
        for order in _round_orders(calls, cfg.rounds):
            for name, call in order:
                gc.collect()
                start = time.perf_counter()
                for _ in range(cfg.calls):
                    call()
                rows[name].samples.append((time.perf_counter() - start) / cfg.calls * 1e6)
    return list(rows.values())


def bench_stream(base_url: str, cfg: Config, table: dict[str, StreamFactory] = STREAM) -> list[Row]:
    """Milliseconds to consume one ``stream_chunks``-token stream delta by delta."""
    rows = {name: Row("stream", name, "ms/stream") for name in table}
    want = expected_text(cfg.stream_chunks)
    with contextlib.ExitStack() as stack:
        calls: dict[str, SyncCall] = {}
        for name, factory in table.items():
            try:
                call = stack.enter_context(factory(base_url, cfg.stream_chunks))
                _check("stream", name, call(), want)
                calls[name] = call
            except Exception as exc:  # one bad row must not sink the table
                rows[name].note = _skip_note(exc)
        for order in _round_orders(calls, cfg.rounds):
            for name, call in order:
                gc.collect()
                start = time.perf_counter()
                for _ in range(cfg.streams_per_round):
                    call()
                rows[name].samples.append((time.perf_counter() - start) / cfg.streams_per_round * 1e3)
    return list(rows.values())


async def _async_round(factory: AsyncFactory, base_url: str, cfg: Config, name: str) -> float:
    """One round: fresh client, warm every connection, then time ``requests`` at ``concurrency``."""
    want = expected_text(PER_CALL_TOKENS)
    async with factory(base_url, cfg.concurrency) as call:
        warm = await asyncio.gather(*(call() for _ in range(cfg.concurrency)))
        _check("async", name, warm[0], want)
        remaining = cfg.requests

        async def worker() -> None:
            nonlocal remaining
            while remaining > 0:
                remaining -= 1
                await call()

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(cfg.concurrency)))
        return cfg.requests / (time.perf_counter() - start)


def bench_async(base_url: str, cfg: Config, table: dict[str, AsyncFactory] = ASYNC) -> list[Row]:
    """Requests per second for ``requests`` calls spread over ``concurrency`` tasks."""
    rows = {name: Row("async", name, "req/s", higher_is_better=True) for name in table}
    for order in _round_orders(table, cfg.rounds):
        for name, factory in order:
            if rows[name].note:
                continue
            gc.collect()
            try:
                rows[name].samples.append(asyncio.run(_async_round(factory, base_url, cfg, name)))
            except Exception as exc:  # one bad row must not sink the table
                rows[name].note = _skip_note(exc)
    return list(rows.values())


# --------------------------------------------------------------------------- reporting


def finalize(rows: list[Row]) -> None:
    """Fill medians, ratios to the scenario's floor (its first row), ``REFS`` columns and goals."""
    floor: dict[str, float | None] = {}
    by_name = {(row.scenario, row.contender): row for row in rows}
    for row in rows:
        if row.samples:
            row.median = statistics.median(row.samples)
        floor.setdefault(row.scenario, row.median)
        base = floor[row.scenario]
        if row.median is not None and base:
            row.ratio = row.median / base
    for row in rows:
        row.ref = REFS.get((row.scenario, row.contender))
        ref = by_name.get((row.scenario, row.ref)) if row.ref else None
        if ref is not None and ref.median and row.median is not None:
            if row.scenario == "import" and len(row.samples) == len(ref.samples):
                # Runs are paired (same interpreter launch order, same moment), so
                # the median of per-run differences resists load drift better.
                row.vs_ref = statistics.median(a - b for a, b in zip(row.samples, ref.samples, strict=True))
            elif row.scenario == "import":
                row.vs_ref = row.median - ref.median
            else:
                row.vs_ref = row.median / ref.median
        row.goal = GOALS.get((row.scenario, row.contender))
        if row.goal is not None:
            value = row.vs_ref if row.goal.vs_ref else row.ratio
            if value is not None:
                row.goal_met = value >= row.goal.bound if row.higher_is_better else value <= row.goal.bound


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    return f"{value:.2f}" if value >= 1 else f"{value:.3f}"


def _vs_ref_cell(row: Row) -> str:
    if row.vs_ref is None:
        return "-"
    if row.scenario == "import":
        return f"{row.vs_ref:+.0f} ms over {row.ref}"
    return f"{row.vs_ref:.2f}x {row.ref}"


def _goal_cell(row: Row) -> str:
    if row.goal is None:
        return "-"
    sign = ">=" if row.higher_is_better else "<="
    mark = {True: "met", False: "MISSED", None: "n/a"}[row.goal_met]
    if row.goal.vs_ref and row.scenario == "import":
        bound = f"+{row.goal.bound:g} ms"
    elif row.goal.vs_ref:
        bound = f"{row.goal.bound:.1f}x ref"
    else:
        bound = f"{row.goal.bound:.1f}x"
    return f"{sign}{bound} {mark}"


def render(rows: list[Row]) -> str:
    lines = [
        "| scenario | contender | median | ratio to floor | vs reference | spread | goal | note |",
        "|---|---|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        median = f"{_fmt(row.median)} {row.unit}" if row.median is not None else "-"
        ratio = f"{row.ratio:.2f}x" if row.ratio is not None else "-"
        spread = "-"
        if row.samples and row.median:
            spread = f"±{(max(row.samples) - min(row.samples)) / 2 / row.median:.0%}"
        vs_ref, goal = _vs_ref_cell(row), _goal_cell(row)
        cells = (row.scenario, row.contender, median, ratio, vs_ref, spread, goal, row.note)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


SCENARIOS = ("import", "per-call", "stream", "async")
ROW_GROUPS = ("core", *GROUPS)


def parse_args(argv: list[str] | None) -> tuple[argparse.Namespace, Config]:
    parser = argparse.ArgumentParser(
        description="ai_sdk_integrations vs raw httpx2 on a loopback fake server"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="tiny counts: a smoke test, not a measurement",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        help="rounds per scenario; the median is reported (default 7)",
    )
    parser.add_argument(
        "--only",
        action="append",
        choices=SCENARIOS + ROW_GROUPS,
        help="run only this scenario, or only this group of rows (plus floors); repeatable, "
        "e.g. --only langchain --only stream",
    )
    parser.add_argument("--json", type=Path, help="also write the rows (with all samples) to this file")
    parser.add_argument("--import-runs", type=int, help="fresh interpreters per import statement (default 7)")
    parser.add_argument("--calls", type=int, help="sequential calls per per-call round (default 300)")
    parser.add_argument("--stream-chunks", type=int, help="tokens per stream (default 2000)")
    parser.add_argument("--requests", type=int, help="async requests per round (default 640)")
    parser.add_argument("--concurrency", type=int, help="async concurrency (default 64)")
    args = parser.parse_args(argv)
    if args.quick:
        cfg = Config(
            rounds=2,
            import_runs=1,  # LangChain/LlamaIndex imports take 1-2 s each; --only core skips them
            calls=30,
            stream_chunks=200,
            streams_per_round=1,
            requests=128,
            concurrency=16,
        )
    else:
        cfg = Config(
            rounds=7,
            import_runs=7,
            calls=300,
            stream_chunks=2000,
            streams_per_round=3,
            requests=640,
            concurrency=64,
        )
    overrides = {
        "rounds": args.rounds,
        "import_runs": args.import_runs,
        "calls": args.calls,
        "stream_chunks": args.stream_chunks,
        "requests": args.requests,
        "concurrency": args.concurrency,
    }
    for key, value in overrides.items():
        if value is not None:
            setattr(cfg, key, value)
    return args, cfg


def _warn_if_tracing() -> None:
    """LangSmith tracing would time the tracer, not the chat models."""
    for var in ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING"):
        if os.environ.get(var, "").lower() in ("1", "true", "yes"):
            print(f"warning: {var} is set; LangChain rows will include tracing cost", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args, cfg = parse_args(argv)
    if str(REPO) not in sys.path:  # benchmark the working tree, installed or not
        sys.path.insert(0, str(REPO))
    only = args.only or []
    selected = [s for s in SCENARIOS if s in only] or list(SCENARIOS)
    groups = {g for g in ROW_GROUPS if g in only} or None
    _warn_if_tracing()
    rows: list[Row] = []
    started = time.perf_counter()
    if "import" in selected:
        rows += bench_import(cfg, select(IMPORTS, groups))
    network = [s for s in selected if s != "import"]
    if network:
        with running_server() as base_url:
            if "per-call" in network:
                rows += bench_per_call(base_url, cfg, select(PER_CALL, groups))
            if "stream" in network:
                rows += bench_stream(base_url, cfg, select(STREAM, groups))
            if "async" in network:
                rows += bench_async(base_url, cfg, select(ASYNC, groups))
    finalize(rows)
    print(render(rows))
    print(
        f"\nmedians of {cfg.rounds} rounds ({cfg.import_runs} import runs); per-call {cfg.calls} calls, "
        f"stream {cfg.stream_chunks} chunks x{cfg.streams_per_round}, async {cfg.requests} req @ "
        f"{cfg.concurrency}; {os.cpu_count()} CPUs; took {time.perf_counter() - started:.1f}s"
    )
    if args.json:
        payload = {
            "config": asdict(cfg),
            "python": sys.version,
            "rows": [asdict(r) for r in rows],
        }
        args.json.write_text(json.dumps(payload, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
