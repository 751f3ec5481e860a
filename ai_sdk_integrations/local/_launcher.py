"""Subprocess entry point: llama-cpp-python's server with mean-pooled embeddings.

llama_cpp.server has no pooling option, and for SmolLM2's GGUF it would return one
vector per *token* from ``/v1/embeddings``.  Forcing mean pooling on every model
loaded with ``embedding=True`` makes it return one vector per input, as OpenAI does.
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
    exit_with_parent()
    server_main()  # type: ignore[no-untyped-call]
