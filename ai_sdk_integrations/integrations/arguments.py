"""Constructor arguments: the spellings users bring from the peers, and a clear error
for anything else (never a silent drop, which once sent prompts to api.openai.com when
a user wrote ``openai_api_base=``)."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from ..spec.errors import UsageError


def accepted_names(model_cls: Any) -> frozenset[str]:
    """Every field name and every alias a pydantic model class accepts."""
    names: set[str] = set()
    for name, info in model_cls.model_fields.items():
        names.add(name)
        if info.alias:
            names.add(info.alias)
        choices = getattr(info.validation_alias, "choices", None)
        if choices:
            names.update(c for c in choices if isinstance(c, str))
        elif isinstance(info.validation_alias, str):
            names.add(info.validation_alias)
    return frozenset(names)


def reject_unknown(model_cls: Any, data: Any) -> None:
    """Raise for the first argument ``model_cls`` does not take, naming the closest one."""
    if not isinstance(data, Mapping):
        return
    accepted = accepted_names(model_cls)
    unknown = [key for key in data if key not in accepted]
    if not unknown:
        return
    name = unknown[0]
    close = difflib.get_close_matches(name, accepted, n=1, cutoff=0.7)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UsageError(
        f"{model_cls.__name__} got an unknown argument {name!r}{hint} Request-body parameters go in "
        "model_kwargs={...} (LangChain) or additional_kwargs={...} (LlamaIndex); client settings "
        "such as headers and query parameters have fields of their own (default_headers, default_query)."
    )


def check_model_string(model: Any) -> None:
    """A bad ``provider:model-id`` string fails when the adapter is made, listing the
    known providers, instead of on the first request."""
    if not isinstance(model, str):
        return
    from ..core.registry import known_providers, split_model_string
    from ..spec.errors import NoSuchProviderError

    provider, _ = split_model_string(model)
    known = known_providers()
    if provider not in known:
        raise NoSuchProviderError(
            f"unknown provider {provider!r} in {model!r}; known providers: {', '.join(known)}"
        )
