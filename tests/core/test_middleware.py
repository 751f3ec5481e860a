"""``wrap_language_model`` itself: the hooks, their order, sync and async, the wrapped
model's identity. Calls go over HTTP to the scripted loopback server
(tests/http_loopback.py) through a real OpenAI-compatible model."""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from http_loopback import (
    CALLERS,
    Caller,
    ScriptedServer,
    completion,
    json_reply,
    make_model,
    retry_delays,
    server,
    stream_reply,
)

import ai_sdk_integrations
from ai_sdk_integrations.core.middleware import (
    LanguageModelMiddleware,
    WrappedLanguageModel,
    default_settings_middleware,
    extract_reasoning_middleware,
    simulate_streaming_middleware,
    wrap_language_model,
)
from ai_sdk_integrations.provider.language_model import LanguageModel
from ai_sdk_integrations.spec import (
    CallOptions,
    GenerateResult,
    StreamPart,
    TextContent,
    TextDelta,
    TextPart,
    UserMessage,
)
from ai_sdk_integrations.spec.errors import UsageError

__all__ = ["retry_delays", "server"]


@dataclasses.dataclass(frozen=True)
class Marking(LanguageModelMiddleware):
    """Appends its name to the ``x-order`` header on the way in, and to the answer's
    text on the way out; logs each hook it runs."""

    name: str
    log: list[str] = dataclasses.field(default_factory=list, compare=False)

    def transform_params(self, *, type: Any, params: CallOptions, model: LanguageModel) -> CallOptions:
        self.log.append(f"{self.name}.transform:{type}")
        order = (params.headers or {}).get("x-order", "")
        return dataclasses.replace(params, headers={"x-order": order + self.name})

    def _mark(self, result: GenerateResult) -> GenerateResult:
        content = [
            dataclasses.replace(p, text=p.text + self.name) if isinstance(p, TextContent) else p
            for p in result.content
        ]
        return dataclasses.replace(result, content=content)

    def wrap_generate(self, *, do_generate: Any, do_stream: Any, params: Any, model: Any) -> GenerateResult:
        self.log.append(f"{self.name}.enter")
        result = self._mark(do_generate())
        self.log.append(f"{self.name}.exit")
        return result

    async def awrap_generate(
        self, *, do_generate: Any, do_stream: Any, params: Any, model: Any
    ) -> GenerateResult:
        self.log.append(f"{self.name}.enter")
        result = self._mark(await do_generate())
        self.log.append(f"{self.name}.exit")
        return result

    def wrap_stream(
        self, *, do_generate: Any, do_stream: Any, params: Any, model: Any
    ) -> Iterator[StreamPart]:
        self.log.append(f"{self.name}.enter")
        for part in do_stream():
            if isinstance(part, TextDelta):
                part = dataclasses.replace(part, delta=part.delta + self.name)
            yield part
        self.log.append(f"{self.name}.exit")

    async def awrap_stream(
        self, *, do_generate: Any, do_stream: Any, params: Any, model: Any
    ) -> AsyncIterator[StreamPart]:
        self.log.append(f"{self.name}.enter")
        async for part in do_stream():
            if isinstance(part, TextDelta):
                part = dataclasses.replace(part, delta=part.delta + self.name)
            yield part
        self.log.append(f"{self.name}.exit")


@pytest.mark.parametrize("caller", CALLERS, ids=repr)
async def test_the_first_middleware_transforms_first_and_sees_the_result_last(
    server: ScriptedServer, caller: Caller
) -> None:
    log: list[str] = []
    first, second = Marking("A", log), Marking("B", log)
    model = wrap_language_model(make_model(server.url), [first, second])
    server.queue(json_reply(completion("ok")) if not caller.streaming else stream_reply(["ok"]))

    text = await caller.call(model)

    kind = "stream" if caller.streaming else "generate"
    assert server.requests[0].headers["x-order"] == "AB"  # A transformed the options first
    assert text == "okBA"  # B (next to the model) marked the answer first
    # Nesting: A's wrap runs around everything B does, B's transform included.
    assert log == [f"A.transform:{kind}", "A.enter", f"B.transform:{kind}", "B.enter", "B.exit", "A.exit"]


async def test_a_list_is_the_same_as_nesting(server: ScriptedServer) -> None:
    base = make_model(server.url)
    as_list = wrap_language_model(base, [Marking("A"), Marking("B")])
    nested = wrap_language_model(wrap_language_model(base, Marking("B")), Marking("A"))
    assert as_list == nested
    server.queue(json_reply(completion("x")), json_reply(completion("x")))
    assert ai_sdk_integrations.generate_text(as_list, prompt="hi").text == "xBA"
    assert ai_sdk_integrations.generate_text(nested, prompt="hi").text == "xBA"
    assert [r.headers["x-order"] for r in server.requests] == ["AB", "AB"]


def test_no_middleware_leaves_the_model_as_it_is() -> None:
    model = make_model("http://127.0.0.1:9/v1")
    assert wrap_language_model(model, []) is model


def test_the_wrapped_model_is_a_language_model_with_the_inner_ones_settings() -> None:
    model = make_model("http://127.0.0.1:9/v1")
    wrapped = wrap_language_model(model, extract_reasoning_middleware())
    assert isinstance(wrapped, LanguageModel)
    assert (wrapped.provider, wrapped.model_id) == (model.provider, model.model_id)
    assert wrapped.profile == model.profile and wrapped.endpoint == model.endpoint


def test_model_and_provider_ids_can_be_renamed() -> None:
    class Renaming(LanguageModelMiddleware):
        def override_model_id(self, model: LanguageModel) -> str | None:
            return f"{model.model_id}-renamed"

        def override_provider(self, model: LanguageModel) -> str | None:
            return "mine"

    model = make_model("http://127.0.0.1:9/v1")
    hooked = wrap_language_model(model, Renaming())
    assert (hooked.provider, hooked.model_id) == ("mine", "test-renamed")
    named = wrap_language_model(model, Renaming(), model_id="m", provider_id="p")
    assert (named.provider, named.model_id) == ("p", "m")  # the arguments win over the hooks
    assert "p:m" in repr(named)


def test_provider_options_under_the_new_provider_name_reach_the_inner_provider(
    server: ScriptedServer,
) -> None:
    model = make_model(server.url)
    wrapped = wrap_language_model(model, default_settings_middleware(), provider_id="mine")
    server.queue(json_reply(completion("ok")))
    ai_sdk_integrations.generate_text(
        wrapped, prompt="hi", provider_options={"mine": {"user": "u1"}, model.provider: {"store": False}}
    )
    body = server.requests[0].json
    assert body["user"] == "u1" and body["store"] is False


def test_with_endpoint_changes_the_inner_model_and_keeps_the_middleware(
    server: ScriptedServer, retry_delays: list[float]
) -> None:
    wrapped = wrap_language_model(make_model(server.url), Marking("A"))
    assert wrapped.with_endpoint(max_retries=wrapped.endpoint.max_retries) is wrapped
    once = wrapped.with_endpoint(max_retries=0)
    assert isinstance(once, WrappedLanguageModel) and once.middleware == wrapped.middleware
    assert once.endpoint.max_retries == 0 and once.model.endpoint.max_retries == 0
    server.queue(json_reply({"error": {"message": "busy"}}, 503), json_reply(completion("x")))
    with pytest.raises(ai_sdk_integrations.spec.errors.ServerError):
        ai_sdk_integrations.generate_text(once, prompt="hi")
    assert len(server.requests) == 1  # max_retries=0 reached the model that sends


def test_max_retries_of_the_plain_functions_reach_the_inner_model(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(make_model(server.url), Marking("A"))
    server.queue(json_reply({"error": {"message": "busy"}}, 503), json_reply(completion("x")))
    with pytest.raises(ai_sdk_integrations.spec.errors.ServerError):
        ai_sdk_integrations.generate_text(wrapped, prompt="hi", max_retries=0)
    assert len(server.requests) == 1


def test_a_wrapped_model_pickles_and_still_works(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(
        make_model(server.url),
        [
            default_settings_middleware(temperature=0.5),
            extract_reasoning_middleware(),
            simulate_streaming_middleware(),
        ],
        model_id="renamed",
    )
    copy = pickle.loads(pickle.dumps(wrapped))
    assert copy == wrapped and copy.model_id == "renamed"
    server.queue(json_reply(completion("<think>why</think>because")))
    result = ai_sdk_integrations.generate_text(copy, prompt="hi")
    assert (result.reasoning_text, result.text) == ("why", "because")
    assert server.requests[0].json["temperature"] == 0.5


def test_a_model_string_is_resolved(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    wrapped = wrap_language_model("openai:gpt-4o-mini", extract_reasoning_middleware())
    assert (wrapped.provider, wrapped.model_id) == ("openai", "gpt-4o-mini")


def test_something_that_is_not_middleware_is_refused() -> None:
    with pytest.raises(UsageError, match="LanguageModelMiddleware"):
        wrap_language_model(make_model("http://127.0.0.1:9/v1"), [{"transform_params": None}])  # type: ignore[list-item]


# -- sync and async ---------------------------------------------------------------------


class SyncOnly(LanguageModelMiddleware):
    def wrap_generate(self, *, do_generate: Any, do_stream: Any, params: Any, model: Any) -> GenerateResult:
        return do_generate()


class AsyncOnlyParams(LanguageModelMiddleware):
    async def atransform_params(self, *, type: Any, params: CallOptions, model: Any) -> CallOptions:
        return dataclasses.replace(params, temperature=0.25)


async def test_a_hook_written_for_one_side_only_is_never_skipped_silently(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(make_model(server.url), SyncOnly())
    server.queue(json_reply(completion("sync")))
    assert ai_sdk_integrations.generate_text(wrapped, prompt="hi").text == "sync"
    with pytest.raises(UsageError, match="defines wrap_generate but not awrap_generate"):
        await ai_sdk_integrations.agenerate_text(wrapped, prompt="hi")

    wrapped = wrap_language_model(make_model(server.url), AsyncOnlyParams())
    server.queue(json_reply(completion("async")))
    assert (await ai_sdk_integrations.agenerate_text(wrapped, prompt="hi")).text == "async"
    assert server.requests[-1].json["temperature"] == 0.25
    with pytest.raises(UsageError, match="defines atransform_params but not transform_params"):
        ai_sdk_integrations.generate_text(wrapped, prompt="hi")


async def test_a_sync_transform_serves_async_calls_too(server: ScriptedServer) -> None:
    wrapped = wrap_language_model(make_model(server.url), default_settings_middleware(seed=7))
    server.queue(json_reply(completion("a")), stream_reply(["b"]))
    await ai_sdk_integrations.agenerate_text(wrapped, prompt="hi")
    await ai_sdk_integrations.astream_text(wrapped, prompt="hi").consume()
    assert [r.json["seed"] for r in server.requests] == [7, 7]


def test_a_wrapped_stream_is_lazy_and_closing_it_closes_the_response(server: ScriptedServer) -> None:
    log: list[str] = []
    wrapped = wrap_language_model(make_model(server.url), Marking("A", log))
    options = CallOptions(prompt=[UserMessage([TextPart("hi")])])
    parts = wrapped.stream(options)
    assert log == [] and server.requests == []  # nothing runs until the first part is asked for
    server.queue(stream_reply(["one ", "two ", "three"]))
    for part in parts:
        if isinstance(part, TextDelta):
            break
    parts.close()
    assert log == ["A.transform:stream", "A.enter"]  # A's generator was closed, not finished


def test_count_tokens_counts_what_the_middleware_would_send() -> None:
    seen: list[CallOptions] = []

    @dataclasses.dataclass(frozen=True, slots=True)
    class Counting(LanguageModel):
        def count_tokens(self, options: CallOptions) -> int | None:
            seen.append(options)
            return 42

    inner = make_model("http://127.0.0.1:9/v1")
    counting = Counting(inner.codec, inner.endpoint, inner.profile)
    wrapped = wrap_language_model(counting, default_settings_middleware(temperature=0.1))
    assert wrapped.count_tokens(CallOptions(prompt=[])) == 42
    assert seen[0].temperature == 0.1


def test_every_public_member_of_language_model_is_handled_by_the_wrapper() -> None:
    """A method added to ``LanguageModel`` later would otherwise be inherited and go
    straight to the inner codec, skipping the middleware: decide for it here."""
    fields = {f.name for f in dataclasses.fields(LanguageModel)}
    public = {name for name in dir(LanguageModel) if not name.startswith("_")} - fields
    for name in sorted(public):
        assert name in WrappedLanguageModel.__dict__, f"WrappedLanguageModel does not override {name}"
    assert inspect.isasyncgenfunction(WrappedLanguageModel.astream)
    assert inspect.isgeneratorfunction(WrappedLanguageModel.stream)
