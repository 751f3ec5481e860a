"""What the Vercel AI Gateway offers: its models (``GET /config``) and your credits.

The model list changes rarely and is asked for often (pickers, validation), so it is
cached for five minutes, stale-while-revalidate as the AI SDK does: a stale list is
returned at once while a fresh one is fetched in the background. Credits are never
cached.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from .errors import gateway_error_class, gateway_error_message

REFRESH_SECONDS = 300.0
MODEL_TYPES = frozenset(
    {
        "language",
        "embedding",
        "image",
        "video",
        "realtime",
        "reranking",
        "speech",
        "transcription",
        "decision",
        "evaluation",
    }
)
"""The model types ``/config`` lists today (``@ai-sdk/gateway`` 4.x); a type not in this
set is kept as the Gateway names it, since a new one needs no new client to be listed."""


@dataclass(frozen=True, slots=True)
class GatewayPricing:
    """USD per token, as the Gateway states them (exact decimals, not floats)."""

    input: Decimal
    output: Decimal
    cached_input_tokens: Decimal | None = None
    cache_creation_input_tokens: Decimal | None = None


@dataclass(frozen=True, slots=True)
class GatewayModel:
    id: str
    name: str
    model_type: str
    """``language``, ``embedding``, ``image``, ``video``, ``realtime``, ``reranking``,
    ``speech``, ``transcription``, ``decision``, ``evaluation``, or a newer type as named."""
    description: str | None = None
    pricing: GatewayPricing | None = None
    provider: str | None = None


@dataclass(frozen=True, slots=True)
class GatewayCredits:
    balance: Decimal
    total_used: Decimal


class ErrorReader:
    """Reads the Gateway's error bodies for the transport (no codec is involved)."""

    error_message = staticmethod(gateway_error_message)
    error_class = staticmethod(gateway_error_class)


def parse_config(body: Mapping[str, Any]) -> list[GatewayModel]:
    """Every model the Gateway lists, of any ``modelType`` (the AI SDK drops the types
    its schema does not know; a Python caller listing models wants them all). Only a
    malformed entry is dropped: not an object, no string ``id``, a ``modelType`` or
    ``name`` that is not a string, or pricing that is not a pair of decimal strings.
    A missing ``modelType`` means ``language``."""
    entries = body.get("models") if isinstance(body, Mapping) else None
    models = []
    for entry in entries if isinstance(entries, list) else ():
        model = _model(entry)
        if model is not None:
            models.append(model)
    return models


def _decimal(value: Any) -> Decimal:
    if not isinstance(value, str):
        raise ValueError(f"not a decimal string: {value!r}")
    try:
        amount = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a decimal string: {value!r}") from exc
    if not amount.is_finite():
        raise ValueError(f"not a finite price: {value!r}")
    return amount


def _pricing(price: Any) -> GatewayPricing | None:
    if price is None:
        return None
    if not isinstance(price, Mapping):
        raise ValueError(f"pricing is not an object: {price!r}")
    read, write = price.get("input_cache_read"), price.get("input_cache_write")
    return GatewayPricing(
        _decimal(price.get("input")),
        _decimal(price.get("output")),
        _decimal(read) if read else None,
        _decimal(write) if write else None,
    )


def _model(entry: Any) -> GatewayModel | None:
    if not isinstance(entry, Mapping):
        return None
    model_id, name = entry.get("id"), entry.get("name")
    model_type = entry.get("modelType")
    model_type = "language" if model_type is None else model_type
    if not (isinstance(model_id, str) and model_id) or not isinstance(model_type, str) or not model_type:
        return None
    if name is not None and not isinstance(name, str):
        return None
    try:
        pricing = _pricing(entry.get("pricing"))
    except ValueError:
        return None
    description = entry.get("description")
    specification = entry.get("specification")
    provider = specification.get("provider") if isinstance(specification, Mapping) else None
    return GatewayModel(
        model_id,
        name or model_id,
        model_type,
        description if isinstance(description, str) else None,
        pricing,
        provider if isinstance(provider, str) else None,
    )


class _ModelCache:
    """Stale-while-revalidate, per base URL; ``clock`` is injectable for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, list[GatewayModel]]] = {}
        self._refreshing: set[str] = set()

    def get(self, key: str, fetch: Callable[[], list[GatewayModel]]) -> list[GatewayModel]:
        with self._lock:
            entry = self._entries.get(key)
            stale = entry is None or self.clock() - entry[0] > REFRESH_SECONDS
            start_refresh = entry is not None and stale and key not in self._refreshing
            if start_refresh:
                self._refreshing.add(key)
        if entry is None:
            return self._store(key, fetch())
        if start_refresh:
            threading.Thread(target=self._refresh, args=(key, fetch), daemon=True).start()
        return entry[1]

    def _refresh(self, key: str, fetch: Callable[[], list[GatewayModel]]) -> None:
        try:
            self._store(key, fetch())
        except Exception:  # the stale list stays; the next call tries again
            pass
        finally:
            with self._lock:
                self._refreshing.discard(key)

    def _store(self, key: str, models: list[GatewayModel]) -> list[GatewayModel]:
        with self._lock:
            self._entries[key] = (self.clock(), models)
        return models

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


CACHE = _ModelCache()
