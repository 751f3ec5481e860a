"""OpenAI's wire formats: Chat Completions (``chat``) and embeddings (``embedding``),
and ``create_openai`` (``provider``). Codecs here do no I/O."""
