"""Middleware for language and embedding models, as in the AI SDK.

``wrap_language_model(model, middleware)`` / ``wrap_embedding_model(...)`` return models
that work wherever a model does; the built-ins cover default settings and
instructions, reasoning written inline in tags, JSON in Markdown fences, and streams
answered by one generate call. See ``language_model`` for the hooks and the order in
which a list of middleware is applied.
"""

from .defaults import default_instructions_middleware, default_settings_middleware
from .embedding_model import (
    EmbeddingModelMiddleware,
    EmbedParams,
    WrappedEmbeddingModel,
    default_embedding_settings_middleware,
    wrap_embedding_model,
)
from .extract_json import extract_json_middleware
from .extract_reasoning import extract_reasoning_middleware
from .language_model import CallType, LanguageModelMiddleware, WrappedLanguageModel, wrap_language_model
from .simulate_streaming import simulate_streaming_middleware

__all__ = [
    "CallType",
    "EmbedParams",
    "EmbeddingModelMiddleware",
    "LanguageModelMiddleware",
    "WrappedEmbeddingModel",
    "WrappedLanguageModel",
    "default_embedding_settings_middleware",
    "default_instructions_middleware",
    "default_settings_middleware",
    "extract_json_middleware",
    "extract_reasoning_middleware",
    "simulate_streaming_middleware",
    "wrap_embedding_model",
    "wrap_language_model",
]
