"""The LlamaIndex conformance suite against ``AISDK`` / ``AISDKEmbedding`` on a real model.

Cassettes in ``cassettes/llamaindex_conformance_local/`` were recorded from the real
local server (llama-cpp-python serving SmolLM2-135M; see cassettes/README.md).
Re-record with:

    .venv/bin/pytest tests/llama_index/test_llamaindex_conformance_local.py --record-mode=rewrite
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from vcr_setup import local_server_when_recording

from ai_sdk_integrations.llama_index import AISDK, AISDKEmbedding

pytest.register_assert_rewrite("llama_index_conformance")  # readable failures in the shared suite
from llama_index_conformance import (  # noqa: E402
    LlamaIndexEmbeddingConformance,
    LlamaIndexLLMConformance,
)

SMALL_MODEL = "SmolLM2-135M's own answer is wrong here: "


@pytest.fixture(scope="module", autouse=True)
def local_server(request: pytest.FixtureRequest) -> Iterator[None]:
    with local_server_when_recording(request.config):
        yield


@pytest.mark.vcr
class TestAISDKLocalConformance(LlamaIndexLLMConformance):
    """``AISDK(model="local:smollm2")``, temperature 0, 64 output tokens.

    Skipped by flag, each for a reason of this server or model:

    * image inputs: SmolLM2-135M reads text only (the OpenAI suite covers them);
    * ``tool_required`` among several tools: llama-cpp-python answers HTTP 500 to
      ``tool_choice: "required"``, so the ``local`` preset names the tool when there is
      one (every forced test here) and sends ``auto`` with a warning when there are
      several;
    * usage in streams: the server ignores ``stream_options.include_usage`` (the test
      still checks the adapter reports ``None``, not zero).

    The xfails below are the 135M model's own answers (the adapter passes them through
    faithfully; the same tests pass on OpenAI).
    """

    @property
    def llm_class(self) -> type[AISDK]:
        return AISDK

    @property
    def llm_params(self) -> dict[str, Any]:
        return {"model": "local:smollm2", "temperature": 0, "max_tokens": 64, "max_retries": 0}

    @property
    def unknown_model(self) -> str:
        return "local:a-model-no-table-knows"

    @property
    def context_window(self) -> int:
        return 2048  # the server's n_ctx

    @property
    def supports_tool_choice_required(self) -> bool:
        return False

    @property
    def structured_output_format(self) -> str:
        return "json_object_schema"

    @property
    def supports_json_mode(self) -> bool:
        return True

    @property
    def returns_usage_in_streams(self) -> bool:
        return False

    @property
    def agent_kwargs(self) -> dict[str, Any]:
        # The first step names the tool: a 135M model does not pick it reliably. The agent
        # does not stream: with tool_choice "auto" (every later step) llama-cpp-python's
        # chatml-function-calling handler sends an empty event stream (HTTP 200, no data).
        return {"initial_tool_choice": "get_weather", "streaming": False}

    # -- what SmolLM2-135M gets wrong ---------------------------------------------------------

    @pytest.mark.xfail(reason=SMALL_MODEL + "it calls magic_function(input=10) for 3", strict=True)
    def test_tool_calling_arguments(self, llm: AISDK, vcr: Any) -> None:
        super().test_tool_calling_arguments(llm, vcr)

    @pytest.mark.xfail(
        reason=SMALL_MODEL + "it leaves customer_name empty for '你好啊集团' (arguments arrive intact)",
        strict=True,
    )
    def test_unicode_tool_arguments(self, llm: AISDK, vcr: Any) -> None:
        super().test_unicode_tool_arguments(llm, vcr)

    @pytest.mark.xfail(
        reason=SMALL_MODEL + "after get_weather's result (tool_choice auto) it calls get_weather "
        "again instead of answering, until the prompt passes the server's 2048-token context "
        "(HTTP 400 context_length_exceeded)",
        strict=True,
    )
    async def test_agent_loop(self, llm: AISDK, vcr: Any) -> None:
        await super().test_agent_loop(llm, vcr)

    @pytest.mark.xfail(
        reason=SMALL_MODEL + "JSON mode has no schema; it writes other keys (title, description, ...) "
        "until max_tokens cuts the JSON off",
        strict=True,
    )
    def test_json_mode(self, llm: AISDK, vcr: Any) -> None:
        super().test_json_mode(llm, vcr)


@pytest.mark.vcr
class TestAISDKEmbeddingLocalConformance(LlamaIndexEmbeddingConformance):
    @property
    def embedding_class(self) -> type[AISDKEmbedding]:
        return AISDKEmbedding

    @property
    def embedding_params(self) -> dict[str, Any]:
        return {"model": "local:smollm2-embed"}

    @property
    def dimensions(self) -> int:
        return 576

    @property
    def max_batch_size(self) -> int:
        return 2048  # the local preset's limit per request
