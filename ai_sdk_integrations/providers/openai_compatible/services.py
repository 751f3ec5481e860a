"""OpenAI-compatible services as data: where they live, how they authenticate, how
their Chat Completions dialect departs from OpenAI's, and what their API cannot do
that their models could (profile overrides).

Adding a service is adding a row. Each quirk is a ``ChatDialect`` field, so the codec
never asks which server it is talking to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...provider.profile import openai_strict_schema


@dataclass(frozen=True, slots=True)
class Service:
    name: str
    base_url: str | None
    """Default base URL; ``None``: the caller must give one."""
    api_key_env: tuple[str, ...] = ()
    key_required: bool = True
    base_url_env: str | None = None
    api_path: str = "/v1"
    """Appended to a base URL that has no path of its own."""
    dialect: Mapping[str, Any] = field(default_factory=dict)
    profile: Mapping[str, Any] = field(default_factory=dict)
    """Profile overrides: what this service's API cannot do that its models could."""
    connection_hint: str | None = None


def cerebras_strict_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Cerebras strict mode: OpenAI's rules (every property required, no extra keys), but
    a nullable type spelled ``anyOf``; Cerebras rejects the ``"type": [..., "null"]``
    shorthand (inference-docs.cerebras.ai, structured outputs, schema limitations)."""
    converted: dict[str, Any] = _type_lists_as_any_of(openai_strict_schema(schema))
    return converted


def _type_lists_as_any_of(node: Any) -> Any:
    if isinstance(node, list):
        return [_type_lists_as_any_of(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _type_lists_as_any_of(value) for key, value in node.items()}
    kinds = out.get("type")
    if not isinstance(kinds, list):
        return out
    del out["type"]
    notes = {key: out.pop(key) for key in ("title", "description") if key in out}
    branches = [{"type": "null"} if kind == "null" else {**out, "type": kind} for kind in kinds]
    return {**notes, "anyOf": branches}


SERVICES: Mapping[str, Service] = {
    service.name: service
    for service in (
        Service(
            "ollama",
            "http://localhost:11434/v1",
            ("OLLAMA_API_KEY",),
            base_url_env="OLLAMA_BASE_URL",
            connection_hint="Is Ollama running? Start it with `ollama serve`.",
            key_required=False,
        ),
        Service(
            "lmstudio",
            "http://localhost:1234/v1",
            ("LMSTUDIO_API_KEY",),
            base_url_env="LMSTUDIO_BASE_URL",
            connection_hint="Is LM Studio's server running? Start it with `lms server start`.",
            key_required=False,
        ),
        Service(
            "llamacpp",
            "http://localhost:8080/v1",
            ("LLAMACPP_API_KEY",),
            base_url_env="LLAMACPP_BASE_URL",
            dialect={"top_k": True},
            connection_hint="Is llama.cpp's `llama-server` running?",
            key_required=False,
        ),
        Service(
            "vllm",
            "http://localhost:8000/v1",
            ("VLLM_API_KEY",),
            base_url_env="VLLM_BASE_URL",
            dialect={"top_k": True, "models_context_field": "max_model_len"},
            connection_hint="Is `vllm serve` running?",
            key_required=False,
        ),
        Service(
            # This package's own no-key server: llama-cpp-python serving SmolLM2.
            "local",
            "http://127.0.0.1:8765/v1",
            ("AI_SDK_LOCAL_API_KEY",),
            base_url_env="AI_SDK_LOCAL_BASE_URL",
            dialect={
                "schema_form": "json_object_schema",
                "assistant_tool_call_content": "empty",
                "tool_choice_required": False,
                "default_tool_choice": "auto",
                "tool_results_as_user_text": True,
                "streams_chosen_tool_calls": False,
                "include_usage": False,
                "top_k": True,
            },
            profile={"context_window": 2048},  # the launcher's n_ctx
            connection_hint="Start the local model server with `python -m ai_sdk_integrations.local serve`.",
            key_required=False,
        ),
        Service(
            "groq",
            "https://api.groq.com/openai/v1",
            ("GROQ_API_KEY",),
            dialect={"models_context_field": "context_window"},
        ),
        Service(
            "xai", "https://api.x.ai/v1", ("XAI_API_KEY",), dialect={"reasoning_outside_completion": True}
        ),
        Service(
            "deepseek",
            "https://api.deepseek.com/v1",
            ("DEEPSEEK_API_KEY",),
            dialect={"send_reasoning_content": True},
            profile={"structured_output": "json_mode"},
        ),
        Service(
            # togethercomputer/openapi: json_schema response formats, top_k, reasoning_effort
            # low/medium/high; reasoning comes back as `reasoning` and is not taken back.
            "togetherai",
            "https://api.together.xyz/v1",
            ("TOGETHER_API_KEY", "TOGETHER_AI_API_KEY"),
            dialect={
                "models_context_field": "context_length",
                "top_k": True,
                "reasoning_efforts": ("low", "medium", "high"),
            },
        ),
        Service(
            # docs.fireworks.ai: json_schema, top_k, reasoning_content wanted back on tool
            # turns (interleaved thinking); the AI SDK maps efforts to low/medium/high.
            "fireworks",
            "https://api.fireworks.ai/inference/v1",
            ("FIREWORKS_API_KEY",),
            dialect={
                "top_k": True,
                "send_reasoning_content": True,
                "reasoning_efforts": ("low", "medium", "high"),
            },
        ),
        Service(
            "perplexity",
            "https://api.perplexity.ai",
            ("PERPLEXITY_API_KEY",),
            api_path="",
            dialect={"search_results_as_sources": True},
        ),
        Service(
            # inference-docs.cerebras.ai: penalties and logit_bias answer 400;
            # max_tokens is deprecated for max_completion_tokens; assistant reasoning goes
            # back as `reasoning`; strict schemas spell nullables as anyOf.
            "cerebras",
            "https://api.cerebras.ai/v1",
            ("CEREBRAS_API_KEY",),
            dialect={
                "max_tokens_field": "max_completion_tokens",
                "send_reasoning_content": True,
                "reasoning_content_field": "reasoning",
                "reasoning_efforts": ("low", "medium", "high"),
                "rejected_fields": ("frequency_penalty", "presence_penalty", "logit_bias"),
            },
            profile={"json_schema_transformer": cerebras_strict_schema},
        ),
        Service(
            # docs.deepinfra.com: JSON mode (no schemas), top_k, stream_options.include_usage.
            "deepinfra",
            "https://api.deepinfra.com/v1/openai",
            ("DEEPINFRA_API_KEY",),
            dialect={"top_k": True},
            profile={"structured_output": "json_mode"},
        ),
        Service(
            "openrouter",
            "https://openrouter.ai/api/v1",
            ("OPENROUTER_API_KEY",),
            dialect={"models_context_field": "context_length"},
        ),
        # Presets the AI SDK ships as thin OpenAI-compatible providers.
        Service("huggingface", "https://router.huggingface.co/v1", ("HUGGINGFACE_API_KEY", "HF_TOKEN")),
        Service("baseten", "https://inference.baseten.co/v1", ("BASETEN_API_KEY",)),
        Service(
            # Kimi's thinking models want their reasoning_content back on tool turns.
            "moonshotai",
            "https://api.moonshot.ai/v1",
            ("MOONSHOT_API_KEY",),
            dialect={"send_reasoning_content": True},
        ),
        Service(
            "alibaba",
            "https://dashscope-intl.aliyuncs.com/compatible-mode/v1",
            ("ALIBABA_API_KEY", "DASHSCOPE_API_KEY"),
        ),
    )
}

OPENAI_COMPATIBLE = Service(
    # Any other server: base_url is required; as in the AI SDK's openai-compatible
    # provider, structured outputs are JSON mode unless the caller says the server
    # takes schemas (structured_outputs="json_schema").
    "openai-compatible",
    None,
    (),
    key_required=False,
    profile={"structured_output": "json_mode"},
)
