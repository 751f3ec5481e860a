"""OpenAI-compatible services as data: where they live, how they authenticate, and
how their Chat Completions dialect departs from OpenAI's.

Adding a service is adding a row. Each quirk is a ``ChatDialect`` field, so the codec
never asks which server it is talking to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal


@dataclass(frozen=True, slots=True)
class Preset:
    name: str
    base_url: str | None
    """Default base URL; ``{resource}`` is filled from ``resource_env``. ``None``: required."""
    api_key_env: tuple[str, ...] = ()
    key_required: bool = True
    base_url_env: str | None = None
    api_path: str = "/v1"
    """Appended to a base URL that has no path of its own; may contain ``{model}``."""
    auth: Literal["bearer", "api-key", "gateway"] = "bearer"
    query: Mapping[str, str] = field(default_factory=dict)
    api_version_env: str | None = None
    resource_env: str | None = None
    dialect: Mapping[str, Any] = field(default_factory=dict)
    connection_hint: str | None = None
    protocol: Literal["openai", "gateway"] = "openai"
    headers: Mapping[str, str] = field(default_factory=dict)
    env_headers: Mapping[str, str] = field(default_factory=dict)


PRESETS: Mapping[str, Preset] = {
    preset.name: preset
    for preset in (
        Preset(
            "openai",
            "https://api.openai.com/v1",
            ("OPENAI_API_KEY",),
            base_url_env="OPENAI_BASE_URL",
            dialect={"max_tokens_field": "max_completion_tokens"},
        ),
        Preset(
            "azure",
            "https://{resource}.openai.azure.com",
            ("AZURE_OPENAI_API_KEY", "AZURE_API_KEY"),
            base_url_env="AZURE_OPENAI_ENDPOINT",
            api_path="/openai/deployments/{model}",
            auth="api-key",
            query={"api-version": "2024-10-21"},
            api_version_env="AZURE_OPENAI_API_VERSION",
            resource_env="AZURE_RESOURCE_NAME",
            dialect={"max_tokens_field": "max_completion_tokens"},
        ),
        Preset(
            "ollama",
            "http://localhost:11434/v1",
            ("OLLAMA_API_KEY",),
            base_url_env="OLLAMA_BASE_URL",
            connection_hint="Is Ollama running? Start it with `ollama serve`.",
            key_required=False,
        ),
        Preset(
            "lmstudio",
            "http://localhost:1234/v1",
            ("LMSTUDIO_API_KEY",),
            base_url_env="LMSTUDIO_BASE_URL",
            connection_hint="Is LM Studio's server running? Start it with `lms server start`.",
            key_required=False,
        ),
        Preset(
            "llamacpp",
            "http://localhost:8080/v1",
            ("LLAMACPP_API_KEY",),
            base_url_env="LLAMACPP_BASE_URL",
            dialect={"top_k": True},
            connection_hint="Is llama.cpp's `llama-server` running?",
            key_required=False,
        ),
        Preset(
            "vllm",
            "http://localhost:8000/v1",
            ("VLLM_API_KEY",),
            base_url_env="VLLM_BASE_URL",
            dialect={"top_k": True},
            connection_hint="Is `vllm serve` running?",
            key_required=False,
        ),
        Preset(
            # This package's own no-key server: llama-cpp-python serving SmolLM2.
            "local",
            "http://127.0.0.1:8765/v1",
            ("AI_SDK_LOCAL_API_KEY",),
            base_url_env="AI_SDK_LOCAL_BASE_URL",
            dialect={
                "structured_outputs": "json_object_schema",
                "assistant_tool_call_content": "empty",
                "tool_choice_required": False,
                "default_tool_choice": "auto",
                "tool_results_as_user_text": True,
                "include_usage": False,
                "top_k": True,
            },
            connection_hint="Start the local model server with `python -m ai_sdk_integrations.local serve`.",
            key_required=False,
        ),
        Preset("groq", "https://api.groq.com/openai/v1", ("GROQ_API_KEY",)),
        Preset("xai", "https://api.x.ai/v1", ("XAI_API_KEY",)),
        Preset(
            "deepseek",
            "https://api.deepseek.com/v1",
            ("DEEPSEEK_API_KEY",),
            dialect={"structured_outputs": "json_object", "send_reasoning_content": True},
        ),
        Preset("togetherai", "https://api.together.xyz/v1", ("TOGETHER_API_KEY", "TOGETHER_AI_API_KEY")),
        Preset("fireworks", "https://api.fireworks.ai/inference/v1", ("FIREWORKS_API_KEY",)),
        Preset("perplexity", "https://api.perplexity.ai", ("PERPLEXITY_API_KEY",), api_path=""),
        Preset("cerebras", "https://api.cerebras.ai/v1", ("CEREBRAS_API_KEY",)),
        Preset(
            "deepinfra",
            "https://api.deepinfra.com/v1/openai",
            ("DEEPINFRA_API_KEY",),
            dialect={"structured_outputs": "json_object"},
        ),
        Preset("openrouter", "https://openrouter.ai/api/v1", ("OPENROUTER_API_KEY",)),
        Preset(
            # The Vercel AI Gateway speaks the AI SDK's own spec (providers/gateway.py).
            "gateway",
            "https://ai-gateway.vercel.sh/v4/ai",
            ("AI_GATEWAY_API_KEY",),
            key_required=False,
            base_url_env="AI_GATEWAY_BASE_URL",
            api_path="",
            auth="gateway",
            protocol="gateway",
            headers={"ai-gateway-protocol-version": "0.0.1"},
            env_headers={
                "ai-o11y-deployment-id": "VERCEL_DEPLOYMENT_ID",
                "ai-o11y-environment": "VERCEL_ENV",
                "ai-o11y-region": "VERCEL_REGION",
                "ai-o11y-project-id": "VERCEL_PROJECT_ID",
            },
        ),
    )
}

OPENAI_COMPATIBLE = Preset(
    # Any other server: base_url is required, the dialect is the AI SDK's
    # openai-compatible default (JSON mode without schema unless told otherwise).
    "openai-compatible",
    None,
    (),
    key_required=False,
    dialect={"structured_outputs": "json_object"},
)
