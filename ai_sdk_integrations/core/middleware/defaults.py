"""Defaults a model carries into every call: call settings and system instructions.

``default_settings_middleware`` fills what a call leaves unset (``None``); what the
call sets wins, and provider options and headers are merged key by key, deeply, the
call's values winning (the AI SDK's ``mergeObjects``). ``default_instructions_middleware``
adds system messages to calls that have none.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...provider.language_model import LanguageModel
from ...spec import CallOptions, JsonFormat, SystemMessage, TextFormat, ToolChoice
from ...spec.errors import UsageError
from .language_model import CallType, LanguageModelMiddleware

SETTING_NAMES = frozenset(f.name for f in dataclasses.fields(CallOptions)) - {"prompt"}
_MERGED = frozenset({"provider_options", "headers"})


def merge_deep(defaults: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, Any]:
    """``defaults`` with ``given`` on top; nested mappings merged the same way."""
    merged = dict(defaults)
    for key, value in given.items():
        base = merged.get(key)
        if isinstance(base, Mapping) and isinstance(value, Mapping):
            merged[key] = merge_deep(base, value)
        else:
            merged[key] = value
    return merged


def apply_defaults(params: CallOptions, settings: Mapping[str, Any]) -> CallOptions:
    changes: dict[str, Any] = {}
    for name, default in settings.items():
        given = getattr(params, name)
        if given is None:
            changes[name] = default
        elif name in _MERGED:
            changes[name] = merge_deep(default, given)
    return dataclasses.replace(params, **changes) if changes else params


@dataclass(frozen=True, slots=True)
class DefaultSettingsMiddleware(LanguageModelMiddleware):
    settings: Mapping[str, Any]

    def transform_params(self, *, type: CallType, params: CallOptions, model: LanguageModel) -> CallOptions:
        return apply_defaults(params, self.settings)


def check_setting_names(names: Sequence[str], allowed: frozenset[str], where: str) -> None:
    for name in names:
        if name in allowed:
            continue
        if name in ("system", "instructions"):
            raise UsageError(
                f"{where}: instructions are not a setting; use default_instructions_middleware()"
            )
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(
            f"{where} got an unknown setting {name!r}{hint} Settings are: {', '.join(sorted(allowed))}"
        )


def _spec_value(name: str, value: Any) -> Any:
    """The shorthands ``generate_text`` takes, as spec values."""
    if name == "response_format" and value in ("json", "text"):
        return JsonFormat() if value == "json" else TextFormat()
    if name == "tool_choice" and isinstance(value, str):
        return ToolChoice(value) if value in ("auto", "none", "required") else ToolChoice("tool", value)  # type: ignore[arg-type]
    return value


def default_settings_middleware(
    settings: Mapping[str, Any] | None = None, /, **more: Any
) -> DefaultSettingsMiddleware:
    """Default call settings: ``default_settings_middleware(temperature=0,
    max_output_tokens=512, provider_options={"openai": {"user": "u1"}})`` (or one
    mapping of them). Names are ``CallOptions`` fields; a call's own value wins, and
    ``provider_options`` / ``headers`` are merged deeply with the call's on top."""
    given = {**(settings or {}), **more}
    check_setting_names(list(given), SETTING_NAMES, "default_settings_middleware")
    return DefaultSettingsMiddleware({name: _spec_value(name, value) for name, value in given.items()})


@dataclass(frozen=True, slots=True)
class DefaultInstructionsMiddleware(LanguageModelMiddleware):
    messages: tuple[SystemMessage, ...]

    def transform_params(self, *, type: CallType, params: CallOptions, model: LanguageModel) -> CallOptions:
        if not self.messages or any(isinstance(message, SystemMessage) for message in params.prompt):
            return params
        return dataclasses.replace(params, prompt=[*self.messages, *params.prompt])


def default_instructions_middleware(
    instructions: str | SystemMessage | Sequence[str | SystemMessage],
) -> DefaultInstructionsMiddleware:
    """System instructions for calls that bring none of their own (a call with any
    system message, or ``system=`` / ``instructions=``, keeps its own): a string, a
    ``SystemMessage`` (with provider options, e.g. a cache point) or a list of them."""
    items = [instructions] if isinstance(instructions, str | SystemMessage) else list(instructions)
    for item in items:
        if not isinstance(item, str | SystemMessage):
            raise UsageError(
                "default_instructions_middleware takes a string, a SystemMessage or a list of them, "
                f"not {type(item).__name__}"
            )
    messages = tuple(item if isinstance(item, SystemMessage) else SystemMessage(item) for item in items)
    return DefaultInstructionsMiddleware(messages)
