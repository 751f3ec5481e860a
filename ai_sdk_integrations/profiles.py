"""What is known about a model: context window and output limit, by model-id prefix.

Frameworks ask (LlamaIndex's ``LLMMetadata`` sizes its prompts from it); an unknown
model gets ``DEFAULT`` instead of an error, so a new model name never breaks a user.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ModelLimits:
    context_window: int
    max_output_tokens: int


DEFAULT = ModelLimits(context_window=8192, max_output_tokens=4096)

# Longest matching prefix wins; ids are compared without any "vendor/" prefix.
LIMITS: dict[str, ModelLimits] = {
    "gpt-5": ModelLimits(400_000, 128_000),
    "gpt-4.1": ModelLimits(1_047_576, 32_768),
    "gpt-4o": ModelLimits(128_000, 16_384),
    "gpt-4-turbo": ModelLimits(128_000, 4_096),
    "gpt-4": ModelLimits(8_192, 8_192),
    "gpt-3.5-turbo": ModelLimits(16_385, 4_096),
    "o1": ModelLimits(200_000, 100_000),
    "o3": ModelLimits(200_000, 100_000),
    "o4-mini": ModelLimits(200_000, 100_000),
    "text-embedding-3": ModelLimits(8_191, 0),
    "claude": ModelLimits(200_000, 64_000),
    "gemini": ModelLimits(1_048_576, 65_536),
    "llama-3.1": ModelLimits(131_072, 8_192),
    "llama-3.3": ModelLimits(131_072, 32_768),
    "llama3.1": ModelLimits(131_072, 8_192),
    "llama3.2": ModelLimits(131_072, 8_192),
    "deepseek-chat": ModelLimits(128_000, 8_192),
    "deepseek-reasoner": ModelLimits(128_000, 64_000),
    "grok": ModelLimits(131_072, 32_768),
    "mistral-large": ModelLimits(131_072, 32_768),
    "qwen": ModelLimits(32_768, 8_192),
    # The package's local server runs SmolLM2 with n_ctx=2048.
    "smollm2": ModelLimits(2_048, 1_024),
}


def model_limits(model_id: str) -> ModelLimits:
    name = model_id.rsplit("/", 1)[-1].lower()
    best = max((prefix for prefix in LIMITS if name.startswith(prefix)), key=len, default=None)
    return LIMITS[best] if best is not None else DEFAULT
