"""LangChain's own standard suites against ChatAISDK / AISDKEmbeddings on Cohere.

``ChatAISDK(model="cohere:command-a-03-2025")`` and
``AISDKEmbeddings(model="cohere:embed-v4.0")`` run langchain-tests'
``ChatModelUnitTests``, ``ChatModelIntegrationTests``, ``EmbeddingsUnitTests`` and
``EmbeddingsIntegrationTests``. The integration suites replay
``cassettes/cohere_langchain_standard/``, *written* from Cohere's documented wire format
(``cohere_wire.py``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \\
        tests/cohere_provider/test_cohere_langchain_standard.py --record-mode=rewrite

and re-recordable against the real API with ``COHERE_API_KEY=...`` instead of
``AI_SDK_WRITE_CASSETTES=1``. The flags are what command-a-03-2025 and our Cohere codec
do; each test that does not run says why in the class docstring.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from langchain_core.utils import function_calling
from langchain_serdes import AllowChatAISDKInAll
from langchain_tests.integration_tests import ChatModelIntegrationTests, EmbeddingsIntegrationTests
from langchain_tests.unit_tests import ChatModelUnitTests, EmbeddingsUnitTests

from ai_sdk_integrations.langchain import AISDKEmbeddings, ChatAISDK

pytestmark = pytest.mark.vcr

CHAT_MODEL = "cohere:command-a-03-2025"
EMBEDDING_MODEL = "cohere:embed-v4.0"


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    """As langchain-tests' own ``base_vcr_config``: ``test_stream_time`` replays one
    recorded stream many times."""
    return {**vcr_config, "allow_playback_repeats": True}


@pytest.fixture(autouse=True)
def stable_example_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """``test_structured_few_shot_examples`` gives its example calls ``uuid4()`` ids,
    which go into the request body that cassettes match on."""
    counter = iter(range(1, 1_000_000))

    def uuid4() -> uuid.UUID:
        return uuid.UUID(int=next(counter), version=4)

    monkeypatch.setattr(function_calling, "uuid", type("StableUUID", (), {"uuid4": staticmethod(uuid4)}))


class TestChatAISDKCohereUnit(AllowChatAISDKInAll, ChatModelUnitTests):
    """``test_init_from_env`` checks that ``COHERE_API_KEY`` is *not* copied onto the
    model: ChatAISDK reads it per request."""

    @property
    def chat_model_class(self) -> type[ChatAISDK]:
        return ChatAISDK

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model": CHAT_MODEL}

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        return ({"COHERE_API_KEY": "key-from-the-environment"}, self.chat_model_params, {"api_key": None})


class TestChatAISDKCohereIntegration(ChatModelIntegrationTests):
    """command-a-03-2025 through ChatAISDK and our Cohere Chat v2 codec.

    Skipped by the suite because the flag is False, truthfully:

    * ``test_image_inputs``, ``test_image_tool_message``, ``test_anthropic_inputs``:
      command-a-03-2025 takes no images (Cohere's vision model, command-a-vision, does:
      ``test_cohere_cassettes.test_image_input_on_the_vision_model``), and Cohere's
      tool results are text or documents, never images;
    * ``test_pdf_inputs``, ``test_pdf_tool_message``: Cohere's chat takes no PDFs; text
      files become grounding documents instead (``test_cohere_cassettes.
      test_documents_with_citations``);
    * ``test_audio_inputs``, ``test_video_inputs``: Cohere's chat takes neither;
    * cache-read usage details: Cohere reports ``cached_tokens`` (mapped to
      ``input_token_details.cache_read``, asserted in ``test_cohere_cassettes``), but
      caching is automatic and the suite's hook needs a prompt marked for caching.
    """

    @property
    def chat_model_class(self) -> type[ChatAISDK]:
        return ChatAISDK

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model": CHAT_MODEL, "temperature": 0}

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
        return False

    @property
    def supports_image_urls(self) -> bool:
        return False

    @property
    def supports_pdf_inputs(self) -> bool:
        return False

    @property
    def supports_audio_inputs(self) -> bool:
        return False

    @property
    def supports_anthropic_inputs(self) -> bool:
        return False

    @property
    def supports_image_tool_message(self) -> bool:
        return False

    @property
    def supports_pdf_tool_message(self) -> bool:
        return False

    @property
    def returns_usage_metadata(self) -> bool:
        return True

    @property
    def supported_usage_metadata_details(self) -> dict[str, list[str]]:
        return {"invoke": [], "stream": []}

    @property
    def enable_vcr_tests(self) -> bool:
        return True

    @property
    def model_override_value(self) -> str:
        return "command-r7b-12-2024"


# -- embeddings -----------------------------------------------------------------------


class TestAISDKEmbeddingsCohereUnit(EmbeddingsUnitTests):
    """``test_init_from_env`` passes without checking anything: ``init_from_env_params``
    is left unset, since the key is read per request, not stored in an attribute."""

    @property
    def embeddings_class(self) -> type[AISDKEmbeddings]:
        return AISDKEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {"model": EMBEDDING_MODEL}


class TestAISDKEmbeddingsCohereIntegration(EmbeddingsIntegrationTests):
    """``embed_documents`` is sent with ``input_type: search_document`` and
    ``embed_query`` with ``search_query`` (``test_query_and_documents_input_types``)."""

    def test_query_and_documents_input_types(self, model: AISDKEmbeddings, vcr: Any) -> None:
        model.embed_documents(["cats purr when they are content"])
        model.embed_query("What do cats do?")
        documents, query = (json.loads(r.body) for r in vcr.requests)
        assert (documents["input_type"], query["input_type"]) == ("search_document", "search_query")

    @property
    def embeddings_class(self) -> type[AISDKEmbeddings]:
        return AISDKEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        # 256 of embed-v4.0's 1536 dimensions keeps the cassettes small.
        return {"model": EMBEDDING_MODEL, "dimensions": 256}
