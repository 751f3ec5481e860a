"""What a model family accepts, as data: one table, keyed by model-id prefix.

A profile is a fact about the *model*, not the server: a Qwen model behaves the same
on Groq and on vLLM, and gpt-5 differs from gpt-4o on the same server. Where a service
cannot do something its models could (DeepSeek's API takes JSON mode but no schema),
the service's row in its provider package adds an override, merged on top.

Frameworks read profiles (LangChain's ``profile``, LlamaIndex's ``LLMMetadata``), and
so do codecs and ``LanguageModel`` (which drops sampling parameters a model rejects,
with a warning, as the AI SDK does). An unknown model gets ``DEFAULT``, never an error,
so a new model name never breaks a user.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..spec import CallOptions, CallWarning

StructuredOutput = Literal["json_schema", "json_mode", "tool"]
SchemaTransformer = Callable[[Mapping[str, Any]], dict[str, Any]]


@dataclass(frozen=True, slots=True)
class ModelProfile:
    context_window: int = 8192
    max_output_tokens: int = 4096
    structured_output: StructuredOutput = "json_schema"
    """How a JSON schema is best honoured: natively (``json_schema``), by JSON mode with
    the schema in the prompt (``json_mode``), or by a forced tool call (``tool``)."""
    json_schema_transformer: SchemaTransformer | None = None
    """Rewrites a schema into the subset the model's API takes (OpenAI strict mode;
    Gemini's OpenAPI subset). The codec decides when it applies."""
    sampling_parameters: bool = True
    """Whether temperature / top_p / penalties are accepted (reasoning models reject them)."""
    reasoning: bool = False
    tool_calling: bool = True
    image_inputs: bool = False

    def merged(self, changes: Mapping[str, Any]) -> ModelProfile:
        return dataclasses.replace(self, **changes) if changes else self


def openai_strict_schema(schema: Mapping[str, Any]) -> dict[str, Any]:
    """OpenAI's strict mode: every object forbids extra keys and requires every property
    (an optional one becomes nullable, so the model can still leave it out)."""
    strict: dict[str, Any] = _strict(dict(schema))
    return strict


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {key: _strict(value) for key, value in node.items()}
    if out.get("type") == "object" or "properties" in out:
        properties: dict[str, Any] = out.get("properties") or {}
        required = set(out.get("required") or ())
        for name, prop in properties.items():
            if name not in required and isinstance(prop, dict):
                properties[name] = _nullable(prop)
        out["properties"] = properties
        out["required"] = list(properties)
        out["additionalProperties"] = False
    out.pop("default", None)  # strict mode rejects defaults
    return out


def _nullable(prop: dict[str, Any]) -> dict[str, Any]:
    kind = prop.get("type")
    if isinstance(kind, str) and kind != "null":
        return {**prop, "type": [kind, "null"]}
    if isinstance(kind, list):
        return prop if "null" in kind else {**prop, "type": [*kind, "null"]}
    return {"anyOf": [prop, {"type": "null"}]}


DEFAULT = ModelProfile()

_REASONING = {"reasoning": True, "sampling_parameters": False}
_OPENAI = {"json_schema_transformer": openai_strict_schema, "image_inputs": True}
_GEMINI_THINKING = {"image_inputs": True, "reasoning": True}
_CLAUDE = {"context_window": 200_000, "image_inputs": True, "reasoning": True}
_CLAUDE_TOOL = {**_CLAUDE, "structured_output": "tool"}

# Longest matching prefix wins; ids are compared lower-cased, without any "vendor/" prefix.
PROFILES: Mapping[str, Mapping[str, Any]] = {
    "gpt-5": {"context_window": 400_000, "max_output_tokens": 128_000, **_OPENAI, **_REASONING},
    "gpt-5-chat": {"context_window": 128_000, "max_output_tokens": 16_384, **_OPENAI},
    "gpt-4.1": {"context_window": 1_047_576, "max_output_tokens": 32_768, **_OPENAI},
    "gpt-4o": {"context_window": 128_000, "max_output_tokens": 16_384, **_OPENAI},
    "gpt-4-turbo": {"context_window": 128_000, "max_output_tokens": 4_096, **_OPENAI},
    "gpt-4": {"context_window": 8_192, "max_output_tokens": 8_192, "structured_output": "json_mode"},
    "gpt-3.5-turbo": {"context_window": 16_385, "max_output_tokens": 4_096, "structured_output": "json_mode"},
    "o1": {"context_window": 200_000, "max_output_tokens": 100_000, **_OPENAI, **_REASONING},
    "o3": {"context_window": 200_000, "max_output_tokens": 100_000, **_OPENAI, **_REASONING},
    "o4-mini": {"context_window": 200_000, "max_output_tokens": 100_000, **_OPENAI, **_REASONING},
    "text-embedding-3": {"context_window": 8_191, "max_output_tokens": 0},
    "claude": {"context_window": 200_000, "max_output_tokens": 64_000, "image_inputs": True},
    # Claude families, as the AI SDK's Anthropic capability table has them: the output
    # limit (Anthropic's required max_tokens defaults to it), native JSON-schema output
    # (output_config.format) from the 4.5 generation and opus-4-1, else a forced tool;
    # opus-4-7 and later reject sampling parameters.
    "claude-3-haiku": {**_CLAUDE_TOOL, "max_output_tokens": 4_096, "reasoning": False},
    "claude-3-5-haiku": {**_CLAUDE_TOOL, "max_output_tokens": 8_192, "reasoning": False},
    "claude-3-5-sonnet": {**_CLAUDE_TOOL, "max_output_tokens": 8_192, "reasoning": False},
    "claude-3-7-sonnet": {**_CLAUDE_TOOL, "max_output_tokens": 64_000},
    "claude-sonnet-4": {**_CLAUDE_TOOL, "max_output_tokens": 64_000},
    "claude-opus-4": {**_CLAUDE_TOOL, "max_output_tokens": 32_000},
    "claude-opus-4-1": {**_CLAUDE, "max_output_tokens": 32_000},
    "claude-sonnet-4-5": {**_CLAUDE, "max_output_tokens": 64_000},
    "claude-opus-4-5": {**_CLAUDE, "max_output_tokens": 64_000},
    "claude-haiku-4-5": {**_CLAUDE, "max_output_tokens": 64_000},
    "claude-sonnet-4-6": {**_CLAUDE, "max_output_tokens": 128_000},
    "claude-opus-4-6": {**_CLAUDE, "max_output_tokens": 128_000},
    "claude-opus-4-7": {**_CLAUDE, "max_output_tokens": 128_000, "sampling_parameters": False},
    "claude-opus-4-8": {**_CLAUDE, "max_output_tokens": 128_000, "sampling_parameters": False},
    "claude-sonnet-5": {**_CLAUDE, "max_output_tokens": 128_000, "sampling_parameters": False},
    "claude-opus-5": {**_CLAUDE, "max_output_tokens": 128_000, "sampling_parameters": False},
    "gemini": {"context_window": 1_048_576, "max_output_tokens": 65_536, "image_inputs": True},
    # Gemini: 2.5 and 3 think (and take temperature), earlier generations do not.
    "gemini-1.5": {"context_window": 1_048_576, "max_output_tokens": 8_192, "image_inputs": True},
    "gemini-2.0": {"context_window": 1_048_576, "max_output_tokens": 8_192, "image_inputs": True},
    "gemini-2.5": {"context_window": 1_048_576, "max_output_tokens": 65_536, **_GEMINI_THINKING},
    "gemini-3": {"context_window": 1_048_576, "max_output_tokens": 65_536, **_GEMINI_THINKING},
    "gemini-embedding": {"context_window": 2_048, "max_output_tokens": 0},
    "text-embedding-005": {"context_window": 2_048, "max_output_tokens": 0},
    "text-multilingual-embedding": {"context_window": 2_048, "max_output_tokens": 0},
    # Cohere (docs.cohere.com/docs/models): Command A 256k/8k, its reasoning model 256k/32k,
    # vision 128k/8k; Command R and R7B 128k/4k; Embed v4 128k, v3 512 tokens a text.
    "command-a": {"context_window": 256_000, "max_output_tokens": 8_000},
    "command-a-reasoning": {"context_window": 256_000, "max_output_tokens": 32_000, "reasoning": True},
    "command-a-vision": {"context_window": 128_000, "max_output_tokens": 8_000, "image_inputs": True},
    "command-r": {"context_window": 128_000, "max_output_tokens": 4_000},
    "command-r7b": {"context_window": 128_000, "max_output_tokens": 4_000},
    "embed-v4.0": {"context_window": 128_000, "max_output_tokens": 0},
    "embed-english": {"context_window": 512, "max_output_tokens": 0},
    "embed-multilingual": {"context_window": 512, "max_output_tokens": 0},
    # Amazon's models on Bedrock (ids without the "us." / "amazon." prefixes).
    "nova": {
        "context_window": 300_000,
        "max_output_tokens": 10_000,
        "structured_output": "tool",
        "image_inputs": True,
    },
    "nova-micro": {"context_window": 128_000, "max_output_tokens": 10_000, "structured_output": "tool"},
    "nova-premier": {"context_window": 1_000_000, "max_output_tokens": 32_000, "structured_output": "tool"},
    "titan-embed-text": {"context_window": 8_192, "max_output_tokens": 0},
    "llama-3.1": {"context_window": 131_072, "max_output_tokens": 8_192},
    "llama-3.3": {"context_window": 131_072, "max_output_tokens": 32_768},
    "llama3.1": {"context_window": 131_072, "max_output_tokens": 8_192},
    "llama3.2": {"context_window": 131_072, "max_output_tokens": 8_192},
    "deepseek-chat": {"context_window": 128_000, "max_output_tokens": 8_192},
    "deepseek-reasoner": {"context_window": 128_000, "max_output_tokens": 64_000, **_REASONING},
    "grok": {"context_window": 131_072, "max_output_tokens": 32_768},
    # Mistral (docs.mistral.ai models overview): every chat model takes JSON-schema output
    # natively; Magistral always reasons and still takes temperature / top_p. Mistral
    # documents no output limit apart from the context, so 32k is a practical cap.
    "mistral-large": {"context_window": 262_144, "max_output_tokens": 32_768, "image_inputs": True},
    "mistral-large-2411": {"context_window": 131_072, "max_output_tokens": 32_768},
    "mistral-large-2407": {"context_window": 131_072, "max_output_tokens": 32_768},
    "mistral-medium": {"context_window": 131_072, "max_output_tokens": 32_768, "image_inputs": True},
    "mistral-small": {"context_window": 131_072, "max_output_tokens": 32_768, "image_inputs": True},
    "magistral": {
        "context_window": 131_072,
        "max_output_tokens": 40_960,
        "reasoning": True,
        "image_inputs": True,
    },
    "pixtral": {"context_window": 131_072, "max_output_tokens": 32_768, "image_inputs": True},
    "codestral": {"context_window": 262_144, "max_output_tokens": 32_768},
    "ministral": {"context_window": 131_072, "max_output_tokens": 32_768, "image_inputs": True},
    "open-mistral-nemo": {"context_window": 131_072, "max_output_tokens": 32_768},
    "mistral-embed": {"context_window": 8_192, "max_output_tokens": 0},
    "codestral-embed": {"context_window": 8_192, "max_output_tokens": 0},
    "qwen": {"context_window": 32_768, "max_output_tokens": 8_192},
    # The package's local server runs SmolLM2 with n_ctx=2048.
    "smollm2": {"context_window": 2_048, "max_output_tokens": 1_024},
}


def model_profile(model_id: str, overrides: Mapping[str, Any] | None = None) -> ModelProfile:
    """The profile of ``model_id``'s family, with a service's ``overrides`` on top."""
    name = model_id.rsplit("/", 1)[-1].lower()
    best = max((prefix for prefix in PROFILES if name.startswith(prefix)), key=len, default=None)
    profile = DEFAULT.merged(PROFILES[best]) if best is not None else DEFAULT
    return profile.merged(overrides or {})


# Sampling settings a reasoning model rejects, by CallOptions attribute and AI SDK name.
_SAMPLING = (
    ("temperature", "temperature"),
    ("top_p", "topP"),
    ("top_k", "topK"),
    ("presence_penalty", "presencePenalty"),
    ("frequency_penalty", "frequencyPenalty"),
)


def fit_options(profile: ModelProfile, options: CallOptions) -> tuple[CallOptions, list[CallWarning]]:
    """Drop what the model rejects, with a warning per setting, as the AI SDK does."""
    if profile.sampling_parameters:
        return options, []
    dropped = {attr: None for attr, _ in _SAMPLING if getattr(options, attr) is not None}
    if not dropped:
        return options, []
    warnings = [
        CallWarning("unsupported", feature=name, details=f"{name} is not supported for reasoning models")
        for attr, name in _SAMPLING
        if attr in dropped
    ]
    return dataclasses.replace(options, **dropped), warnings  # type: ignore[arg-type]
