"""The no-key demo: ``python -m ai_sdk_integrations.demo``.

By default it starts the package's local model server (SmolLM2-135M on the CPU, the
``local`` extra) and shows each plain function against it. Pass ``--model`` and
``--embedding-model`` (e.g. ``openai:gpt-4o-mini`` with OPENAI_API_KEY set) to run the
same steps against any other provider.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import sys
import time
from collections.abc import Iterator, Sequence
from typing import Any

from . import embed_many, generate_text, stream_text, tool
from ._demo_langchain import run_langchain
from ._demo_llama_index import run_llama_index
from .spec import JsonFormat

WEATHER = {
    "type": "object",
    "properties": {"city": {"type": "string", "description": "The city name"}},
    "required": ["city"],
}
PERSON = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
    "required": ["name", "age"],
}
DOCUMENTS = [
    "Paris is the capital of France.",
    "The Pacific is the largest ocean on Earth.",
    "Python is a programming language.",
]


def get_weather(arguments: dict[str, Any]) -> dict[str, Any]:
    """Get the current weather for a city."""
    return {"city": arguments.get("city"), "temperature_c": 18, "sky": "cloudy"}


@contextlib.contextmanager
def local_server_if_needed(model: str) -> Iterator[None]:
    if not model.startswith("local:"):
        yield
        return
    from .local import LocalServer, default_base_url

    url = default_base_url()
    if _answers(url):
        print(f"using the local model server already running at {url}")
        yield
        return
    print("starting the local model server (SmolLM2-135M on the CPU)...", flush=True)
    started = time.perf_counter()
    with LocalServer():
        print(f"  ready in {time.perf_counter() - started:.1f} s\n")
        yield


def _answers(base_url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(f"{base_url}/models", timeout=5):
            return True
    except OSError:
        return False


def heading(text: str) -> None:
    print(f"\n== {text}")


def run(model: str, embedder: str) -> None:
    heading(f"generate_text  ({model})")
    result = generate_text(
        model, prompt="What is the capital of France?", temperature=0, max_output_tokens=40
    )
    print(result.text)
    print(
        f"  finish={result.finish_reason} usage: in={result.usage.input_tokens.total} "
        f"out={result.usage.output_tokens.total}"
    )

    heading("stream_text  (tokens printed as they arrive)")
    stream = stream_text(
        model, prompt="Write one sentence about the sea.", temperature=0, max_output_tokens=40
    )
    count = 0
    for delta in stream.text_stream:
        print(delta, end="", flush=True)
        count += 1
    print(f"\n  {count} chunks, finish={stream.finish_reason}")

    heading("tools: the model calls get_weather, we run it and send the result back")
    tools = {"get_weather": tool(get_weather, parameters=WEATHER)}
    question = "What is the weather in Paris?"
    first = generate_text(
        model, prompt=question, tools=tools, tool_choice="get_weather", temperature=0, max_output_tokens=40
    )
    for call, done in zip(first.tool_calls, first.tool_results, strict=False):
        print(f"  call   {call.tool_name}({json.dumps(call.input)})")
        print(f"  result {json.dumps(done.output)}")
    answer = generate_text(
        model,
        messages=[{"role": "user", "content": question}, *first.response_messages],
        temperature=0,
        max_output_tokens=60,
    )
    print(answer.text)

    heading("JSON output constrained to a schema")
    person = generate_text(
        model,
        prompt="Invent a person with a name and an age.",
        response_format=JsonFormat(schema=PERSON, name="person"),
        temperature=0,
        max_output_tokens=40,
    )
    print(json.loads(person.text))

    heading(f"embed_many + nearest document  ({embedder})")
    query = "Which city is France's capital?"
    vectors = embed_many(embedder, [query, *DOCUMENTS]).embeddings
    scores = [_cosine(vectors[0], v) for v in vectors[1:]]
    for score, doc in sorted(zip(scores, DOCUMENTS, strict=True), reverse=True):
        print(f"  {score:.3f}  {doc}")


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ai_sdk_integrations.demo", description=__doc__)
    parser.add_argument("--model", default="local:smollm2")
    parser.add_argument("--embedding-model", default="local:smollm2-embed")
    args = parser.parse_args(argv)
    with local_server_if_needed(args.model):
        run(args.model, args.embedding_model)
        run_langchain(args.model)
        run_llama_index(args.model, args.embedding_model)
    return 0


if __name__ == "__main__":
    sys.exit(main())
