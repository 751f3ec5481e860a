"""Switching from ChatOpenAI / OpenAILike: the arguments users bring, on the real
framework classes, against the scripted loopback server (the recorded request is what
the assertions read)."""

from __future__ import annotations

import pytest
from http_loopback import API_KEY, ScriptedServer, completion, error_reply, json_reply, sse, stream_reply
from langchain_core.messages import AIMessageChunk

from ai_sdk_integrations.langchain import ChatAISDK
from ai_sdk_integrations.llama_index import AISDK
from ai_sdk_integrations.spec.errors import NoSuchProviderError, UsageError


@pytest.mark.parametrize("spelling", ["base_url", "openai_api_base", "api_base"])
def test_langchain_base_url_spellings_route_to_the_given_server(
    server: ScriptedServer, spelling: str
) -> None:
    server.queue(json_reply(completion("routed")))
    llm = ChatAISDK(model="openai:gpt-4o-mini", openai_api_key=API_KEY, **{spelling: server.url})
    assert llm.invoke("hi").content == "routed"
    [request] = server.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"


@pytest.mark.parametrize("spelling", ["base_url", "api_base"])
def test_llama_index_base_url_spellings_route_to_the_given_server(
    server: ScriptedServer, spelling: str
) -> None:
    server.queue(json_reply(completion("routed")))
    llm = AISDK(model="openai:gpt-4o-mini", api_key=API_KEY, **{spelling: server.url})
    assert llm.complete("hi").text == "routed"
    assert server.requests[0].path == "/v1/chat/completions"


def test_langchain_client_settings_reach_the_request(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    llm = ChatAISDK(
        model="openai:gpt-4o-mini",
        openai_api_base=server.url,
        api_key=API_KEY,
        default_headers={"x-team": "search"},
        default_query={"tenant": "t1"},
        max_completion_tokens=7,
        request_timeout=30,
        model_kwargs={"logprobs": True},
    )
    llm.invoke("hi")
    [request] = server.requests
    assert request.headers["x-team"] == "search"
    assert request.path == "/v1/chat/completions?tenant=t1"
    assert request.json["max_completion_tokens"] == 7
    assert request.json["logprobs"] is True
    assert llm.language_model().endpoint.timeout == 30


def test_llama_index_client_settings_reach_the_request(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    llm = AISDK(
        model="openai:gpt-4o-mini",
        api_base=server.url,
        api_key=API_KEY,
        default_headers={"x-team": "search"},
        max_tokens=9,
        additional_kwargs={"logprobs": True, "stop": ["END"]},
        is_chat_model=True,
        is_function_calling_model=True,
    )
    llm.complete("hi")
    sent = server.requests[0]
    assert sent.headers["x-team"] == "search"
    assert sent.json["max_completion_tokens"] == 9
    assert sent.json["logprobs"] is True and sent.json["stop"] == ["END"]


def test_per_call_client_settings_never_reach_the_body(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")), stream_reply(["o", "k"]))
    llm = ChatAISDK(model="openai:gpt-4o-mini", base_url=server.url, api_key=API_KEY)
    llm.invoke("hi", stream_usage=True, timeout=20, max_retries=0)
    "".join(str(chunk.content) for chunk in llm.stream("hi", stream_usage=True, timeout=20))
    for request in server.requests:
        assert not {"stream_usage", "timeout", "max_retries", "request_timeout"} & set(request.json)


def test_llama_index_per_call_client_settings_never_reach_the_body(server: ScriptedServer) -> None:
    server.queue(json_reply(completion("ok")))
    AISDK(model="openai:gpt-4o-mini", base_url=server.url, api_key=API_KEY).complete("hi", timeout=20)
    assert "timeout" not in server.requests[0].json


@pytest.mark.parametrize(
    ("cls", "typo", "suggestion"),
    [
        (ChatAISDK, "temprature", "temperature"),
        (ChatAISDK, "openai_api_bse", "openai_api_base"),
        (AISDK, "api_bse", "api_base"),
        (AISDK, "max_token", "max_tokens"),
    ],
)
def test_unknown_arguments_are_rejected_with_the_closest_valid_one(
    cls: type, typo: str, suggestion: str
) -> None:
    with pytest.raises(UsageError, match=f"did you mean '{suggestion}'"):
        cls(model="openai:gpt-4o-mini", **{typo: 1})


@pytest.mark.parametrize("cls", [ChatAISDK, AISDK])
def test_a_bad_model_string_fails_at_construction(cls: type) -> None:
    with pytest.raises(NoSuchProviderError, match=r"known providers: .*openai"):
        cls(model="opneai:gpt-4o-mini")
    with pytest.raises(UsageError, match="provider:model-id"):
        cls(model="gpt-4o-mini")


def test_is_chat_model_false_is_refused() -> None:
    with pytest.raises(UsageError, match="chat API"):
        AISDK(model="openai:gpt-4o-mini", is_chat_model=False)


def _embeddings(count: int) -> dict[str, object]:
    return {
        "data": [{"index": i, "embedding": [0.5, float(i)]} for i in range(count)],
        "usage": {"prompt_tokens": 2},
    }


def test_embedding_adapters_take_the_peers_spellings(server: ScriptedServer) -> None:
    from ai_sdk_integrations.langchain import AISDKEmbeddings
    from ai_sdk_integrations.llama_index import AISDKEmbedding

    server.queue(json_reply(_embeddings(1)), json_reply(_embeddings(1)))
    lc = AISDKEmbeddings(
        model="openai:text-embedding-3-small",
        openai_api_base=server.url,
        openai_api_key=API_KEY,
        default_headers={"x-team": "a"},
    )
    li = AISDKEmbedding(model="openai:text-embedding-3-small", api_base=server.url, api_key=API_KEY)
    assert lc.embed_query("hi") == [0.5, 0.0]
    assert li.get_text_embedding("hi") == [0.5, 0.0]
    assert [r.path for r in server.requests] == ["/v1/embeddings", "/v1/embeddings"]
    assert server.requests[0].headers["x-team"] == "a"
    with pytest.raises(UsageError, match="did you mean 'api_base'"):
        AISDKEmbedding(model="openai:text-embedding-3-small", api_bas="x")
    with pytest.raises(NoSuchProviderError):
        AISDKEmbeddings(model="nope:text-embedding-3-small")


def test_llama_index_embedding_resolves_its_model_lazily(monkeypatch: pytest.MonkeyPatch) -> None:
    """Made before its settings exist (a notebook cell, a worker): nothing is resolved yet."""
    from ai_sdk_integrations.llama_index import AISDKEmbedding

    monkeypatch.delenv("AZURE_RESOURCE_NAME", raising=False)
    monkeypatch.delenv("AZURE_OPENAI_ENDPOINT", raising=False)
    embedding = AISDKEmbedding(model="azure:my-embedding-deployment")
    assert embedding.embed_batch_size == 2048
    with pytest.raises(UsageError, match="AZURE_RESOURCE_NAME"):
        embedding.embedding_model()


def test_model_name_is_the_id_without_the_provider() -> None:
    assert ChatAISDK(model="groq:llama-3.3-70b-versatile").model_name == "llama-3.3-70b-versatile"
    assert AISDK(model="openai:gpt-4o-mini").metadata.model_name == "gpt-4o-mini"


def test_token_counts_use_tiktoken_where_it_knows_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    from ai_sdk_integrations.integrations import token_counting

    class Encoding:
        def encode(self, text: str) -> list[int]:
            return list(range(len(text.split())))

    def encoding_for_model(name: str) -> Encoding:
        if name != "gpt-4o-mini":
            raise KeyError(name)
        return Encoding()

    fake = types.ModuleType("tiktoken")
    fake.encoding_for_model = encoding_for_model  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tiktoken", fake)
    token_counting._encoding.cache_clear()
    try:
        assert ChatAISDK(model="openai:gpt-4o-mini").get_num_tokens("one two three") == 3
        # Not a model tiktoken knows: one token per four characters, rounded up.
        assert ChatAISDK(model="local:smollm2").get_num_tokens("one two three") == 4
    finally:
        token_counting._encoding.cache_clear()


def test_token_counts_never_raise_without_tiktoken(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from langchain_core.messages import HumanMessage

    from ai_sdk_integrations.integrations import token_counting

    monkeypatch.setitem(sys.modules, "tiktoken", None)
    token_counting._encoding.cache_clear()
    try:
        llm = ChatAISDK(model="openai:gpt-4o-mini")
        assert llm.get_num_tokens("abcdefgh") == 2
        assert llm.get_num_tokens_from_messages([HumanMessage("abcdefgh")]) >= 2
    finally:
        token_counting._encoding.cache_clear()


def test_a_stream_without_finish_reason_is_kept_with_a_warning_in_both_adapters(
    server: ScriptedServer,
) -> None:
    """``[DONE]`` but no finish reason (seen from some servers): the answer is kept, the
    finish reason is ``other``, and the warning reaches each framework's metadata."""
    done_only = [sse("[DONE]")]
    server.queue(stream_reply(["Hel", "lo"], tail=done_only), stream_reply(["Hel", "lo"], tail=done_only))
    chat = ChatAISDK(model="openai:gpt-4o-mini", base_url=server.url, api_key=API_KEY)
    total = sum(chat.stream("hi"), AIMessageChunk(content=""))
    assert total.content == "Hello"
    assert total.response_metadata["finish_reason"] == "other"
    [warning] = total.response_metadata["warnings"]
    assert warning["type"] == "other" and "no finish reason" in warning["message"]

    llm = AISDK(model="openai:gpt-4o-mini", base_url=server.url, api_key=API_KEY)
    last = list(llm.stream_complete("hi"))[-1]
    assert last.text == "Hello"
    [warning] = last.raw["warnings"]
    assert "no finish reason" in warning["message"]


def test_llama_index_context_window_is_the_one_the_server_reports(server: ScriptedServer) -> None:
    """OpenAILike needs ``context_window=`` by hand; vLLM says it under ``GET /models``
    (``max_model_len``), asked once per server and model."""
    listing = {
        "object": "list",
        "data": [
            {"id": "other-model", "object": "model", "max_model_len": 4096},
            {"id": "Qwen/Qwen3-8B", "object": "model", "owned_by": "vllm", "max_model_len": 32768},
        ],
    }
    server.queue(json_reply(listing))
    llm = AISDK(model="vllm:Qwen/Qwen3-8B", base_url=server.url)
    assert llm.metadata.context_window == 32768
    assert llm.metadata.context_window == 32768
    [request] = server.requests
    assert (request.method, request.path) == ("GET", "/v1/models")
    assert (
        AISDK(model="vllm:Qwen/Qwen3-8B", base_url=server.url, context_window=8000).metadata.context_window
        == 8000
    )


def test_llama_index_context_window_falls_back_to_the_profile_when_the_server_cannot_say(
    server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.queue(error_reply(503, "loading"))
    llm = AISDK(model="vllm:my-finetune", base_url=server.url + "/other")
    with caplog.at_level("WARNING", logger="ai_sdk_integrations"):
        window = llm.metadata.context_window
    assert window == 8192  # the default profile's
    assert len(server.requests) == 1  # not retried: metadata is read often
    assert "could not read my-finetune's context window" in caplog.text


def test_servers_that_do_not_report_a_context_window_are_not_asked(server: ScriptedServer) -> None:
    assert (
        AISDK(model="openai:gpt-4o-mini", base_url=server.url, api_key=API_KEY).metadata.context_window
        == 128_000
    )
    assert AISDK(model="local:smollm2").metadata.context_window == 2048  # the launcher's n_ctx
    assert server.requests == []


@pytest.mark.parametrize(
    ("model", "query_options", "document_options"),
    [
        (
            "gateway:cohere/embed-v4.0",
            {"cohere": {"inputType": "search_query"}},
            {"cohere": {"inputType": "search_document"}},
        ),
        (
            "gateway:google/gemini-embedding-001",
            {"google": {"taskType": "RETRIEVAL_QUERY"}},
            {"google": {"taskType": "RETRIEVAL_DOCUMENT"}},
        ),
        ("gateway:openai/text-embedding-3-small", None, None),  # one kind of embedding only
    ],
)
def test_queries_and_documents_are_embedded_as_what_they_are(
    server: ScriptedServer, model: str, query_options: object, document_options: object
) -> None:
    """LangChain's embed_query / embed_documents and LlamaIndex's query / text
    embeddings ask for the provider's query or document embedding where it has both."""
    from ai_sdk_integrations.langchain import AISDKEmbeddings
    from ai_sdk_integrations.llama_index import AISDKEmbedding

    answer = {"embeddings": [[0.1, 0.2]], "usage": {"tokens": 3}}
    server.queue(*(json_reply(answer) for _ in range(4)))
    langchain = AISDKEmbeddings(model=model, base_url=server.url, api_key=API_KEY)
    langchain.embed_query("what is rye?")
    langchain.embed_documents(["Rye is a grain."])
    llama = AISDKEmbedding(model=model, base_url=server.url, api_key=API_KEY)
    llama.get_query_embedding("what is rye?")
    llama.get_text_embedding("Rye is a grain.")
    sent = [request.json.get("providerOptions") for request in server.requests]
    assert sent == [query_options, document_options, query_options, document_options]


def test_google_embedding_models_name_their_task_types() -> None:
    from ai_sdk_integrations import embedding_model

    google = embedding_model("google:gemini-embedding-001", api_key=API_KEY)
    assert google.input_type_options("query") == {"google": {"taskType": "RETRIEVAL_QUERY"}}
    assert google.input_type_options("document") == {"google": {"taskType": "RETRIEVAL_DOCUMENT"}}
    assert embedding_model("openai:text-embedding-3-small").input_type_options("query") is None
