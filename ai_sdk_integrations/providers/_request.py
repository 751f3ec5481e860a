"""The request a codec asks for, before anyone knows where or how it is sent."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..spec import CallWarning


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """``path`` is joined to the endpoint's base URL by the HTTP layer."""

    path: str
    body: Mapping[str, Any]
    stream: bool = False
    method: str = "POST"
    headers: Mapping[str, str] = field(default_factory=dict)
    warnings: Sequence[CallWarning] = ()
