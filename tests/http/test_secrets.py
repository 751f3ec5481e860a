"""An API key is sent where it must go (the Authorization header) and shown nowhere else:
not in errors (even when the server echoes it back), reprs, pickles of key-less
models, or cassettes on disk.

The cassette filters come from tests/vcr_setup.py, so these tests use exactly the
settings the recorded suites use.
"""

from __future__ import annotations

import json
import pickle
import re
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import http_loopback as loopback
import pytest
import vcr
import vcr_setup as root_conftest
import yaml
from fake_keys import fake_key

import ai_sdk_integrations
from ai_sdk_integrations.provider.language_model import LanguageModel
from ai_sdk_integrations.spec.errors import AISDKError, APICallError, AuthenticationError, ServerError
from ai_sdk_integrations.transport import Secret
from ai_sdk_integrations.transport import client as http_client

API_KEY: str = loopback.API_KEY
ENV_KEY = fake_key("env-SECRET-zyxwvutsrqponmlk9876")
ECHO_401 = {"error": {"message": f"Incorrect API key provided: {API_KEY}", "type": "invalid_request_error"}}


@pytest.fixture
def server() -> Iterator[Any]:
    scripted = loopback.ScriptedServer().start()
    try:
        yield scripted
    finally:
        scripted.stop()


@pytest.fixture(autouse=True)
def no_retry_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    async def asleep(delay: float) -> None:
        pass

    monkeypatch.setattr(http_client, "_sleep", lambda delay: None)
    monkeypatch.setattr(http_client, "_asleep", asleep)


def shown(error: BaseException) -> str:
    """Everything a user, a log line or an error tracker would print about ``error``."""
    texts = [str(error), repr(error), repr(error.args), "".join(traceback.format_exception(error))]
    if isinstance(error, APICallError):
        texts += [str(error.body_excerpt), repr(error.response_headers), str(error.url)]
    if isinstance(error, AISDKError):
        texts += [error.partial_text, repr(error.partial_content)]
    return "\n".join(texts)


def everything_kept(error: BaseException) -> str:
    """``shown`` plus every attribute and the pickle, as multiprocessing or Sentry would."""
    return "\n".join([shown(error), repr(vars(error)), repr(pickle.dumps(error))])


# -- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("caller", loopback.CALLERS, ids=lambda caller: caller.name)
@pytest.mark.parametrize(("status", "error_type"), [(401, AuthenticationError), (500, ServerError)])
async def test_a_key_echoed_by_the_server_is_not_shown_by_the_error(
    server: Any, caller: Any, status: int, error_type: type[APICallError]
) -> None:
    server.queue(*[loopback.json_reply(ECHO_401, status)] * 3)

    with pytest.raises(error_type) as caught:
        await caller.call(loopback.make_model(server.url))

    assert API_KEY not in shown(caught.value)
    assert "Incorrect API key provided: [REDACTED]" in str(caught.value)  # echoed, then redacted
    assert caught.value.body_excerpt is not None and "[REDACTED]" in caught.value.body_excerpt
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


async def test_a_key_of_any_shape_is_redacted_when_echoed(server: Any) -> None:
    key = "plain-token-without-known-prefix-42"  # matches no key pattern: redacted by value
    server.queue(loopback.Reply(401, {"content-type": "text/plain"}, f"bad token {key}".encode()))
    model = ai_sdk_integrations.language_model("openai-compatible:test", base_url=server.url, api_key=key)

    with pytest.raises(AuthenticationError) as caught:
        ai_sdk_integrations.generate_text(model, prompt="hi")

    assert key not in shown(caught.value)
    assert "bad token [REDACTED]" in str(caught.value)
    assert server.requests[0].headers["authorization"] == f"Bearer {key}"


async def test_a_key_echoed_by_the_server_is_not_kept_on_the_error(server: Any) -> None:
    server.queue(loopback.json_reply(ECHO_401, 401))

    with pytest.raises(AuthenticationError) as caught:
        ai_sdk_integrations.generate_text(loopback.make_model(server.url), prompt="hi")

    assert API_KEY not in everything_kept(caught.value)


@pytest.mark.parametrize("mode", ["sync", "async"])
async def test_a_key_echoed_in_an_in_band_stream_error_is_not_shown(server: Any, mode: str) -> None:
    tail = [loopback.sse(ECHO_401), loopback.sse("[DONE]")]
    server.queue(loopback.stream_reply(["partial "], tail=tail))
    model = loopback.make_model(server.url)

    with pytest.raises(AISDKError) as caught:
        if mode == "sync":
            "".join(ai_sdk_integrations.stream_text(model, prompt="hi").text_stream)
        else:
            [p async for p in ai_sdk_integrations.astream_text(model, prompt="hi").text_stream]

    assert caught.value.partial_text == "partial "
    assert API_KEY not in shown(caught.value)


# -- models -----------------------------------------------------------------------------


def _model_views(model: LanguageModel) -> str:
    views = [repr(model), str(model), f"{model}", repr(model.endpoint), str(model.endpoint)]
    return "\n".join([*views, repr(model.endpoint.auth), str(model.endpoint.auth)])


def test_model_reprs_hide_the_key(server: Any) -> None:
    model = loopback.make_model(server.url)

    views = _model_views(model)

    assert API_KEY not in views
    assert "Secret('**********')" in repr(model)  # the key is there, just not shown
    key = model.endpoint.auth.source.key  # type: ignore[union-attr]
    assert isinstance(key, Secret)
    assert key.get() == API_KEY


def test_a_pickled_model_still_works_and_still_hides_its_key(server: Any) -> None:
    model = loopback.make_model(server.url)
    server.queue(loopback.json_reply(loopback.completion("from the copy")))

    restored = pickle.loads(pickle.dumps(model))

    assert restored == model
    assert API_KEY not in _model_views(restored)
    assert ai_sdk_integrations.generate_text(restored, prompt="hi").text == "from the copy"
    assert server.requests[0].headers["authorization"] == f"Bearer {API_KEY}"


def test_credentials_passed_as_headers_are_not_shown_by_repr(server: Any) -> None:
    model = loopback.make_model(server.url, headers={"x-api-key": API_KEY})

    assert API_KEY not in _model_views(model)


def test_a_key_from_the_environment_is_sent_but_never_shown_or_pickled(
    server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", ENV_KEY)
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    model = ai_sdk_integrations.language_model("openai:test", base_url=server.url)
    echo = {"error": {"message": f"Incorrect API key provided: {ENV_KEY}"}}
    server.queue(loopback.json_reply(echo, 401), loopback.json_reply(loopback.completion("ok")))

    with pytest.raises(AuthenticationError) as caught:
        ai_sdk_integrations.generate_text(model, prompt="hi")
    restored = pickle.loads(pickle.dumps(model))
    answer = ai_sdk_integrations.generate_text(restored, prompt="hi").text

    assert ENV_KEY not in shown(caught.value)
    assert "[REDACTED]" in str(caught.value)
    assert ENV_KEY not in _model_views(model)
    assert ENV_KEY.encode() not in pickle.dumps(model)  # read per request, never stored
    assert answer == "ok"
    assert [r.headers["authorization"] for r in server.requests] == [f"Bearer {ENV_KEY}"] * 2


def test_an_environment_key_is_read_per_request(server: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", fake_key("first-key-aaaaaaaaaaaaaaaa"))
    model = ai_sdk_integrations.language_model("openai:test", base_url=server.url)
    server.queue(*[loopback.json_reply(loopback.completion("ok"))] * 2)

    ai_sdk_integrations.generate_text(model, prompt="hi")
    monkeypatch.setenv("OPENAI_API_KEY", fake_key("second-key-bbbbbbbbbbbbbbb"))
    ai_sdk_integrations.generate_text(model, prompt="hi")

    assert [r.headers["authorization"] for r in server.requests] == [
        "Bearer " + fake_key("first-key-aaaaaaaaaaaaaaaa"),
        "Bearer " + fake_key("second-key-bbbbbbbbbbbbbbb"),
    ]


# -- cassettes --------------------------------------------------------------------------


def _vcr() -> vcr.VCR:
    """A VCR configured exactly like tests/conftest.py's ``vcr_config`` fixture."""
    return vcr.VCR(
        filter_headers=[(name, None) for name in root_conftest.SECRET_HEADERS],
        filter_query_parameters=["key", "api_key", "api-key"],
        before_record_response=root_conftest.scrub_response,
        decode_compressed_response=True,
        match_on=["method", "scheme", "host", "port", "path", "query", "body"],
    )


def test_a_recorded_cassette_holds_the_request_but_not_the_key(server: Any, tmp_path: Path) -> None:
    account = {"set-cookie": "session=abc123; Path=/", "openai-organization": "org-private"}
    server.queue(
        loopback.json_reply(loopback.completion("recorded answer"), headers=account),
        loopback.stream_reply(["streamed ", "answer"]),
    )
    model = loopback.make_model(server.url)
    cassette = tmp_path / "recorded.yaml"

    with _vcr().use_cassette(str(cassette), record_mode="all"):
        generated = ai_sdk_integrations.generate_text(model, prompt="record me").text
        streamed = "".join(ai_sdk_integrations.stream_text(model, prompt="stream me").text_stream)

    data = cassette.read_bytes()
    assert (generated, streamed) == ("recorded answer", "streamed answer")
    assert [r.headers["authorization"] for r in server.requests] == [f"Bearer {API_KEY}"] * 2
    assert API_KEY.encode() not in data
    assert b"Bearer" not in data
    assert b"org-private" not in data and b"session=abc123" not in data
    interactions = yaml.safe_load(data)["interactions"]
    assert [i["request"]["uri"] for i in interactions] == [f"{server.url}/chat/completions"] * 2
    assert [json.loads(i["request"]["body"])["messages"][0]["content"] for i in interactions] == [
        "record me",
        "stream me",
    ]
    assert not any(
        name.lower() in root_conftest.SECRET_HEADERS for i in interactions for name in i["request"]["headers"]
    )
    assert scan_for_secrets(tmp_path) == []


def test_a_recorded_error_body_does_not_hold_an_echoed_key(server: Any, tmp_path: Path) -> None:
    server.queue(loopback.json_reply(ECHO_401, 401))
    cassette = tmp_path / "error.yaml"

    with _vcr().use_cassette(str(cassette), record_mode="all"), pytest.raises(AuthenticationError):
        ai_sdk_integrations.generate_text(loopback.make_model(server.url), prompt="hi")

    assert API_KEY.encode() not in cassette.read_bytes()


# -- every cassette on disk ---------------------------------------------------------------

_KEY_PATTERNS = (
    re.compile(r"(?<![A-Za-z0-9])sk-[A-Za-z0-9_-]{20,}"),
    re.compile(r"Bearer [A-Za-z0-9._-]{20,}"),
)


def _secret_headers(data: Any, where: str) -> Iterator[str]:
    """Credential headers with a value anywhere in a parsed cassette."""
    if isinstance(data, dict):
        for key, value in data.items():
            if (
                isinstance(key, str)
                and key.lower() in root_conftest.SECRET_HEADERS
                and value not in (None, [], [None], "")
            ):
                yield f"{where}: header {key!r} has a value"
            yield from _secret_headers(value, where)
    elif isinstance(data, list):
        for item in data:
            yield from _secret_headers(item, where)


def scan_for_secrets(folder: Path) -> list[str]:
    offenders: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_bytes()
        text = raw.decode("utf-8", "replace")
        name = str(path.relative_to(folder))
        for pattern in _KEY_PATTERNS:
            offenders += [f"{name}: {match.group()[:12]}..." for match in pattern.finditer(text)]
        parsed: Any = None
        try:
            if path.suffix in (".yaml", ".yml"):
                parsed = yaml.safe_load(text)
            elif path.suffix == ".json":
                parsed = json.loads(text)
        except (yaml.YAMLError, ValueError):
            offenders.append(f"{name}: cannot be parsed, so cannot be checked for credential headers")
        offenders += _secret_headers(parsed, name)
    return offenders


def test_no_cassette_on_disk_holds_a_credential() -> None:
    cassettes: Path = root_conftest.CASSETTES
    offenders = scan_for_secrets(cassettes) if cassettes.exists() else []

    assert offenders == [], "credentials in cassettes:\n" + "\n".join(offenders)


def test_the_cassette_scan_finds_planted_credentials(tmp_path: Path) -> None:
    request = {"uri": "https://x/v1/chat/completions", "headers": {"accept": ["*/*"]}}
    (tmp_path / "clean.yaml").write_text(yaml.safe_dump({"interactions": [{"request": request}]}))
    leaky = {**request, "headers": {"Authorization": ["Bearer abc"]}}
    (tmp_path / "header.yaml").write_text(yaml.safe_dump({"interactions": [{"request": leaky}]}))
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "body.json").write_text(json.dumps({"body": f"echo {API_KEY}"}))
    (tmp_path / "bearer.txt").write_text("Authorization: Bearer " + "eyJhbGciOiJIUzI1NiJ9.payload")

    offenders = scan_for_secrets(tmp_path)

    assert not [o for o in offenders if o.startswith("clean.yaml")]
    assert any(o.startswith("header.yaml: header 'Authorization'") for o in offenders)
    assert any(o.startswith(str(Path("sub") / "body.json")) for o in offenders)
    assert any(o.startswith("bearer.txt") for o in offenders)


def test_a_cookie_one_server_sets_is_never_sent_on_later_requests(server: Any) -> None:
    """The shared pools keep no cookies: a session cookie set by one response must not
    ride along on the next request, whoever makes it."""
    server.queue(
        loopback.json_reply(loopback.completion("first"), headers={"set-cookie": "session=abc123; Path=/"}),
        loopback.json_reply(loopback.completion("second")),
    )
    model = loopback.make_model(server.url)
    ai_sdk_integrations.generate_text(model, prompt="hi")
    ai_sdk_integrations.generate_text(model, prompt="again")
    assert all("cookie" not in request.headers for request in server.requests)
