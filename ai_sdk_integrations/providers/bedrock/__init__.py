"""Amazon Bedrock: the Converse API (chat, tools, reasoning, caching, guardrails),
InvokeModel embeddings (Titan, Cohere) and Rerank. See ``provider.create_bedrock``."""
