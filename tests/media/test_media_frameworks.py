"""Framework reach on cassettes: the transcript loader in a LangChain retrieval chain,
the transcript reader in a LlamaIndex index, and the image and speech tools.

The audio is the committed espeak-ng fixtures; transcripts come back with segment
timings in metadata, and a hit found by retrieval can be traced to its second.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from media_wire import OPENAI_API, exchanges
from speech_audio import FIXTURES, fixture, mp3_frames

from ai_sdk_integrations.langchain import AISDKEmbeddings, AISDKImageTool, AISDKTranscriptLoader, ChatAISDK
from ai_sdk_integrations.langchain import AISDKSpeechTool as LangChainSpeechTool
from ai_sdk_integrations.llama_index import AISDK, AISDKEmbedding, AISDKTranscriptReader
from ai_sdk_integrations.llama_index import AISDKImageTool as LlamaImageTool
from ai_sdk_integrations.llama_index import AISDKSpeechTool as LlamaSpeechTool

pytestmark = [pytest.mark.vcr, pytest.mark.media_provider("openai")]

GALILEO = str(FIXTURES / "galileo.mp3")
RECIPE = str(FIXTURES / "recipe.mp3")


def test_loader_documents_carry_segments_and_timings(vcr: Any) -> None:
    documents = AISDKTranscriptLoader(
        [GALILEO, RECIPE], model="openai:whisper-1", metadata={"course": "astro"}
    ).load()
    for document, name in zip(documents, ("galileo", "recipe"), strict=True):
        _, expected = fixture(name)
        assert document.page_content == expected["text"]
        assert document.metadata["source"].endswith(f"{name}.mp3")
        assert document.metadata["course"] == "astro" and document.metadata["language"] == "en"
        assert document.metadata["transcription_model"] == "openai:whisper-1"
        assert [(s["start_second"], s["end_second"]) for s in document.metadata["segments"]] == [
            (s["start_second"], s["end_second"]) for s in expected["segments"]
        ]
    assert len(exchanges(vcr)) == 2


async def test_loader_in_a_langchain_retrieval_chain(vcr: Any) -> None:
    from langchain_core.output_parsers import StrOutputParser
    from langchain_core.prompts import ChatPromptTemplate
    from langchain_core.runnables import RunnablePassthrough
    from langchain_core.vectorstores import InMemoryVectorStore

    loader = AISDKTranscriptLoader([GALILEO, RECIPE], model="openai:whisper-1", split_by="segment")
    documents = [document async for document in loader.alazy_load()]
    assert len(documents) == 5 and all("start_second" in d.metadata for d in documents)
    store = await InMemoryVectorStore.afrom_documents(
        documents, AISDKEmbeddings(model="openai:text-embedding-3-small")
    )
    retriever = store.as_retriever(search_kwargs={"k": 2})
    prompt = ChatPromptTemplate.from_template(
        "Answer from these transcript excerpts (with their times):\n{context}\n\nQuestion: {question}"
    )

    def context(found: list[Any]) -> str:
        return "\n".join(f"[{d.metadata['start_second']:.1f}s] {d.page_content}" for d in found)

    chain = (
        {"context": retriever | context, "question": RunnablePassthrough()}
        | prompt
        | ChatAISDK(model="openai:gpt-4o-mini")
        | StrOutputParser()
    )
    answer = await chain.ainvoke("Who studied the moons of Jupiter?")
    hits = await retriever.ainvoke("Who studied the moons of Jupiter?")
    assert answer.strip()
    assert {hit.page_content for hit in hits} <= {d.page_content for d in documents}
    chat = [e for e in exchanges(vcr) if e.uri == f"{OPENAI_API}/chat/completions"]
    (call,) = chat
    sent = call.request_json["messages"][-1]["content"]
    assert all(hit.page_content in sent for hit in hits), "the retrieved segments reached the model"
    assert answer == call.json["choices"][0]["message"]["content"]


def test_reader_in_a_llamaindex_index(vcr: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from llama_index.core import SimpleDirectoryReader, VectorStoreIndex

    # LlamaIndex embeds a document's file_path with its text: relative paths keep the
    # recorded embedding requests the same wherever the repository is checked out.
    monkeypatch.chdir(FIXTURES)
    reader = AISDKTranscriptReader(model="openai:whisper-1")
    documents = SimpleDirectoryReader(
        input_files=["galileo.mp3", "recipe.mp3"], file_extractor={".mp3": reader}
    ).load_data()
    assert [d.text for d in documents] == [fixture("galileo")[1]["text"], fixture("recipe")[1]["text"]]
    assert documents[0].metadata["file_name"] == "galileo.mp3"  # SimpleDirectoryReader's own metadata kept
    assert len(documents[0].metadata["segments"]) == 3
    index = VectorStoreIndex.from_documents(
        documents, embed_model=AISDKEmbedding(model="openai:text-embedding-3-small")
    )
    engine = index.as_query_engine(llm=AISDK(model="openai:gpt-4o-mini"), similarity_top_k=1)
    response = engine.query("How long does the pasta boil?")
    (node,) = response.source_nodes
    assert node.node.metadata["segments"][0]["start_second"] == 0.0
    assert str(response).strip()
    chat = [e for e in exchanges(vcr) if e.uri == f"{OPENAI_API}/chat/completions"]
    assert node.node.get_content() in str(chat[-1].request_json["messages"])
    assert "segments" not in node.node.get_content(metadata_mode="llm")  # timings stay out of the prompt


async def test_reader_async_split_by_segment(vcr: Any) -> None:
    documents = await AISDKTranscriptReader(model="openai:whisper-1", split_by="segment").aload_data(RECIPE)
    _, expected = fixture("recipe")
    assert [(d.text, d.metadata["start_second"], d.metadata["end_second"]) for d in documents] == [
        (s["text"], s["start_second"], s["end_second"]) for s in expected["segments"]
    ]


def test_langchain_image_and_speech_tools(vcr: Any, tmp_path: Path) -> None:
    from langchain_core.messages import ToolCall
    from PIL import Image

    image_tool = AISDKImageTool(model="openai:gpt-image-1", output_dir=str(tmp_path))
    message = image_tool.invoke(
        ToolCall(
            name="generate_image",
            args={"prompt": "A tiny robot", "size": "1024x1024"},
            id="call_1",
            type="tool_call",
        )
    )
    (file,) = message.artifact
    assert Image.open(io.BytesIO(file.data)).size == (1024, 1024)
    (saved,) = tmp_path.glob("image-*.png")
    assert str(saved) in message.content and saved.read_bytes() == file.data
    speech_tool = LangChainSpeechTool(model="openai:tts-1")
    spoken = speech_tool.invoke(
        ToolCall(name="speak", args={"text": "Hello there."}, id="call_2", type="tool_call")
    )
    (audio,) = spoken.artifact
    assert audio.media_type == "audio/mpeg" and mp3_frames(audio.data)[0] > 5
    assert "audio/mpeg" in spoken.content
    assert image_tool.tool_call_schema.model_json_schema()["required"] == ["prompt"]


async def test_llamaindex_image_and_speech_tools(vcr: Any) -> None:
    from llama_index.core.base.llms.types import AudioBlock, ImageBlock

    image = await LlamaImageTool(model="openai:gpt-image-1").acall(prompt="A lantern", size="1024x1024")
    assert image.tool_name == "generate_image" and "image/png" in image.content
    (block,) = [b for b in image.blocks or [] if isinstance(b, ImageBlock)]
    assert block.image_mimetype == "image/png"
    assert image.raw_output[0].media_type == "image/png"
    speech = LlamaSpeechTool(model="openai:gpt-4o-mini-tts", output_format="wav").call("Good night.")
    assert [type(b) for b in speech.blocks or []][-1] is AudioBlock
    assert speech.raw_input == {"text": "Good night.", "voice": None}
    assert speech.raw_output[0].media_type == "audio/wav"
    assert LlamaImageTool(model="openai:gpt-image-1").metadata.get_parameters_dict()["required"] == ["prompt"]
