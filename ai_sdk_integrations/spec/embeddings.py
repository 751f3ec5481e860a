"""What an embedding call returns (``EmbeddingModelV4.doEmbed``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .results import CallWarning, ProviderMetadata


@dataclass(frozen=True, slots=True)
class EmbeddingUsage:
    tokens: int | None = None


@dataclass(frozen=True, slots=True)
class EmbeddingModelResult:
    """One vector per input value, in input order."""

    embeddings: Sequence[Sequence[float]]
    usage: EmbeddingUsage | None = None
    warnings: Sequence[CallWarning] = ()
    provider_metadata: ProviderMetadata | None = None
    response_headers: Mapping[str, str] | None = None
    response_body: Any = None
