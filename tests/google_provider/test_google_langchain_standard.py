"""LangChain's own standard suites against ChatAISDK / AISDKEmbeddings on the Gemini API.

``ChatAISDK(model="google:gemini-2.5-flash")`` and
``AISDKEmbeddings(model="google:gemini-embedding-001")`` run langchain-tests'
``ChatModelUnitTests``, ``ChatModelIntegrationTests``, ``EmbeddingsUnitTests`` and
``EmbeddingsIntegrationTests``. The integration suites replay
``cassettes/google_langchain_standard/``, *written* from Google's documented wire format
(``google_wire.py``; see ``cassettes/README.md``):

    AI_SDK_WRITE_CASSETTES=1 .venv/bin/pytest \\
        tests/google_provider/test_google_langchain_standard.py --record-mode=rewrite

and re-recordable against the real API with ``GOOGLE_GENERATIVE_AI_API_KEY=...`` instead
of ``AI_SDK_WRITE_CASSETTES=1``. The flags are what gemini-2.5-flash and our Gemini codec
do; each test that does not run here says why.
"""

from __future__ import annotations

import base64
import uuid
from typing import Any

import httpx
import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, SystemMessage
from langchain_core.utils import function_calling
from langchain_serdes import AllowChatAISDKInAll
from langchain_tests.integration_tests import ChatModelIntegrationTests, EmbeddingsIntegrationTests
from langchain_tests.unit_tests import ChatModelUnitTests, EmbeddingsUnitTests
from vcr.errors import CannotOverwriteExistingCassetteException

from ai_sdk_integrations.langchain import AISDKEmbeddings, ChatAISDK

pytestmark = pytest.mark.vcr

CHAT_MODEL = "google:gemini-2.5-flash"
EMBEDDING_MODEL = "google:gemini-embedding-001"
_NO_DOWNLOAD = (CannotOverwriteExistingCassetteException, httpx.TransportError, RuntimeError)
_DOWNLOADS = (
    "{test} downloads its input from {host} inside the test, which this machine cannot reach "
    "(the flag stays True: Gemini reads these inputs, and {local} sends the same block shapes with a file built here)"  # noqa: E501
)


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    """As langchain-tests' own ``base_vcr_config``: ``test_stream_time`` replays one stream many times."""
    return {**vcr_config, "allow_playback_repeats": True}


@pytest.fixture(autouse=True)
def stable_example_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """``tool_example_to_messages`` gives its example calls ``uuid4()`` ids, which go into
    the request body cassettes match on; make them the same on every run."""
    counter = iter(range(1, 1_000_000))

    def uuid4() -> uuid.UUID:
        return uuid.UUID(int=next(counter), version=4)

    monkeypatch.setattr(function_calling, "uuid", type("StableUUID", (), {"uuid4": staticmethod(uuid4)}))


def _tiny_png() -> bytes:
    from test_google_cassettes_files import tiny_png

    return tiny_png()


CACHED_SYSTEM_PROMPT = (
    "You are a concise assistant for a bakery. Follow the shop's rules below.\n"
    + "\n".join(
        f"Rule {n}: when a customer asks about item number {n} on the menu, answer in plain words, "
        f"name no competitors, and keep the reply under {20 + n % 7} words."
        for n in range(1, 61)
    )
)


class TestChatAISDKGoogleUnit(AllowChatAISDKInAll, ChatModelUnitTests):
    """``test_init_from_env`` checks the key is *not* copied onto the model: it is read
    per request from ``GOOGLE_GENERATIVE_AI_API_KEY`` (or ``GEMINI_API_KEY``)."""

    @property
    def chat_model_class(self) -> type[ChatAISDK]:
        return ChatAISDK

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model": CHAT_MODEL}

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        return (
            {"GOOGLE_GENERATIVE_AI_API_KEY": "key-from-the-environment"},
            self.chat_model_params,
            {"api_key": None},
        )


class TestChatAISDKGoogleIntegration(ChatModelIntegrationTests):
    """gemini-2.5-flash through ChatAISDK and our Gemini codec.

    Not run here (xfail; the flag stays True because Gemini has the feature):

    * ``test_image_inputs``, ``test_pdf_inputs``, ``test_audio_inputs``,
      ``test_anthropic_inputs``, ``test_image_tool_message``, ``test_pdf_tool_message``:
      each downloads its input file inside the test; the ``*_built_here`` tests send the
      same input blocks with files made here, and ``test_google_request.py`` pins how
      files in tool results go to Gemini.
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
        return True

    @property
    def supports_image_urls(self) -> bool:
        return True

    @property
    def supports_pdf_inputs(self) -> bool:
        return True

    @property
    def supports_audio_inputs(self) -> bool:
        return True

    @property
    def supports_image_tool_message(self) -> bool:
        return True

    @property
    def supports_pdf_tool_message(self) -> bool:
        return True

    @property
    def supports_anthropic_inputs(self) -> bool:
        return True

    @property
    def returns_usage_metadata(self) -> bool:
        return True

    @property
    def supported_usage_metadata_details(self) -> dict[str, list[str]]:
        return {
            "invoke": ["cache_read_input", "reasoning_output"],
            "stream": ["cache_read_input", "reasoning_output"],
        }

    @property
    def enable_vcr_tests(self) -> bool:
        return True

    @property
    def model_override_value(self) -> str:
        return "gemini-2.5-pro"

    def invoke_with_cache_read_input(self, *, stream: bool = False) -> AIMessage:
        """Two questions behind one long system prompt: the second reads the shared
        prefix from Gemini's implicit cache."""
        llm = ChatAISDK(**self.chat_model_params)
        answer: BaseMessage | None = None
        for question in ("Do you sell rye bread?", "Do you sell croissants?"):
            messages = [SystemMessage(CACHED_SYSTEM_PROMPT), HumanMessage(question)]
            answer = _call(llm, messages, stream)
        assert isinstance(answer, AIMessage)
        return answer

    def invoke_with_reasoning_output(self, *, stream: bool = False) -> AIMessage:
        """gemini-2.5-flash thinks by default; its thoughts are reported as reasoning tokens."""
        llm = ChatAISDK(**self.chat_model_params)
        answer = _call(llm, [HumanMessage("How many r's are in strawberry? Explain briefly.")], stream)
        assert isinstance(answer, AIMessage)
        return answer

    @pytest.mark.xfail(
        raises=_NO_DOWNLOAD,
        reason=_DOWNLOADS.format(
            test="test_image_inputs", host="wikimedia", local="test_image_inputs_built_here"
        ),
    )
    def test_image_inputs(self, model: Any) -> None:
        super().test_image_inputs(model)

    @pytest.mark.xfail(
        raises=_NO_DOWNLOAD,
        reason=_DOWNLOADS.format(
            test="test_pdf_inputs", host="www.w3.org", local="test_pdf_inputs_built_here"
        ),
    )
    def test_pdf_inputs(self, model: Any) -> None:
        super().test_pdf_inputs(model)

    @pytest.mark.xfail(
        raises=_NO_DOWNLOAD,
        reason=_DOWNLOADS.format(
            test="test_audio_inputs", host="wikimedia.org", local="test_audio_inputs_built_here"
        ),
    )
    def test_audio_inputs(self, model: Any) -> None:
        super().test_audio_inputs(model)

    @pytest.mark.xfail(
        raises=_NO_DOWNLOAD,
        reason=_DOWNLOADS.format(
            test="test_anthropic_inputs",
            host="raw.githubusercontent.com",
            local="test_image_inputs_built_here",
        ),
    )
    def test_anthropic_inputs(self, model: Any) -> None:
        super().test_anthropic_inputs(model)

    @pytest.mark.xfail(
        raises=_NO_DOWNLOAD,
        reason=_DOWNLOADS.format(
            test="test_image_tool_message",
            host="wikimedia",
            local="tests/providers/test_google_request.py::test_tool_results_with_files",
        ),
    )
    def test_image_tool_message(self, model: Any) -> None:
        super().test_image_tool_message(model)

    @pytest.mark.xfail(
        raises=_NO_DOWNLOAD,
        reason=_DOWNLOADS.format(
            test="test_pdf_tool_message",
            host="www.w3.org",
            local="tests/providers/test_google_request.py::test_tool_results_with_files",
        ),
    )
    def test_pdf_tool_message(self, model: Any) -> None:
        super().test_pdf_tool_message(model)

    def test_image_inputs_built_here(self, model: ChatAISDK) -> None:
        data = base64.b64encode(_tiny_png()).decode()
        prompt = {"type": "text", "text": "Give a concise description of this image."}
        for block in (
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{data}"}},
            {"type": "image", "base64": data, "mime_type": "image/png"},
        ):
            result = model.invoke([HumanMessage(content=[prompt, block])])
            assert isinstance(result, AIMessage) and result.text

    def test_pdf_inputs_built_here(self, model: ChatAISDK) -> None:
        from test_google_cassettes_files import tiny_pdf

        data = base64.b64encode(tiny_pdf()).decode()
        block = {"type": "file", "base64": data, "mime_type": "application/pdf"}
        result = model.invoke([HumanMessage([{"type": "text", "text": "Summarize this document:"}, block])])
        assert isinstance(result, AIMessage) and result.text

    def test_audio_inputs_built_here(self, model: ChatAISDK) -> None:
        from test_google_cassettes_files import tiny_wav

        data = base64.b64encode(tiny_wav()).decode()
        block = {"type": "audio", "base64": data, "mime_type": "audio/wav"}
        result = model.invoke([HumanMessage([{"type": "text", "text": "Describe this audio."}, block])])
        assert isinstance(result, AIMessage) and result.text


def _call(llm: ChatAISDK, messages: list[BaseMessage], stream: bool) -> BaseMessage:
    if not stream:
        return llm.invoke(messages)
    full: AIMessageChunk | None = None
    for chunk in llm.stream(messages):
        full = chunk if full is None else full + chunk
    assert full is not None
    return full


class TestAISDKEmbeddingsGoogleUnit(EmbeddingsUnitTests):
    @property
    def embeddings_class(self) -> type[AISDKEmbeddings]:
        return AISDKEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        return {"model": EMBEDDING_MODEL}


class TestAISDKEmbeddingsGoogleIntegration(EmbeddingsIntegrationTests):
    @property
    def embeddings_class(self) -> type[AISDKEmbeddings]:
        return AISDKEmbeddings

    @property
    def embedding_model_params(self) -> dict[str, Any]:
        # 256 of gemini-embedding-001's 3072 dimensions keeps the cassettes small.
        return {"model": EMBEDDING_MODEL, "dimensions": 256}
