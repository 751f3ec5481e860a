"""The demo's LlamaIndex step: a ``VectorStoreIndex`` over a few documents, embedded
with ``AISDKEmbedding``, and its query engine answering with ``AISDK``.

Imports llama-index-core only when called; without it (the ``llama-index`` extra) the
step says so and is skipped.
"""

from __future__ import annotations

DOCUMENTS = [
    "Paris is the capital of France.",
    "The Pacific is the largest ocean on Earth.",
    "Python is a programming language.",
]


def run_llama_index(model: str, embedder: str) -> None:
    print("\n== LlamaIndex: VectorStoreIndex (AISDKEmbedding) and its query engine (AISDK)")
    try:
        from llama_index.core import Document, VectorStoreIndex

        from .llama_index import AISDK, AISDKEmbedding
    except ImportError:
        print("  skipped: llama-index-core is not installed (pip install 'ai-sdk-integrations[llama-index]')")
        return

    # Both models are passed explicitly, so LlamaIndex's global Settings stay untouched.
    index = VectorStoreIndex.from_documents(
        [Document(text=text) for text in DOCUMENTS], embed_model=AISDKEmbedding(model=embedder)
    )
    engine = index.as_query_engine(llm=AISDK(model=model, temperature=0, max_tokens=60), similarity_top_k=1)
    question = "Which city is France's capital?"
    print(f"  question {question}")
    response = engine.query(question)
    print(f"  answer   {str(response).strip()}")
    for source in response.source_nodes:
        print(f"  source   {source.node.get_content()}  (similarity {source.score or 0:.3f})")
