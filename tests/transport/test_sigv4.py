"""SigV4Auth against AWS's published Signature Version 4 test suite, and its credentials.

Each vector in tests/fixtures/aws_sigv4/ (see its README) is a raw request and the
``Authorization`` header AWS expects for it. The request is turned into the
``OutgoingRequest`` the transport would hand over (URL as sent, headers, body bytes),
signed at the suite's fixed time with the suite's fixed keys, and the header compared.
The clock is frozen where the installed botocore reads it: ``botocore.auth.
get_current_datetime`` since botocore 1.40.2, ``datetime.datetime.utcnow`` before.
"""

from __future__ import annotations

import datetime
import importlib.util
import os
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest

from ai_sdk_integrations.spec.errors import LoadAPIKeyError, UsageError
from ai_sdk_integrations.transport.auth.base import OutgoingRequest
from ai_sdk_integrations.transport.auth.sigv4 import (
    SigV4Auth,
    aws_credentials_from,
    clear_default_credentials_cache,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "aws_sigv4"
VECTORS = sorted(path.stem for path in FIXTURES.glob("*.req"))

ACCESS_KEY = "AKIDEXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"
SERVICE = "service"
SIGNING_TIME = datetime.datetime(2015, 8, 30, 12, 36, 0)  # naive UTC, as botocore uses it
TOKEN_PREFIX = "x-amz-security-token:"

needs_botocore = pytest.mark.skipif(
    importlib.util.find_spec("botocore") is None, reason='needs botocore ("bedrock" extra)'
)


def read(vector: str, suffix: str) -> str:
    return (FIXTURES / f"{vector}.{suffix}").read_text(encoding="utf-8").replace("\r", "")


def parse_request(raw: str, *, keep_host: bool) -> OutgoingRequest:
    """A .req file as the transport would hold it: the URL as sent, headers, body bytes."""
    head, _, body = raw.partition("\n\n")
    request_line, *header_lines = head.split("\n")
    method, target, _version = request_line.split(" ")
    headers: dict[str, str] = {}
    for line in filter(None, header_lines):  # some .req files end with a newline
        name, _, value = line.partition(":")
        headers[name] = value.strip()
    host = headers["Host"]
    if not keep_host:  # HTTP clients add Host themselves; botocore derives it from the URL
        del headers["Host"]
    return OutgoingRequest(method, f"https://{host}{target}", headers, body.encode() or None)


def session_token(vector: str) -> str | None:
    for line in read(vector, "creq").split("\n"):
        if line.startswith(TOKEN_PREFIX):
            return line[len(TOKEN_PREFIX) :]
    return None


def header(request: OutgoingRequest, name: str) -> str:
    values = [value for key, value in request.headers.items() if key.lower() == name]
    assert len(values) == 1, f"{name}: {values}"
    return values[0]


@pytest.fixture
def frozen_clock() -> Iterator[None]:
    import botocore.auth

    if hasattr(botocore.auth, "get_current_datetime"):  # botocore >= 1.40.2
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=SIGNING_TIME):
            yield
        return

    class FrozenDatetime(datetime.datetime):
        @classmethod
        def utcnow(cls) -> Any:
            return SIGNING_TIME

    with mock.patch.object(botocore.auth, "datetime", SimpleNamespace(datetime=FrozenDatetime)):
        yield


@pytest.fixture(autouse=True)
def fresh_default_chain() -> Iterator[None]:
    clear_default_credentials_cache()
    yield
    clear_default_credentials_cache()


@pytest.fixture
def no_aws_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nothing for botocore's default chain to find, and no instance metadata probe."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-such-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-such-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


# -- the AWS test suite -------------------------------------------------------------


def test_fixtures_are_present() -> None:
    assert len(VECTORS) == 14


@needs_botocore
@pytest.mark.usefixtures("frozen_clock")
@pytest.mark.parametrize("keep_host", [False, True], ids=["host-from-url", "host-header"])
@pytest.mark.parametrize("vector", VECTORS)
def test_aws_sigv4_test_suite(vector: str, keep_host: bool) -> None:
    request = parse_request(read(vector, "req"), keep_host=keep_host)
    token = session_token(vector)
    auth = SigV4Auth(REGION, SERVICE, credentials=aws_credentials_from(ACCESS_KEY, SECRET_KEY, token))

    secrets = auth.apply(request)

    expected = read(vector, "authz")
    assert header(request, "authorization") == expected
    assert header(request, "x-amz-date") == "20150830T123600Z"
    if token is not None:
        assert header(request, "x-amz-security-token") == token
        assert secrets == (SECRET_KEY, token, expected)
    else:
        assert not any(key.lower() == "x-amz-security-token" for key in request.headers)
        assert secrets == (SECRET_KEY, expected)


@needs_botocore
@pytest.mark.usefixtures("frozen_clock")
def test_signing_again_replaces_the_previous_signature() -> None:
    """A retry signs the same request object again: one of each header, never two."""
    request = parse_request(read("post-vanilla", "req"), keep_host=False)
    request.headers["Authorization"] = "AWS4-HMAC-SHA256 stale"
    auth = SigV4Auth(REGION, SERVICE, credentials=aws_credentials_from(ACCESS_KEY, SECRET_KEY, "tok"))
    first = auth.apply(request)
    second = auth.apply(request)
    assert first == second
    assert header(request, "authorization") == first[-1]
    assert header(request, "x-amz-security-token") == "tok"
    assert "authorization" in request.headers  # added in lower case


@needs_botocore
@pytest.mark.usefixtures("frozen_clock")
def test_headers_botocore_does_not_touch_are_left_alone() -> None:
    request = parse_request(read("post-x-www-form-urlencoded", "req"), keep_host=False)
    before = dict(request.headers)
    SigV4Auth(REGION, SERVICE, credentials=aws_credentials_from(ACCESS_KEY, SECRET_KEY)).apply(request)
    assert request.headers["Content-Type"] == before["Content-Type"]
    assert request.content == b"Param1=value1"
    added = {key.lower() for key in request.headers} - {key.lower() for key in before}
    assert added == {"authorization"}


# -- credentials --------------------------------------------------------------------


@needs_botocore
@pytest.mark.usefixtures("frozen_clock", "no_aws_environment")
def test_default_chain_reads_the_environment_and_caches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    auth = SigV4Auth(REGION, SERVICE)
    request = parse_request(read("get-vanilla", "req"), keep_host=False)
    assert auth.apply(request) == (SECRET_KEY, read("get-vanilla", "authz"))

    # Looked up once per process: still signs after the variables are gone ...
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    request = parse_request(read("get-vanilla", "req"), keep_host=False)
    assert auth.apply(request)[-1] == read("get-vanilla", "authz")
    # ... until the cache is cleared.
    clear_default_credentials_cache()
    with pytest.raises(LoadAPIKeyError):
        auth.apply(parse_request(read("get-vanilla", "req"), keep_host=False))


@needs_botocore
@pytest.mark.usefixtures("frozen_clock")
def test_concurrent_first_requests_resolve_the_default_chain_once() -> None:
    import botocore.session
    from botocore.credentials import Credentials

    lookups: list[int] = []

    def slow_lookup() -> Any:
        time.sleep(0.05)
        lookups.append(1)
        return Credentials(ACCESS_KEY, SECRET_KEY)

    session = mock.Mock(get_credentials=slow_lookup)
    results: list[tuple[str, ...]] = []
    auth = SigV4Auth(REGION, SERVICE)

    def sign() -> None:
        results.append(auth.apply(parse_request(read("get-vanilla", "req"), keep_host=False)))

    with mock.patch.object(botocore.session, "get_session", return_value=session):
        threads = [threading.Thread(target=sign) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(lookups) == 1
    assert results == [(SECRET_KEY, read("get-vanilla", "authz"))] * 8


@needs_botocore
@pytest.mark.usefixtures("frozen_clock", "no_aws_environment")
def test_default_chain_reads_a_shared_credentials_profile(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    vector = "get-vanilla-with-session-token"
    credentials_file = tmp_path / "credentials"
    credentials_file.write_text(
        textwrap.dedent(
            f"""\
            [bedrock-dev]
            aws_access_key_id = {ACCESS_KEY}
            aws_secret_access_key = {SECRET_KEY}
            aws_session_token = {session_token(vector)}
            """
        )
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials_file))
    monkeypatch.setenv("AWS_PROFILE", "bedrock-dev")
    request = parse_request(read(vector, "req"), keep_host=False)
    secrets = SigV4Auth(REGION, SERVICE).apply(request)
    assert header(request, "authorization") == read(vector, "authz")
    assert secrets == (SECRET_KEY, session_token(vector), read(vector, "authz"))


@needs_botocore
@pytest.mark.usefixtures("no_aws_environment")
def test_no_credentials_anywhere_is_a_helpful_load_api_key_error() -> None:
    request = OutgoingRequest("POST", "https://bedrock-runtime.us-east-1.amazonaws.com/x", {}, b"{}")
    with pytest.raises(LoadAPIKeyError) as caught:
        SigV4Auth("us-east-1").apply(request)
    message = str(caught.value)
    for place in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_PROFILE",
        "~/.aws/config",
        "SSO",
        "instance role",
        "AWS_BEARER_TOKEN_BEDROCK",
    ):
        assert place in message
    assert request.headers == {}


@needs_botocore
@pytest.mark.usefixtures("no_aws_environment")
def test_unknown_profile_is_a_load_api_key_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    with pytest.raises(LoadAPIKeyError, match="no-such-profile"):
        SigV4Auth("us-east-1").apply(OutgoingRequest("GET", "https://example.amazonaws.com/", {}, None))


@needs_botocore
def test_a_credentials_callable_returning_nothing_is_a_load_api_key_error() -> None:
    auth = SigV4Auth("us-east-1", credentials=lambda: None)
    with pytest.raises(LoadAPIKeyError, match="AWS_BEARER_TOKEN_BEDROCK"):
        auth.apply(OutgoingRequest("GET", "https://example.amazonaws.com/", {}, None))


@needs_botocore
@pytest.mark.usefixtures("frozen_clock")
def test_plain_objects_with_botocore_attribute_names_work_as_credentials() -> None:
    frozen = SimpleNamespace(access_key=ACCESS_KEY, secret_key=SECRET_KEY, token=None)
    request = parse_request(read("get-vanilla", "req"), keep_host=False)
    SigV4Auth(REGION, SERVICE, credentials=lambda: frozen).apply(request)
    assert header(request, "authorization") == read("get-vanilla", "authz")


def test_no_secret_in_any_repr() -> None:
    credentials = aws_credentials_from(ACCESS_KEY, SECRET_KEY, "SESSIONTOKENVALUE")
    auth = SigV4Auth("eu-west-1", credentials=credentials)
    for text in (repr(auth), str(auth), repr(credentials)):
        assert SECRET_KEY not in text
        assert "SESSIONTOKENVALUE" not in text
    assert repr(auth) == "SigV4Auth(region='eu-west-1', service='bedrock')"
    # Different credentials do not make otherwise equal signers unequal.
    assert auth == SigV4Auth("eu-west-1")


def test_arguments_are_checked() -> None:
    with pytest.raises(UsageError):
        SigV4Auth("")
    with pytest.raises(UsageError):
        SigV4Auth("us-east-1", service="")
    with pytest.raises(UsageError):
        aws_credentials_from("", SECRET_KEY)


# -- botocore is optional and lazy ----------------------------------------------------

BOTOCORE_MODULES = (
    "botocore",
    "botocore.auth",
    "botocore.awsrequest",
    "botocore.credentials",
    "botocore.exceptions",
    "botocore.session",
)


def test_missing_botocore_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in BOTOCORE_MODULES:
        monkeypatch.setitem(sys.modules, name, None)  # makes `import name` raise ImportError
    request = OutgoingRequest("GET", "https://example.amazonaws.com/", {}, None)
    with pytest.raises(UsageError, match=r'pip install "ai-sdk-integrations\[bedrock\]"'):
        SigV4Auth("us-east-1").apply(request)
    with pytest.raises(UsageError, match=r"ai-sdk-integrations\[bedrock\]"):
        aws_credentials_from(ACCESS_KEY, SECRET_KEY)()


def test_importing_the_module_does_not_import_botocore() -> None:
    code = (
        "import sys, ai_sdk_integrations.transport.auth.sigv4\n"
        "assert not [m for m in sys.modules if m.split('.')[0] == 'botocore'], 'botocore imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
