"""One virtualenv per contender family, created and cached by the benchmark itself.

Why: a peer measured in the same interpreter as another (or as the package)
shares its imports, its ``httpx`` version and its garbage, so its import time,
memory and even speed depend on what else is loaded. Each peer here gets a
virtualenv of its own under ``benchmarks/.venvs/`` (gitignored), holding only
that peer and what it pulls in, from PyPI within the ranges below. ``core``
holds the floors, the package's own rows and the "limit" rows: the package's
runtime dependencies and framework cores, read from ``pyproject.toml``, with
the working tree put first on ``PYTHONPATH`` (so it measures the checkout,
installed or not).

A venv is reused while its requirement list and Python version are unchanged
(a stamp file records both); ``--refresh-venvs`` rebuilds them, taking the
newest release each range allows. Stdlib only: ``run.py`` imports this from
whatever interpreter runs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
VENVS_DIR = HERE / ".venvs"
STAMP = ".bench-spec.json"


def _core_requirements() -> list[str]:
    """The package's runtime deps plus its LangChain / LlamaIndex extras, and raw httpx for its floor."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    return [*project["dependencies"], *extras["langchain"], *extras["llama-index"], "httpx>=0.28,<1"]


@dataclass(frozen=True)
class Venv:
    """``requirements`` are pip specifiers; ``packages`` are the distributions whose versions are reported."""

    name: str
    requirements: tuple[str, ...]
    packages: tuple[str, ...]
    with_repo: bool = False  # put the working tree first on PYTHONPATH

    @property
    def path(self) -> Path:
        return VENVS_DIR / self.name

    @property
    def python(self) -> Path:
        return self.path / "bin" / "python"


# The peers' ranges: the current major line of each. Mirrored by the ``bench`` extra.
PEERS: dict[str, tuple[str, ...]] = {
    "openai": ("openai>=3,<4",),
    "langchain-openai": ("langchain-openai>=1.1,<2",),
    "llama-index-openai-like": ("llama-index-llms-openai-like>=0.5,<0.9",),
    "litellm": ("litellm>=1.70,<2",),
    "anthropic": ("anthropic>=2,<3",),
    "langchain-anthropic": ("langchain-anthropic>=1.1,<2",),
}

_REPORTED = (
    "openai",
    "anthropic",
    "langchain-openai",
    "langchain-anthropic",
    "langchain-core",
    "llama-index-llms-openai-like",
    "llama-index-llms-openai",
    "llama-index-core",
    "litellm",
    "httpx",
    "httpx2",
    "httpcore",
    "pydantic",
    "aiohttp",
)


def all_venvs() -> dict[str, Venv]:
    venvs = {"core": Venv("core", tuple(_core_requirements()), _REPORTED, with_repo=True)}
    for name, requirements in PEERS.items():
        venvs[name] = Venv(name, requirements, _REPORTED)
    return venvs


def _spec(venv: Venv) -> dict[str, object]:
    return {"requirements": list(venv.requirements), "python": sys.version.split()[0]}


def _log(message: str) -> None:
    print(f"[venvs] {message}", file=sys.stderr, flush=True)


def ensure(venv: Venv, refresh: bool = False) -> str | None:
    """Create or update ``venv``; returns ``None`` when usable, else why not (the rows become skipped)."""
    stamp = venv.path / STAMP
    if not refresh and venv.python.exists() and stamp.exists():
        try:
            if json.loads(stamp.read_text()) == _spec(venv):
                return None
        except ValueError:
            pass
    _log(f"{venv.name}: installing {' '.join(venv.requirements)} into {venv.path}")
    try:
        if not venv.python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(venv.path)], check=True, capture_output=True)
        command = [str(venv.python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
        if refresh:
            command.append("--upgrade")
        subprocess.run([*command, *venv.requirements], check=True, capture_output=True, text=True)
    except subprocess.CalledProcessError as exc:
        tail = ((exc.stderr or "") if isinstance(exc.stderr, str) else "").strip().splitlines()[-3:]
        return f"venv {venv.name} could not be built: {' / '.join(tail) or exc}"
    stamp.write_text(json.dumps(_spec(venv)))
    return None


def environment(venv: Venv, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment a process in ``venv`` runs with (working tree on the path for ``core``)."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env.pop("VIRTUAL_ENV", None)
    if venv.with_repo:
        env["PYTHONPATH"] = str(REPO)
    # LiteLLM fetches a model price list from the network at import unless told not to;
    # the benchmark must never leave the machine.
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    # Tracing would time the tracer (and try the network), not the models.
    for variable in ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "LANGCHAIN_TRACING"):
        env[variable] = "false"
    env.update(extra or {})
    return env


def versions(venv: Venv) -> dict[str, str]:
    """The reported distributions' versions in ``venv`` (``{}`` if it cannot start)."""
    code = (
        "import importlib.metadata as m, json, sys\n"
        "names = set(json.loads(sys.argv[1]))\n"
        "out = {}\n"
        "for d in m.distributions():\n"
        "    n = (d.metadata['Name'] or '').lower().replace('_', '-')\n"
        "    if n in names: out[n] = d.version\n"
        "out['python'] = sys.version.split()[0]\n"
        "print(json.dumps(out))\n"
    )
    try:
        proc = subprocess.run(
            [str(venv.python), "-c", code, json.dumps(venv.packages)],
            check=True,
            capture_output=True,
            text=True,
            env=environment(venv),
        )
    except (OSError, subprocess.CalledProcessError):
        return {}
    found: dict[str, str] = json.loads(proc.stdout)
    return dict(sorted(found.items()))


if __name__ == "__main__":  # build them all: python benchmarks/venvs.py [--refresh]
    refresh = "--refresh" in sys.argv[1:]
    for v in all_venvs().values():
        print(v.name, ensure(v, refresh) or "ok", versions(v))
