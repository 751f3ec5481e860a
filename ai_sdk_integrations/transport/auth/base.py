"""What an auth strategy is: something that adds credentials to a request about to go out.

Strategies run after the body is serialised (AWS SigV4 signs the exact bytes) and once
per attempt (a token may be refreshed, a signature dates itself). Each returns the
secret values it added, so the transport can redact them from anything it shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(slots=True)
class OutgoingRequest:
    """One attempt of a request, as the transport is about to send it."""

    method: str
    url: str
    headers: dict[str, str]
    content: bytes | None


class Auth(Protocol):
    def apply(self, request: OutgoingRequest) -> tuple[str, ...]:
        """Add credentials to ``request.headers``; return the secret values added."""
        ...
