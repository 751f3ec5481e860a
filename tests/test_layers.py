"""The import rules that keep the layers apart (see README, "Architecture").

Read from the source with ``ast``, so a rule broken anywhere (even in a function body
or under ``TYPE_CHECKING``) fails here:

- no framework adapter imports the transport or a provider package;
- no codec (any module of ``providers/`` but a package's ``provider.py``) imports the
  transport or a socket or HTTP library;
- the transport imports no provider, no core and no adapter;
- ``spec/`` imports nothing of the package but ``spec/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "ai_sdk_integrations"
NETWORK_LIBRARIES = ("httpx", "httpx2", "httpcore", "httpcore2", "socket", "ssl", "urllib.request", "asyncio")


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved)."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def modules(under: str) -> list[Path]:
    return sorted((PACKAGE / under).rglob("*.py"))


def _violations(paths: list[Path], forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for path in paths:
        for name in sorted(imports_of(path)):
            if any(name == f or name.startswith(f + ".") for f in forbidden):
                out.append(f"{path.relative_to(PACKAGE)} imports {name}")
    return out


def test_the_rules_see_real_imports() -> None:
    """Guard against a checker that finds nothing: known imports are found."""
    assert "ai_sdk_integrations.transport.client" in imports_of(PACKAGE / "provider" / "language_model.py")
    assert "ai_sdk_integrations.spec" in imports_of(PACKAGE / "providers" / "openai" / "chat.py")


def test_no_adapter_imports_the_transport_or_a_provider_package() -> None:
    forbidden = ("ai_sdk_integrations.transport", "ai_sdk_integrations.providers", *NETWORK_LIBRARIES)
    assert _violations(modules("integrations"), forbidden) == []


def test_no_codec_imports_the_transport_or_a_network_library() -> None:
    codecs = [path for path in modules("providers") if path.name != "provider.py"]
    assert len(codecs) > 10
    assert _violations(codecs, ("ai_sdk_integrations.transport", *NETWORK_LIBRARIES)) == []


@pytest.mark.parametrize(
    "forbidden",
    [
        "ai_sdk_integrations.providers",
        "ai_sdk_integrations.provider",
        "ai_sdk_integrations.core",
        "ai_sdk_integrations.integrations",
    ],
)
def test_the_transport_imports_no_provider_core_or_adapter(forbidden: str) -> None:
    assert _violations(modules("transport"), (forbidden,)) == []


def test_spec_imports_only_spec() -> None:
    inside = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in modules("spec")
        for name in imports_of(path)
        if name.startswith("ai_sdk_integrations.") and not name.startswith("ai_sdk_integrations.spec")
    ]
    assert inside == []


def test_no_module_is_over_600_lines() -> None:
    long = {
        str(p.relative_to(PACKAGE)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text().splitlines())) > 600
    }
    assert long == {}
