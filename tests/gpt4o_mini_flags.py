"""Capability flags for gpt-4o-mini in LangChain's standard suites and our LlamaIndex
conformance suite, shared by the suites that reach it directly (openai:) and through the
Vercel AI Gateway (gateway:).

What differs between the two routes (tool messages carrying files, the override model)
stays in each test class.
"""

from __future__ import annotations

from typing import Any

from ai_sdk_integrations.langchain import ChatAISDK
from ai_sdk_integrations.llama_index import AISDK


class GPT4oMiniFlags:
    @property
    def chat_model_class(self) -> type[ChatAISDK]:
        return ChatAISDK

    @property
    def has_tool_calling(self) -> bool:
        return True

    @property
    def has_tool_choice(self) -> bool:
        return True

    @property
    def has_structured_output(self) -> bool:
        return True

    @property
    def structured_output_kwargs(self) -> dict[str, Any]:
        return {"method": "json_schema"}

    @property
    def supports_json_mode(self) -> bool:
        return True

    @property
    def supports_image_inputs(self) -> bool:
        return True

    @property
    def supports_image_urls(self) -> bool:
        return True

    @property
    def supports_pdf_inputs(self) -> bool:
        return True

    @property
    def supports_audio_inputs(self) -> bool:
        """gpt-4o-mini takes no audio (the *-audio-preview models do)."""
        return False

    @property
    def supports_anthropic_inputs(self) -> bool:
        return True

    @property
    def returns_usage_metadata(self) -> bool:
        return True

    @property
    def supported_usage_metadata_details(self) -> dict[str, list[str]]:
        return {"invoke": ["cache_read_input"], "stream": ["cache_read_input"]}

    @property
    def enable_vcr_tests(self) -> bool:
        return True


class GPT4oMiniConformanceFlags:
    """The same model's flags for our LlamaIndex conformance suite."""

    @property
    def llm_class(self) -> type[AISDK]:
        return AISDK

    @property
    def context_window(self) -> int:
        return 128_000

    @property
    def structured_output_format(self) -> str:
        return "json_schema"

    @property
    def supports_json_mode(self) -> bool:
        return True

    @property
    def supports_image_inputs(self) -> bool:
        return True

    @property
    def supports_image_urls(self) -> bool:
        return True
