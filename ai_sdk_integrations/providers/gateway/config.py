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
from decimal import Decimal
from typing import Any

from .errors import gateway_error_class, gateway_error_message

REFRESH_SECONDS = 300.0
_MODEL_TYPES = frozenset(
    {"language", "embedding", "image", "video", "realtime", "reranking", "speech", "transcription"}
)


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
    """Entries of unknown ``modelType`` are dropped, as the AI SDK drops them."""
    models = []
    for entry in body.get("models") or ():
        model_type = entry.get("modelType", "language")
        if model_type not in _MODEL_TYPES:
            continue
        price = entry.get("pricing")
        pricing = (
            GatewayPricing(
                Decimal(price["input"]),
                Decimal(price["output"]),
                Decimal(price["input_cache_read"]) if price.get("input_cache_read") else None,
                Decimal(price["input_cache_write"]) if price.get("input_cache_write") else None,
            )
            if price
            else None
        )
        provider = (entry.get("specification") or {}).get("provider")
        models.append(
            GatewayModel(
                entry["id"],
                entry.get("name", entry["id"]),
                model_type,
                entry.get("description"),
                pricing,
                provider,
            )
        )
    return models


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
