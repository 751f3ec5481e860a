"""Module-level ``__getattr__`` that imports a name's submodule on first access.

Keeps package imports cheap: ``import ai_sdk_integrations`` loads no HTTP client and
``import ai_sdk_integrations.langchain`` no class until one is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(
    package: str,
    exports: Mapping[str, str],
    namespace: dict[str, Any],
    *,
    extra: tuple[str, str] | None = None,
) -> Callable[[str], Any]:
    """``extra``: (the framework's top module, the extra that installs it), so a missing
    framework is an error that says what to install."""

    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        try:
            loaded = importlib.import_module(f".{module}", package)
        except ModuleNotFoundError as exc:
            if extra is None or (exc.name or "").split(".")[0] != extra[0]:
                raise
            raise ImportError(
                f"{package}.{name} needs {extra[0]}, which is not installed: "
                f'pip install "ai-sdk-integrations[{extra[1]}]"'
            ) from exc
        value = getattr(loaded, name)
        namespace[name] = value  # later lookups skip this function
        return value

    return __getattr__
