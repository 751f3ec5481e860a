"""Model strings, presets, base URLs and keys: resolved without I/O and without a key."""

from __future__ import annotations

import pickle
import subprocess
import sys

import pytest

from ai_sdk_integrations import embedding_model, known_providers, language_model
from ai_sdk_integrations.providers.openai_compatible.services import SERVICES
from ai_sdk_integrations.spec.errors import LoadAPIKeyError, NoSuchProviderError, UsageError
from ai_sdk_integrations.transport import Secret, normalize_base_url


def test_unknown_provider_names_the_known_ones() -> None:
    with pytest.raises(NoSuchProviderError) as caught:
        language_model("opneai:gpt-4o-mini")
    message = str(caught.value)
    assert "'opneai'" in message
    for name in known_providers():
        assert name in message
    assert "openai-compatible" in message


@pytest.mark.parametrize("bad", ["gpt-4o-mini", ":gpt-4o", "openai:"])
def test_malformed_model_string_shows_the_shape(bad: str) -> None:
    with pytest.raises(UsageError, match="provider:model-id"):
        language_model(bad)


def test_model_ids_may_contain_colons() -> None:
    assert language_model("ollama:llama3.2:1b").model_id == "llama3.2:1b"


def test_missing_key_is_reported_at_call_time_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GROQ_API_KEY", raising=False)
    model = language_model("groq:llama-3.1-8b-instant")  # resolving needs no key
    with pytest.raises(LoadAPIKeyError, match="GROQ_API_KEY"):
        model.endpoint.request_headers({})


def test_key_is_read_from_the_environment_per_request(monkeypatch: pytest.MonkeyPatch) -> None:
    model = language_model("openai:gpt-4o-mini")
    monkeypatch.setenv("OPENAI_API_KEY", "first-key-value")
    assert model.endpoint.request_headers({})[0]["authorization"] == "Bearer first-key-value"
    monkeypatch.setenv("OPENAI_API_KEY", "rotated-key-value")
    assert model.endpoint.request_headers({})[0]["authorization"] == "Bearer rotated-key-value"


def test_explicit_key_wins_and_is_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "env-key-value")
    model = language_model("openai:gpt-4o-mini", api_key="explicit-key-value")
    headers, secrets = model.endpoint.request_headers({})
    assert headers["authorization"] == "Bearer explicit-key-value"
    assert secrets == ("explicit-key-value",)
    assert "explicit-key-value" not in repr(model)
    assert "explicit-key-value" not in repr(Secret("explicit-key-value"))


@pytest.mark.parametrize("provider", ["ollama", "lmstudio", "llamacpp", "vllm", "local"])
def test_local_servers_need_no_key(provider: str) -> None:
    headers, secrets = language_model(f"{provider}:m").endpoint.request_headers({})
    assert "authorization" not in headers and secrets == ()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://localhost:8000", "http://localhost:8000/v1"),
        ("http://localhost:8000/", "http://localhost:8000/v1"),
        ("http://localhost:8000/v1", "http://localhost:8000/v1"),
        ("http://localhost:8000/v1/", "http://localhost:8000/v1"),
        ("https://openrouter.ai/api/v1", "https://openrouter.ai/api/v1"),
        ("https://host/openai", "https://host/openai"),
    ],
)
def test_v1_is_added_to_a_bare_host_and_never_doubled(given: str, expected: str) -> None:
    assert normalize_base_url(given) == expected
    model = language_model("openai-compatible:m", base_url=given)
    assert model.endpoint.url("/chat/completions") == expected + "/chat/completions"
    assert "/v1/v1" not in model.endpoint.url("/chat/completions")


@pytest.mark.parametrize("name", sorted([*SERVICES, "openai", "azure", "gateway"]))
def test_every_preset_resolves_without_a_key_or_network(name: str) -> None:
    settings = {"resource_name": "myres"} if name == "azure" else {}
    model = language_model(f"{name}:some-model", **settings)
    url = model.endpoint.url("/chat/completions")
    assert url.startswith(("http://", "https://"))
    assert "/v1/v1" not in url
    assert model.provider == name
    assert embedding_model(f"{name}:some-embedder", **settings).provider == name


def test_azure_deployment_url_api_key_header_and_api_version(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZURE_OPENAI_API_KEY", "azure-key-value")
    model = language_model("azure:my-deployment", resource_name="myres", api_version="2025-01-01-preview")
    assert model.endpoint.url("/chat/completions") == (
        "https://myres.openai.azure.com/openai/deployments/my-deployment/chat/completions"
        "?api-version=2025-01-01-preview"
    )
    headers, _ = model.endpoint.request_headers({})
    assert headers["api-key"] == "azure-key-value"
    assert "authorization" not in headers


def test_azure_needs_a_resource(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AZURE_RESOURCE_NAME", raising=False)
    monkeypatch.delenv("AZURE_OPENAI_ENDPOINT", raising=False)
    with pytest.raises(UsageError, match="AZURE_RESOURCE_NAME"):
        language_model("azure:dep")


def test_openai_compatible_requires_a_base_url() -> None:
    with pytest.raises(UsageError, match="base_url"):
        language_model("openai-compatible:my-model")


def test_base_url_from_the_presets_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OLLAMA_BASE_URL", "http://gpu-box:11434")
    assert language_model("ollama:llama3.2").endpoint.base_url == "http://gpu-box:11434/v1"


def test_quirks_can_be_overridden_per_model() -> None:
    model = language_model("openai-compatible:m", base_url="http://h", structured_outputs="json_schema")
    assert model.profile.structured_output == "json_schema"
    assert language_model("openai-compatible:m", base_url="http://h").profile.structured_output == "json_mode"
    local = language_model("local:smollm2", structured_outputs="json_object_schema")
    assert local.codec.dialect.schema_form == "json_object_schema"  # type: ignore[attr-defined]


def test_unknown_setting_is_rejected() -> None:
    with pytest.raises(UsageError, match="temprature"):
        language_model("openai:gpt-4o-mini", temprature=0.2)
    with pytest.raises(UsageError, match="did you mean 'timeout'"):
        language_model("openai:gpt-4o-mini", timeuot=3)


def test_models_pickle_and_keep_their_settings() -> None:
    model = language_model("openai:gpt-4o-mini", api_key="pickled-key-value", max_retries=5)
    copy = pickle.loads(pickle.dumps(model))
    assert copy == model
    assert copy.endpoint.max_retries == 5
    assert copy.endpoint.request_headers({})[0]["authorization"] == "Bearer pickled-key-value"


def test_import_is_light() -> None:
    """The core import loads no framework and no HTTP client (measured: see README)."""
    code = (
        "import sys, ai_sdk_integrations;"
        "heavy = ('langchain_core', 'langchain', 'llama_index', 'httpx2', 'httpx', 'pydantic', 'openai');"
        "print(sorted({m.split('.')[0] for m in sys.modules} & set(heavy)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_resolving_a_model_loads_no_http_client() -> None:
    code = (
        "import sys, ai_sdk_integrations as a; a.language_model('openai:gpt-4o-mini');"
        "print('httpx2' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("module", "name", "framework", "extra"),
    [
        ("ai_sdk_integrations.langchain", "ChatAISDK", "langchain_core", "langchain"),
        ("ai_sdk_integrations.llama_index", "AISDK", "llama_index", "llama-index"),
    ],
)
def test_an_adapter_without_its_framework_says_which_extra_to_install(
    monkeypatch: pytest.MonkeyPatch, module: str, name: str, framework: str, extra: str
) -> None:
    import importlib
    import sys

    for loaded in [m for m in sys.modules if m == framework or m.startswith(framework + ".")]:
        monkeypatch.delitem(sys.modules, loaded)
    for loaded in [m for m in sys.modules if m.startswith("ai_sdk_integrations.integrations")]:
        monkeypatch.delitem(sys.modules, loaded)
    monkeypatch.setitem(sys.modules, framework, None)  # "not installed"
    shim = importlib.import_module(module)
    monkeypatch.delitem(shim.__dict__, name, raising=False)
    with pytest.raises(ImportError, match=rf'pip install "ai-sdk-integrations\[{extra}\]"'):
        getattr(shim, name)
