"""The I/O layer, and the only one: endpoints, auth strategies, retries, timeouts,
framing (SSE, NDJSON, AWS event stream) and error mapping. It imports no provider."""

from .endpoint import Endpoint, normalize_base_url
from .secrets import Secret

__all__ = ["Endpoint", "Secret", "normalize_base_url"]
