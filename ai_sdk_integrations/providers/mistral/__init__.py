"""Mistral's wire formats: Chat Completions as Mistral speaks them (``chat``: typed
``thinking`` content, ``random_seed``, ``tool_choice: "any"``, 9-character tool-call
ids, ``document_url`` parts), embeddings (``embedding``), and ``create_mistral``
(``provider``). Codecs here do no I/O."""
