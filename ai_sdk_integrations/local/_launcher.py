"""Subprocess entry point: llama-cpp-python's server with mean-pooled embeddings and
prompts rendered as plain text.

llama_cpp.server has no pooling option, and for SmolLM2's GGUF it would return one
vector per *token* from ``/v1/embeddings``.  Forcing mean pooling on every model
loaded with ``embedding=True`` makes it return one vector per input, as OpenAI does.

Its ``chatml-function-calling`` chat format renders the prompt with a Jinja environment
that HTML-escapes (``autoescape=select_autoescape(["html", "xml"])``, which escapes
every template made from a string): the model read ``What&#39;s`` and tool schemas full
of ``&#34;``. A prompt is not HTML, so the launcher turns escaping off.
This module is run as ``python -m ai_sdk_integrations.local._launcher --config_file
FILE`` by :class:`ai_sdk_integrations.local.LocalServer`; it is never imported by the
package itself, so importing llama_cpp here costs nothing elsewhere.
"""

from __future__ import annotations

import functools
import os
import signal
import threading
import time
from typing import Any

import llama_cpp
from llama_cpp.server.__main__ import main as server_main

PARENT_PID_ENV = "AI_SDK_LOCAL_PARENT_PID"


def force_mean_pooling() -> None:
    """Patch ``Llama.__init__`` so embedding models pool to one vector per input."""
    original = llama_cpp.Llama.__init__

    @functools.wraps(original)
    def patched_init(self: llama_cpp.Llama, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("embedding"):
            kwargs.setdefault("pooling_type", llama_cpp.LLAMA_POOLING_TYPE_MEAN)
        original(self, *args, **kwargs)

    # setattr, not assignment: mypy rejects assigning to a method.
    setattr(llama_cpp.Llama, "__init__", patched_init)  # noqa: B010


def render_prompts_as_plain_text() -> None:
    """Make llama_cpp's chat formats render templates without HTML escaping."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment
    from llama_cpp import llama_chat_format

    class PlainTextEnvironment(ImmutableSandboxedEnvironment):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["autoescape"] = False
            super().__init__(*args, **kwargs)

    setattr(llama_chat_format, "ImmutableSandboxedEnvironment", PlainTextEnvironment)  # noqa: B010


def exit_with_parent() -> None:
    """Stop when the spawning process dies, so a killed test run frees the port.

    SIGTERM lets uvicorn shut down as if ``LocalServer.stop()`` had been called.
    """
    raw = os.environ.get(PARENT_PID_ENV)
    if not raw:
        return
    parent = int(raw)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


if __name__ == "__main__":
    force_mean_pooling()
    render_prompts_as_plain_text()
    exit_with_parent()
    server_main()  # type: ignore[no-untyped-call]
