"""How one OpenAI-compatible server departs from OpenAI, written down as data.

Every quirk a *server* has lives in its ``ChatDialect`` (the rows of
``providers/openai_compatible/services.py``), never as an ``if provider == ...`` inside
the codec. What a *model family* can do is its profile (``provider/profile.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SchemaForm = Literal["json_schema", "json_object_schema"]


@dataclass(frozen=True, slots=True)
class ChatDialect:
    provider: str
    """Key for ``provider_options`` and ``provider_metadata`` (e.g. ``"openai"``)."""

    include_usage: bool = True
    """Send ``stream_options.include_usage`` so streams report token usage."""

    schema_form: SchemaForm = "json_schema"
    """How a JSON schema goes on the wire when the model's profile says it takes one:
    OpenAI's ``json_schema``, or llama-cpp-python's ``{"type": "json_object", "schema": ...}``."""

    max_tokens_field: Literal["max_tokens", "max_completion_tokens"] = "max_tokens"

    assistant_tool_call_content: Literal["null", "empty"] = "null"
    """Content of an assistant message that only calls tools. llama-cpp-python's server
    answers 500 to ``null``; it needs ``""``."""

    tool_choice_required: bool = True
    """Whether ``tool_choice: "required"`` is accepted. Where it is not, a single tool is
    named instead and several tools fall back to ``auto`` with a warning."""

    default_tool_choice: Literal["auto"] | None = None
    """Sent when tools are given without a choice. llama-cpp-python ignores tools
    entirely unless ``tool_choice`` is set, where OpenAI's default is ``auto``."""

    tool_results_as_user_text: bool = False
    """Also repeat tool results in a user message. llama-cpp-python's
    ``chatml-function-calling`` template renders nothing for ``role: tool`` messages, so
    without this the model never sees what its tools returned."""

    streams_chosen_tool_calls: bool = True
    """Whether a stream works when tools are offered and the model chooses whether to
    call one. llama-cpp-python's server answers such a stream with no events at all, so
    there the call is made whole and replayed as a stream, with a warning."""

    send_reasoning_content: bool = False
    """Echo assistant reasoning back (DeepSeek, Kimi, Fireworks, Cerebras need it on tool turns)."""

    reasoning_content_field: str = "reasoning_content"
    """The assistant-message field that reasoning is echoed back in: ``reasoning_content``,
    or ``reasoning`` where the server names it so (Cerebras)."""

    reasoning_efforts: tuple[str, ...] | None = None
    """The ``reasoning_effort`` values the server takes, lowest first (Together, Fireworks,
    Cerebras: low, medium, high). A call's effort outside them is sent as the nearest
    one, with a warning; ``None``: sent as given."""

    rejected_fields: tuple[str, ...] = ()
    """Body fields the server answers 400 to (Cerebras: ``frequency_penalty``,
    ``presence_penalty``, ``logit_bias``): left out of the request, each with an
    ``unsupported`` warning, whether they came from call settings or provider options."""

    top_k: bool = False
    """Whether the server takes a ``top_k`` sampling parameter (llama.cpp, vLLM)."""

    reasoning_outside_completion: bool = False
    """``completion_tokens`` leaves reasoning tokens out (xAI), so output = completion +
    reasoning, as the AI SDK's xAI provider counts it."""

    max_embeddings_per_call: int = 2048

    search_results_as_sources: bool = False
    """Read top-level ``search_results`` / ``citations`` (Perplexity) as url sources."""

    models_context_field: str | None = None
    """The field of a ``GET /models`` entry that gives the model's context window, where
    the server reports one (vLLM ``max_model_len``, Groq ``context_window``, Together and
    OpenRouter ``context_length``); ``None``: the server does not say."""

    max_embedding_tokens_per_call: int | None = None
    """The server's per-request token limit for ``/embeddings`` (OpenAI: 300,000), which
    ``embed_many`` batches under as well as under the count; ``None``: not known."""
