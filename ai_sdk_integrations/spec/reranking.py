"""A reranking call and its result (the AI SDK's ``RerankingModelV4.doRerank``).

Documents are either all texts or all JSON objects, tagged as the AI SDK tags them
(``{type: 'text', values}`` / ``{type: 'object', values}``), so the Gateway codec sends
these objects as they are and each vendor codec decides how its API takes objects
(Cohere: one JSON string per object; Together: the objects themselves).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeAlias

from .prompt import ProviderOptions
from .results import CallWarning, ProviderMetadata, ResponseInfo


@dataclass(frozen=True, slots=True)
class TextDocuments:
    values: Sequence[str]
    type: Literal["text"] = "text"


@dataclass(frozen=True, slots=True)
class ObjectDocuments:
    values: Sequence[Mapping[str, Any]]
    type: Literal["object"] = "object"


RerankDocuments: TypeAlias = TextDocuments | ObjectDocuments


@dataclass(frozen=True, slots=True)
class RerankCallOptions:
    """``top_n``: return only the ``top_n`` most relevant documents (``None``: all)."""

    documents: RerankDocuments
    query: str
    top_n: int | None = None
    provider_options: ProviderOptions | None = None
    headers: Mapping[str, str] | None = None


@dataclass(frozen=True, slots=True)
class RankedIndex:
    """One document's place: its index in the documents sent, and its score."""

    index: int
    relevance_score: float


@dataclass(frozen=True, slots=True)
class RerankUsage:
    tokens: int | None = None


@dataclass(frozen=True, slots=True)
class RerankingModelResult:
    """``ranking`` is most relevant first (``RerankingModel`` sorts it so)."""

    ranking: Sequence[RankedIndex]
    usage: RerankUsage | None = None
    warnings: Sequence[CallWarning] = ()
    provider_metadata: ProviderMetadata | None = None
    response: ResponseInfo | None = None
