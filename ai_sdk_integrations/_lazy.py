"""Module-level ``__getattr__`` that imports a name's submodule on first access.

Keeps package imports cheap: ``import ai_sdk_integrations`` loads no HTTP client and
``import ai_sdk_integrations.langchain`` no class until one is used.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(package: str, exports: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    def __getattr__(name: str) -> Any:
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        namespace[name] = value  # later lookups skip this function
        return value

    return __getattr__
