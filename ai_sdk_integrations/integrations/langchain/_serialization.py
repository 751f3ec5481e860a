"""What LangChain serialisation (``langchain_core.load``) needs from both adapters."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import SecretStr

from ...spec.errors import AISDKError

NAMESPACE = ("ai_sdk_integrations", "langchain")
"""``lc_id`` prefix: the public import path, which ``load`` imports the class from."""


def key_variable(model: Any, resolve: Callable[[], Any]) -> str:
    """The variable the model's provider reads its key from (``OPENAI_API_KEY``,
    ``AI_GATEWAY_API_KEY``, an ``api_key_env`` setting, ...): the secret's name in
    ``dumpd`` output, which ``load(..., secrets_map=...)`` or ``secrets_from_env`` fills.
    Resolving the model reads no key."""
    try:
        resolved = resolve()
    except AISDKError:  # e.g. Azure without its resource name: named from the prefix
        resolved = None
    auth = getattr(getattr(resolved, "endpoint", None), "auth", None)
    names = getattr(getattr(auth, "source", None), "env", ())
    if names:
        return str(names[0])
    provider = getattr(resolved, "provider", None) or str(model).partition(":")[0] or "AI_SDK"
    return f"{provider.upper().replace('-', '_')}_API_KEY"


def lift_settings_key(data: Any) -> Any:
    """A key given as ``model_settings={"api_key": "..."}`` moves to the ``api_key``
    field, where ``dumpd`` writes it as a secret that ``load`` can fill back (a secret
    nested in a dict is escaped, not revived). A callable key stays where it is."""
    if not isinstance(data, Mapping):
        return data
    settings = data.get("model_settings")
    if not isinstance(settings, Mapping) or not isinstance(settings.get("api_key"), str | SecretStr):
        return data
    if data.get("api_key") is not None or data.get("openai_api_key") is not None:
        return data  # the field wins when the model is resolved
    rest = {key: value for key, value in settings.items() if key != "api_key"}
    return {**data, "model_settings": rest, "api_key": settings["api_key"]}
