"""Cohere's v2 API: Chat (``/v2/chat``: ``chat`` codec, ``chat_stream`` decoder,
``chat_messages`` prompt conversion, ``tools``, the lenient readers in ``fields``) and
Embed (``/v2/embed``: ``embedding``), with ``create_cohere`` (``provider``, the only
module here that builds transport endpoints). Rerank v2 lives in ``rerank``."""
