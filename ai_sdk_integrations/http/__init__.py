"""The I/O layer: endpoints, retries, timeouts, SSE streaming and error mapping."""

from ._secrets import Secret
from .endpoint import Endpoint, normalize_base_url

__all__ = ["Endpoint", "Secret", "normalize_base_url"]
