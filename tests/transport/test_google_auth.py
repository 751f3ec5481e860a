"""GoogleAuth with real google-auth credential classes and no network.

Refreshes go to credential objects whose ``refresh`` is local (a subclass of
google-auth's base ``Credentials``, or google-auth's own classes with ``refresh``
patched), so the tests check the header, the returned secret, when a refresh happens,
that concurrent requests share one refresh, which transport google-auth is handed, and
the errors for a missing library, missing credentials and bad files.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

google_auth = pytest.importorskip("google.auth", reason='needs google-auth ("vertex" extra)')

from google.auth import credentials as google_credentials  # noqa: E402
from google.oauth2 import credentials as oauth2_credentials  # noqa: E402
from google.oauth2 import service_account  # noqa: E402

from ai_sdk_integrations.spec.errors import LoadAPIKeyError, UsageError  # noqa: E402
from ai_sdk_integrations.transport.auth.base import OutgoingRequest  # noqa: E402
from ai_sdk_integrations.transport.auth.google import GoogleAuth  # noqa: E402


def utcnow() -> datetime.datetime:
    # google-auth compares expiry with a naive UTC datetime.
    return datetime.datetime.now(datetime.UTC).replace(tzinfo=None)


class CountingCredentials(google_credentials.Credentials):  # type: ignore[misc]
    """Real google-auth credentials whose refresh hands out numbered tokens locally."""

    def __init__(self, *, lifetime: datetime.timedelta = datetime.timedelta(hours=1), delay: float = 0.0):
        super().__init__()
        self.lifetime = lifetime
        self.delay = delay
        self.refreshes = 0
        self.transports: list[Any] = []

    def refresh(self, request: Any) -> None:
        time.sleep(self.delay)
        self.refreshes += 1
        self.transports.append(request)
        self.token = f"ya29.token-{self.refreshes}"
        self.expiry = utcnow() + self.lifetime


def request() -> OutgoingRequest:
    return OutgoingRequest(
        "POST", "https://us-central1-aiplatform.googleapis.com/v1/x:generateContent", {}, b"{}"
    )


def test_sets_the_bearer_header_and_returns_the_token() -> None:
    creds = CountingCredentials()
    auth = GoogleAuth(credentials=creds)
    outgoing = request()
    outgoing.headers["Authorization"] = "Bearer stale"  # replaced, whatever its case
    assert auth.apply(outgoing) == ("ya29.token-1",)
    assert outgoing.headers == {"authorization": "Bearer ya29.token-1"}


def test_the_token_is_cached_until_it_is_no_longer_valid() -> None:
    creds = CountingCredentials()
    auth = GoogleAuth(credentials=creds)
    for _ in range(3):
        assert auth.apply(request()) == ("ya29.token-1",)
    assert creds.refreshes == 1
    creds.expiry = utcnow() - datetime.timedelta(seconds=1)  # expired
    assert auth.apply(request()) == ("ya29.token-2",)
    creds.expiry = utcnow() + datetime.timedelta(seconds=30)  # inside google-auth's early-refresh window
    assert auth.apply(request()) == ("ya29.token-3",)
    assert creds.refreshes == 3


def test_concurrent_requests_share_one_refresh() -> None:
    creds = CountingCredentials(delay=0.05)
    auth = GoogleAuth(credentials=creds)
    results: list[tuple[str, ...]] = []
    threads = [threading.Thread(target=lambda: results.append(auth.apply(request()))) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert creds.refreshes == 1
    assert results == [("ya29.token-1",)] * 16


def test_a_still_valid_oauth2_token_is_used_as_is_with_its_quota_project() -> None:
    creds = oauth2_credentials.Credentials(
        token="ya29.given",
        expiry=utcnow() + datetime.timedelta(hours=1),
        quota_project_id="billing-project",
    )
    outgoing = request()
    assert GoogleAuth(credentials=creds).apply(outgoing) == ("ya29.given",)
    assert outgoing.headers == {
        "authorization": "Bearer ya29.given",
        "x-goog-user-project": "billing-project",
    }


def test_an_expired_token_that_cannot_refresh_is_a_load_api_key_error() -> None:
    creds = oauth2_credentials.Credentials(token="ya29.old", expiry=utcnow() - datetime.timedelta(hours=1))
    with pytest.raises(LoadAPIKeyError, match="refresh"):
        GoogleAuth(credentials=creds).apply(request())


def test_refresh_uses_google_auths_requests_transport_when_requests_is_installed() -> None:
    pytest.importorskip("requests")
    from google.auth.transport.requests import Request

    creds = CountingCredentials()
    GoogleAuth(credentials=creds).apply(request())
    assert isinstance(creds.transports[0], Request)


def test_refresh_falls_back_to_the_urllib3_transport(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("urllib3")
    pytest.importorskip("packaging")
    from google.auth.transport.urllib3 import Request

    monkeypatch.setitem(sys.modules, "google.auth.transport.requests", None)
    creds = CountingCredentials()
    GoogleAuth(credentials=creds).apply(request())
    assert isinstance(creds.transports[0], Request)


def test_no_transport_at_all_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "google.auth.transport.requests", None)
    monkeypatch.setitem(sys.modules, "google.auth.transport.urllib3", None)
    with pytest.raises(UsageError, match=r"ai-sdk-integrations\[vertex\]"):
        GoogleAuth(credentials=CountingCredentials()).apply(request())


def test_missing_google_auth_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("google.auth", "google.auth.exceptions", "google.oauth2"):
        monkeypatch.setitem(sys.modules, name, None)  # makes `import name` raise ImportError
    with pytest.raises(UsageError, match=r'pip install "ai-sdk-integrations\[vertex\]"'):
        GoogleAuth().apply(request())


def test_no_application_default_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from google.auth.compute_engine import _metadata

    monkeypatch.delenv("GOOGLE_APPLICATION_CREDENTIALS", raising=False)
    monkeypatch.setenv("CLOUDSDK_CONFIG", str(tmp_path))  # no gcloud ADC file in there
    monkeypatch.setattr(_metadata, "is_on_gce", lambda request: False)  # do not probe the metadata server
    with pytest.raises(LoadAPIKeyError) as caught:
        GoogleAuth().apply(request())
    message = str(caught.value)
    for hint in (
        "GOOGLE_APPLICATION_CREDENTIALS",
        "gcloud auth application-default login",
        "credentials_file=",
    ):
        assert hint in message


def test_application_default_credentials_from_the_environment_variable(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "adc.json"
    path.write_text(json.dumps(AUTHORIZED_USER))
    monkeypatch.setenv("GOOGLE_APPLICATION_CREDENTIALS", str(path))
    monkeypatch.setattr(oauth2_credentials.Credentials, "refresh", fake_refresh)
    outgoing = request()
    assert GoogleAuth().apply(outgoing) == ("ya29.from-file",)
    assert outgoing.headers["authorization"] == "Bearer ya29.from-file"


# -- credentials_file ------------------------------------------------------------------

AUTHORIZED_USER = {
    "type": "authorized_user",
    "client_id": "123.apps.googleusercontent.com",
    "client_secret": "not-a-real-secret",
    "refresh_token": "1//not-a-real-refresh-token",
}


def fake_refresh(self: Any, request: Any) -> None:
    self.token = "ya29.from-file"
    self.expiry = utcnow() + datetime.timedelta(hours=1)


def service_account_info() -> dict[str, str]:
    pytest.importorskip("cryptography")  # required by recent google-auth releases, optional in older ones
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return {
        "type": "service_account",
        "project_id": "example-project",
        "private_key_id": "0123456789abcdef",
        "private_key": pem,
        "client_email": "vertex@example-project.iam.gserviceaccount.com",
        "client_id": "1234567890",
        "token_uri": "https://oauth2.googleapis.com/token",
    }


def test_service_account_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "key.json"
    path.write_text(json.dumps(service_account_info()))
    seen: list[Any] = []

    def refresh(self: Any, request: Any) -> None:
        seen.append(self)
        fake_refresh(self, request)

    monkeypatch.setattr(service_account.Credentials, "refresh", refresh)
    auth = GoogleAuth(scopes=("https://www.googleapis.com/auth/cloud-platform",), credentials_file=str(path))
    assert auth.apply(request()) == ("ya29.from-file",)
    (creds,) = seen
    assert isinstance(creds, service_account.Credentials)
    assert creds.service_account_email == "vertex@example-project.iam.gserviceaccount.com"
    assert creds.scopes == ["https://www.googleapis.com/auth/cloud-platform"]


def test_authorized_user_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = tmp_path / "adc.json"
    path.write_text(json.dumps(AUTHORIZED_USER))
    monkeypatch.setattr(oauth2_credentials.Credentials, "refresh", fake_refresh)
    assert GoogleAuth(credentials_file=str(path)).apply(request()) == ("ya29.from-file",)


@pytest.mark.parametrize(
    ("content", "error", "match"),
    [
        (None, LoadAPIKeyError, "Cannot read"),
        ("{not json", LoadAPIKeyError, "not valid JSON"),
        (json.dumps({"type": "service_account"}), LoadAPIKeyError, "incomplete or malformed"),
        (json.dumps({"type": "external_account"}), UsageError, "GOOGLE_APPLICATION_CREDENTIALS"),
    ],
    ids=["missing", "not-json", "incomplete", "unsupported-type"],
)
def test_bad_credentials_files(
    tmp_path: Path, content: str | None, error: type[Exception], match: str
) -> None:
    path = tmp_path / "key.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(error, match=match) as caught:
        GoogleAuth(credentials_file=str(path)).apply(request())
    assert str(path) in str(caught.value)


# -- construction, repr, laziness ----------------------------------------------------------


def test_no_token_in_any_repr_and_credentials_do_not_affect_equality() -> None:
    creds = CountingCredentials()
    auth = GoogleAuth(credentials=creds)
    auth.apply(request())
    assert "ya29" not in repr(auth)
    assert repr(auth) == (
        "GoogleAuth(scopes=('https://www.googleapis.com/auth/cloud-platform',), credentials_file=None)"
    )
    assert auth == GoogleAuth()


def test_arguments_are_checked() -> None:
    with pytest.raises(UsageError):
        GoogleAuth(credentials=CountingCredentials(), credentials_file="key.json")
    with pytest.raises(UsageError):
        GoogleAuth(scopes="https://www.googleapis.com/auth/cloud-platform")  # type: ignore[arg-type]
    assert GoogleAuth(scopes=["a", "b"]).scopes == ("a", "b")  # type: ignore[arg-type]


def test_importing_the_module_does_not_import_google_auth() -> None:
    code = (
        "import sys, ai_sdk_integrations.transport.auth.google\n"
        "assert not [m for m in sys.modules if m.startswith(('google.auth', 'google.oauth2'))], 'imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
