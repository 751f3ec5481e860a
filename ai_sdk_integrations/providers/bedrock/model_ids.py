"""What a Bedrock model id says about its model, as pure string functions.

Bedrock names one model many ways: ``anthropic.claude-sonnet-4-5-20250929-v1:0`` (a
foundation model), ``us.anthropic.claude-...`` / ``global.anthropic.claude-...``
(cross-region inference profiles), or an ARN ending in either
(``arn:aws:bedrock:us-east-1:123456789012:inference-profile/us.anthropic...``). The
codec decides by the vendor (Anthropic models take ``thinking`` and ``top_k`` through
``additionalModelRequestFields``), and the profile table is keyed by family name
(``claude-sonnet-4-5``), so both strip the region and vendor prefixes first.
"""

from __future__ import annotations

from urllib.parse import quote

# Geography prefixes of cross-region inference profiles (AWS's documented list).
_REGION_PREFIXES = frozenset({"us", "eu", "apac", "jp", "au", "ca", "us-gov", "global"})
_VENDORS = frozenset(
    {
        "amazon",
        "anthropic",
        "cohere",
        "meta",
        "mistral",
        "ai21",
        "deepseek",
        "openai",
        "qwen",
        "writer",
        "stability",
        "twelvelabs",
        "moonshot",
        "google",
        "minimax",
        "nvidia",
    }
)


def base_model_id(model_id: str) -> str:
    """``us.anthropic.claude-x-v1:0`` and ARNs -> ``anthropic.claude-x-v1:0``."""
    name = model_id.rsplit("/", 1)[-1]
    head, dot, rest = name.partition(".")
    if dot and head.lower() in _REGION_PREFIXES:
        return rest
    return name


def vendor(model_id: str) -> str:
    """``anthropic``, ``amazon``, ``meta``, ...; ``""`` when the id names none."""
    head, dot, _ = base_model_id(model_id).partition(".")
    return head.lower() if dot and head.lower() in _VENDORS else ""


def family_name(model_id: str) -> str:
    """The id the shared profile table knows: ``anthropic.claude-sonnet-4-5-...`` ->
    ``claude-sonnet-4-5-...``; ``amazon.nova-pro-v1:0`` -> ``nova-pro-v1:0``."""
    base = base_model_id(model_id)
    head, dot, rest = base.partition(".")
    return rest if dot and head.lower() in _VENDORS else base


def is_anthropic(model_id: str) -> bool:
    return vendor(model_id) == "anthropic" or "anthropic." in model_id


def is_nova(model_id: str) -> bool:
    return vendor(model_id) == "amazon" and family_name(model_id).startswith("nova")


def is_mistral(model_id: str) -> bool:
    return "mistral." in model_id


def is_openai(model_id: str) -> bool:
    return vendor(model_id) == "openai"


def model_path(model_id: str, operation: str) -> str:
    """``/model/{modelId}/{operation}`` with the id percent-encoded as AWS signs it
    (``:`` and ``/`` in ARNs included)."""
    return f"/model/{quote(model_id, safe='')}/{operation}"
