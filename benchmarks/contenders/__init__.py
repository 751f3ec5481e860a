"""Every row the benchmark measures: who it is, which wire and virtualenv, and where its code is.

Why a registry of names (not of functions): the orchestrator (``run.py``) and
the per-venv workers (``worker.py``) both read it, and each contender's code
imports its library only inside its own factories, so this module (and the
worker) start in any of the benchmark's virtualenvs. A contender's module
defines, for its ``key``, up to three factories:

* ``<key>_per_call(base_url, wire)`` - a context manager yielding a zero-argument
  call that returns the answer's text (``per-call``; also the ``rss`` warm-up);
* ``<key>_stream(base_url, wire, n)`` - the same for one ``n``-chunk stream,
  checking itself that ``n`` text chunks and the usage arrived;
* ``<key>_aio(base_url, wire, concurrency)`` - an async context manager yielding a
  zero-argument coroutine function (``async``); entered once per round, on that
  round's event loop.

A scenario whose factory is missing is shown as "n/a" for that row. To add a
contender: write its factories, add one ``Contender`` below, and, if it is a
new library, its virtualenv in ``venvs.py``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Contender:
    name: str
    wire: str  # "openai" or "anthropic": which fake server it talks to
    venv: str  # a key of venvs.all_venvs()
    module: str  # under contenders/
    key: str
    kind: str  # "floor" | "ref" | "ours" | "limit" | "peer"
    group: str  # "core" | "langchain" | "llama_index" | "peers": for --only
    import_stmt: str | None = None
    replaces: str | None = None  # the peer row this one replaces: ratio column and goals
    framework: str | None = None  # the framework's own import row: "adds over framework"

    @property
    def id(self) -> str:
        return f"{self.wire}/{self.name}"


LC_CORE = "from langchain_core.language_models import BaseChatModel"
LI_CORE = "import llama_index.core.llms"
_LC = "langchain_core (framework)"
_LI = "llama_index.core.llms (framework)"


def _ours_import(provider: str) -> str:
    # Making the model imports the provider's codec; httpx2 itself loads on the first request.
    return (
        f"import ai_sdk_integrations as m; m.generate_text; m.language_model('{provider}:bench', api_key='x')"
    )


def _wire_rows(wire: str) -> list[Contender]:
    peers = (
        {"sdk": "openai SDK", "lc": "ChatOpenAI", "li": "OpenAILike"}
        if wire == "openai"
        else {"sdk": "anthropic SDK", "lc": "ChatAnthropic", "li": None}
    )
    rows = [
        Contender("floor: httpx2", wire, "core", "floors", "httpx2", "floor", "core", "import httpx2"),
        Contender("floor: httpx", wire, "core", "floors", "httpx", "ref", "core", "import httpx"),
        Contender(
            "ref: httpx2 keep-alive=concurrency", wire, "core", "floors", "httpx2_keepalive", "ref", "core"
        ),
        Contender(
            f"{wire}: plain functions",
            wire,
            "core",
            "ours",
            "functions",
            "ours",
            "core",
            _ours_import(wire),
            replaces=peers["sdk"],
        ),
        Contender(
            "ChatAISDK",
            wire,
            "core",
            "ours",
            "chat_aisdk",
            "ours",
            "langchain",
            "from ai_sdk_integrations.langchain import ChatAISDK",
            replaces=peers["lc"],
            framework=_LC,
        ),
        Contender(
            "AISDK",
            wire,
            "core",
            "ours",
            "aisdk",
            "ours",
            "llama_index",
            "from ai_sdk_integrations.llama_index import AISDK",
            replaces=peers["li"],
            framework=_LI,
        ),
        Contender(
            "limit: LangChain BaseChatModel over httpx2",
            wire,
            "core",
            "limits",
            "lc_limit",
            "limit",
            "langchain",
            f"{LC_CORE}; import httpx2",
            framework=_LC,
        ),
        Contender(
            "limit: LlamaIndex LLM over httpx2",
            wire,
            "core",
            "limits",
            "li_limit",
            "limit",
            "llama_index",
            f"{LI_CORE}; import httpx2",
            framework=_LI,
        ),
    ]
    if wire == "openai":
        rows += [
            Contender(
                "openai SDK", wire, "openai", "peers_openai", "openai_sdk", "peer", "peers", "import openai"
            ),
            Contender(
                "ChatOpenAI",
                wire,
                "langchain-openai",
                "peers_openai",
                "chat_openai",
                "peer",
                "langchain",
                "from langchain_openai import ChatOpenAI",
                framework=_LC,
            ),
            Contender(
                "OpenAILike",
                wire,
                "llama-index-openai-like",
                "peers_openai",
                "openai_like",
                "peer",
                "llama_index",
                "from llama_index.llms.openai_like import OpenAILike",
                framework=_LI,
            ),
        ]
    else:
        rows += [
            Contender(
                "anthropic SDK",
                wire,
                "anthropic",
                "peers_anthropic",
                "anthropic_sdk",
                "peer",
                "peers",
                "import anthropic",
            ),
            Contender(
                "ChatAnthropic",
                wire,
                "langchain-anthropic",
                "peers_anthropic",
                "chat_anthropic",
                "peer",
                "langchain",
                "from langchain_anthropic import ChatAnthropic",
                framework=_LC,
            ),
        ]
    rows.append(
        Contender("LiteLLM", wire, "litellm", "peers_litellm", "litellm", "peer", "peers", "import litellm")
    )
    return rows


# The framework baselines exist only as import rows (their factories are absent).
FRAMEWORKS = [
    Contender(_LC, "openai", "core", "floors", "none", "ref", "langchain", LC_CORE),
    Contender(_LI, "openai", "core", "floors", "none", "ref", "llama_index", LI_CORE),
]

CONTENDERS: list[Contender] = _wire_rows("openai") + _wire_rows("anthropic")
BY_ID: dict[str, Contender] = {c.id: c for c in CONTENDERS + FRAMEWORKS}
