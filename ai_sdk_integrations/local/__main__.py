"""``python -m ai_sdk_integrations.local serve|path``.

``serve`` keeps a server in the foreground for notebooks, demos and re-recording
cassettes from another shell; ``path`` helps when pointing other tools at the GGUF.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from types import FrameType

from ai_sdk_integrations.local import (
    CHAT_MODEL,
    DEFAULT_HOST,
    DEFAULT_PORT,
    EMBEDDING_MODEL,
    LocalServer,
    LocalServerError,
    find_model_file,
)


def _raise_interrupt(_signum: int, _frame: FrameType | None) -> None:
    """Turn SIGTERM (and an inherited ignored SIGINT) into Ctrl-C's clean shutdown."""
    raise KeyboardInterrupt


def serve(args: argparse.Namespace) -> int:
    server = LocalServer(
        args.host,
        args.port,
        n_ctx=args.n_ctx,
        n_threads=args.n_threads,
        log_file=args.log_file,
    )
    # SIGINT explicitly too: a shell starting us in the background ignores it.
    signal.signal(signal.SIGINT, _raise_interrupt)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        print(f"starting local model server on {server.base_url} ...", flush=True)
        server.start()
        print(f"base URL:        {server.base_url}", flush=True)
        print(f"chat model:      {CHAT_MODEL}", flush=True)
        print(f"embedding model: {EMBEDDING_MODEL}", flush=True)
        print("press Ctrl-C to stop", flush=True)
        while server.is_running():
            time.sleep(0.5)
        print(f"server exited unexpectedly; {server.log_tail()}", file=sys.stderr)
        return 1
    except LocalServerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stopping ...", flush=True)
        return 0
    finally:
        server.stop()


def path(_args: argparse.Namespace) -> int:
    try:
        print(find_model_file())
    except LocalServerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m ai_sdk_integrations.local",
        description="Local OpenAI-compatible server for SmolLM2 (chat + embeddings).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve_parser = commands.add_parser("serve", help="run the server in the foreground")
    serve_parser.add_argument("--host", default=DEFAULT_HOST)
    serve_parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    serve_parser.add_argument("--n-ctx", type=int, default=2048)
    serve_parser.add_argument("--n-threads", type=int, default=1)
    serve_parser.add_argument("--log-file", default=None, help="keep the server log here")
    serve_parser.set_defaults(handler=serve)
    path_parser = commands.add_parser("path", help="print the model file path")
    path_parser.set_defaults(handler=path)
    args = parser.parse_args(argv)
    result: int = args.handler(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
