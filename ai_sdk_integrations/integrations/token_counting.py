"""Token counts for the frameworks' ``get_num_tokens``: tiktoken where it knows the
model and is installed, else a documented estimate (never an ImportError, unlike
LangChain's default, which needs ``transformers``)."""

from __future__ import annotations

import functools
from typing import Any

CHARACTERS_PER_TOKEN = 4


@functools.lru_cache(maxsize=64)
def _encoding(model_id: str) -> Any:
    try:
        import tiktoken
    except ImportError:
        return None
    try:
        return tiktoken.encoding_for_model(model_id.rsplit("/", 1)[-1])
    except KeyError:
        return None  # not an OpenAI model tiktoken knows
    except Exception:  # its vocabulary is downloaded on first use: offline, it cannot be had
        return None


def count_tokens(model_id: str, text: str) -> int:
    encoding = _encoding(model_id)
    if encoding is not None:
        return len(encoding.encode(text))
    return -(-len(text) // CHARACTERS_PER_TOKEN)
