"""LangChain's standard chat suites against ChatAISDK on OpenAI's Responses API.

``ChatAISDK(model="openai.responses:gpt-4o-mini")`` runs langchain-tests'
``ChatModelUnitTests`` and ``ChatModelIntegrationTests``. The integration suite replays
``cassettes/openai_responses_langchain_standard/``, written from the Responses wire
format by ``responses_wire.FakeResponses`` (see ``conftest.py`` for the command, and
for re-recording against the real API with ``OPENAI_API_KEY``). The flags are what
gpt-4o-mini does through the Responses API; what cannot run here says why.
"""

from __future__ import annotations

import base64
import struct
import uuid
import zlib
from typing import Any

import httpx
import pytest
from gpt4o_mini_flags import GPT4oMiniFlags
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.utils import function_calling
from langchain_serdes import AllowChatAISDKInAll
from langchain_tests.integration_tests import ChatModelIntegrationTests
from langchain_tests.unit_tests import ChatModelUnitTests
from vcr.errors import CannotOverwriteExistingCassetteException

from ai_sdk_integrations.langchain import ChatAISDK

pytestmark = pytest.mark.vcr

CHAT_MODEL = "openai.responses:gpt-4o-mini"
_NO_DOWNLOAD = (CannotOverwriteExistingCassetteException, httpx.TransportError, RuntimeError)
_DOWNLOADS = (
    "{test} downloads its input from {host} inside the test, which this machine cannot reach "
    "(the flag stays True: {local} sends the same block shapes with a file built here)"
)


@pytest.fixture(scope="module")
def vcr_config(vcr_config: dict[str, Any]) -> dict[str, Any]:
    """``test_stream_time`` benchmarks one recorded stream many times."""
    return {**vcr_config, "allow_playback_repeats": True}


@pytest.fixture(autouse=True)
def stable_example_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """``test_structured_few_shot_examples`` gives its example tool calls ``uuid4()`` ids,
    which go into the request body that cassettes match on."""
    counter = iter(range(1, 1_000_000))

    def uuid4() -> uuid.UUID:
        return uuid.UUID(int=next(counter), version=4)

    monkeypatch.setattr(function_calling, "uuid", type("StableUUID", (), {"uuid4": staticmethod(uuid4)}))


def tiny_png(rgb: tuple[int, int, int] = (200, 30, 30), size: int = 8) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes(rgb) * size for _ in range(size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def tiny_pdf(text: str = "Dummy PDF file") -> bytes:
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


class TestChatAISDKResponsesUnit(AllowChatAISDKInAll, ChatModelUnitTests):
    @property
    def chat_model_class(self) -> type[ChatAISDK]:
        return ChatAISDK

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model": CHAT_MODEL}

    @property
    def init_from_env_params(self) -> tuple[dict[str, str], dict[str, Any], dict[str, Any]]:
        """The key is read per request, never copied onto the model."""
        return ({"OPENAI_API_KEY": "key-from-the-environment"}, self.chat_model_params, {"api_key": None})


class TestChatAISDKResponsesIntegration(GPT4oMiniFlags, ChatModelIntegrationTests):
    """gpt-4o-mini through ChatAISDK and the Responses codec.

    Not run here (xfail; the feature exists): ``test_image_inputs``, ``test_pdf_inputs``,
    ``test_anthropic_inputs``, ``test_image_tool_message`` and ``test_pdf_tool_message``
    download their files from the internet inside the test; the ``*_built_here`` tests
    send the same block shapes with files built here. Unlike Chat Completions, a
    Responses ``function_call_output`` takes images and files, so both tool-message
    flags are True.

    ``supported_usage_metadata_details`` is empty: the suite's cache-read test needs a
    prompt OpenAI has cached, which the fake server only reports for Chat Completions.
    """

    @property
    def chat_model_params(self) -> dict[str, Any]:
        return {"model": CHAT_MODEL, "temperature": 0}

    @property
    def supports_image_tool_message(self) -> bool:
        return True

    @property
    def supports_pdf_tool_message(self) -> bool:
        return True

    @property
    def supported_usage_metadata_details(self) -> dict[str, list[str]]:
        return {"invoke": [], "stream": []}

    @property
    def model_override_value(self) -> str:
        return "gpt-4.1-mini"

    @pytest.mark.xfail(
        raises=_NO_DOWNLOAD,
        reason=_DOWNLOADS.format(
            test="test_image_inputs", host="raw.githubusercontent.com", local="test_image_inputs_built_here"
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
            test="test_anthropic_inputs",
            host="raw.githubusercontent.com",
            local="test_image_inputs_built_here",
        ),
    )
    def test_anthropic_inputs(self, model: Any) -> None:
        super().test_anthropic_inputs(model)

    def test_image_inputs_built_here(self, model: ChatAISDK) -> None:
        data = base64.b64encode(tiny_png()).decode()
        prompt = {"type": "text", "text": "Give a concise description of this image."}
        for block in (
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{data}"}},
            {"type": "image", "base64": data, "mime_type": "image/png"},
            {
                "type": "image",
                "url": "https://upload.wikimedia.org/wikipedia/commons/4/47/PNG_transparency_demonstration_1.png",
            },
        ):
            result = model.invoke([HumanMessage(content=[prompt, block])])
            assert isinstance(result, AIMessage) and result.text

    def test_pdf_inputs_built_here(self, model: ChatAISDK) -> None:
        data = base64.b64encode(tiny_pdf()).decode()
        prompt = {"type": "text", "text": "Summarize this document:"}
        result = model.invoke(
            [HumanMessage([prompt, {"type": "file", "base64": data, "mime_type": "application/pdf"}])]
        )
        assert isinstance(result, AIMessage) and result.text

    @pytest.mark.xfail(
        raises=_NO_DOWNLOAD,
        reason=_DOWNLOADS.format(
            test="test_image_tool_message",
            host="raw.githubusercontent.com",
            local="test_image_tool_message_built_here",
        ),
    )
    def test_image_tool_message(self, model: Any) -> None:
        super().test_image_tool_message(model)

    @pytest.mark.xfail(
        raises=_NO_DOWNLOAD,
        reason=_DOWNLOADS.format(
            test="test_pdf_tool_message", host="www.w3.org", local="test_pdf_tool_message_built_here"
        ),
    )
    def test_pdf_tool_message(self, model: Any) -> None:
        super().test_pdf_tool_message(model)

    def test_image_tool_message_built_here(self, model: ChatAISDK) -> None:
        data = base64.b64encode(tiny_png()).decode()
        for block in (
            {"type": "image_url", "image_url": {"url": f"data:image/png;base64,{data}"}},
            {"type": "image", "base64": data, "mime_type": "image/png"},
        ):
            self._tool_message_turn(
                model, "random_image", ToolMessage([block], tool_call_id="1", name="random_image")
            )

    def test_pdf_tool_message_built_here(self, model: ChatAISDK) -> None:
        data = base64.b64encode(tiny_pdf()).decode()
        block = {"type": "file", "base64": data, "mime_type": "application/pdf"}
        self._tool_message_turn(
            model, "random_pdf", ToolMessage([block], tool_call_id="1", name="random_pdf")
        )

    @staticmethod
    def _tool_message_turn(model: ChatAISDK, name: str, message: ToolMessage) -> None:
        def random_file() -> str:
            """Return a random file."""
            return ""

        random_file.__name__ = name
        history = [
            HumanMessage("get a random file using the tool and give it a concise description"),
            AIMessage([], tool_calls=[{"type": "tool_call", "id": "1", "name": name, "args": {}}]),
            message,
        ]
        result = model.bind_tools([random_file]).invoke(history)
        assert isinstance(result, AIMessage)
