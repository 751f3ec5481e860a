"""Ray Data recipes: embed a dataset, or generate text for each row, with ``map_batches``.

Why: a million documents to embed should need no code of their own. These two
callables turn a batch (``{"text": [...], ...}``) into the same batch plus an
output column, so ``ds.map_batches(EmbedBatches("openai:text-embedding-3-small"),
batch_size=256, concurrency=4)`` spreads the work over Ray's workers; the ``ray``
extra installs Ray Data. Ray itself is never imported here: the callables take
and return plain dict batches, so they also serve any batch engine.

What crosses to the workers: a model given as a ``"provider:model-id"`` string is
resolved in each worker on its first batch, so no client, pool or key is pickled
(the worker reads the key from its own environment, e.g. a Ray ``runtime_env``'s
``env_vars``). A ready model object pickles too, carrying its settings and any key
given as ``api_key=``. Either way nothing process-global travels: the HTTP pools are
made per process (and per event loop) in the worker that uses them.
"""

from __future__ import annotations

from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ..core.embed import DEFAULT_MAX_PARALLEL_CALLS, embed_many
from ..core.generate import generate_text
from ..core.registry import embedding_model, language_model
from ..provider.embedding_model import EmbeddingModel
from ..provider.language_model import LanguageModel


class _PerWorker:
    """Keeps the model spec; resolves it once per worker process, never pickles the result."""

    def __init__(self, model: Any, column: str, output_column: str, settings: Mapping[str, Any]):
        self.model = model
        self.column = column
        self.output_column = output_column
        self.settings = dict(settings)
        self._resolved: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_resolved": None}

    def _values(self, batch: Mapping[str, Any]) -> list[str]:
        return [str(value) for value in batch[self.column]]


class EmbedBatches(_PerWorker):
    """``map_batches`` callable: adds ``output_column`` (one vector per row) from ``column``.

    Each batch goes through ``embed_many``, which splits it to the provider's
    per-call maximum and sends up to ``max_parallel_calls`` requests at once.
    ``settings`` (``api_key``, ``base_url``, ``dimensions``, ...) go to
    ``embedding_model`` when ``model`` is a string.
    """

    def __init__(
        self,
        model: str | EmbeddingModel,
        *,
        column: str = "text",
        output_column: str = "embedding",
        max_parallel_calls: int = DEFAULT_MAX_PARALLEL_CALLS,
        max_retries: int | None = None,
        **settings: Any,
    ):
        super().__init__(model, column, output_column, settings)
        self.max_parallel_calls = max_parallel_calls
        self.max_retries = max_retries

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        if self._resolved is None:
            self._resolved = embedding_model(self.model, **self.settings)
        result = embed_many(
            self._resolved,
            self._values(batch),
            max_parallel_calls=self.max_parallel_calls,
            max_retries=self.max_retries,
        )
        return {**batch, self.output_column: [list(vector) for vector in result.embeddings]}


class GenerateBatches(_PerWorker):
    """``map_batches`` callable: adds ``output_column`` (the answer's text) for each row's prompt.

    Rows of a batch run on ``max_concurrency`` threads sharing the worker's one
    connection pool; ``call_settings`` (``system``, ``max_output_tokens``,
    ``temperature``, ...) go to every ``generate_text`` call. A failed row fails
    its batch, which Ray retries as it retries any task.
    """

    def __init__(
        self,
        model: str | LanguageModel,
        *,
        column: str = "prompt",
        output_column: str = "text",
        max_concurrency: int = 8,
        model_settings: Mapping[str, Any] | None = None,
        **call_settings: Any,
    ):
        super().__init__(model, column, output_column, model_settings or {})
        self.max_concurrency = max_concurrency
        self.call_settings = call_settings

    def _one(self, prompt: str) -> str:
        return generate_text(self._resolved, prompt=prompt, **self.call_settings).text

    def __call__(self, batch: Mapping[str, Any]) -> dict[str, Any]:
        if self._resolved is None:
            self._resolved = language_model(self.model, **self.settings)
        prompts = self._values(batch)
        with ThreadPoolExecutor(max(1, min(self.max_concurrency, len(prompts)))) as pool:
            texts = list(pool.map(self._one, prompts))
        return {**batch, self.output_column: texts}
