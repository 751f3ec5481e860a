"""Tool-call ids as Mistral requires them: exactly nine letters and digits.

Mistral refuses a history whose tool-call ids are anything else (HTTP 400, "Tool call
id was call_abc but must be a-z, A-Z, 0-9, with a length of 9."), so a conversation
started with another provider (OpenAI's ``call_...``, Anthropic's ``toolu_...``,
LangChain's uuids) could not continue here. The AI SDK sends ids unchanged and fails
that way; this codec instead maps every other id to nine characters derived from it
(a hash), so the assistant's call and the tool's result still pair up, the same id
always maps the same way (the prompt stays cacheable across turns), and Mistral's own
ids pass through untouched.
"""

from __future__ import annotations

import hashlib
import os
import re
import string

_ALPHABET = string.ascii_letters + string.digits
_MISTRAL_ID = re.compile(r"[A-Za-z0-9]{9}")
ID_LENGTH = 9


def mistral_tool_call_id(tool_call_id: str) -> str:
    """``tool_call_id`` if Mistral accepts it, else nine characters derived from it."""
    if _MISTRAL_ID.fullmatch(tool_call_id):
        return tool_call_id
    number = int.from_bytes(hashlib.sha256(tool_call_id.encode()).digest()[:8], "big")
    return _base62(number)


def new_tool_call_id() -> str:
    """A fresh id in Mistral's own form (for a streamed call that came without one)."""
    return _base62(int.from_bytes(os.urandom(8), "big"))


def _base62(number: int) -> str:
    out = []
    for _ in range(ID_LENGTH):
        number, digit = divmod(number, len(_ALPHABET))
        out.append(_ALPHABET[digit])
    return "".join(out)
