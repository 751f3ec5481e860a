"""The Vercel AI Gateway: the AI SDK's own spec on the wire (``codec``), its typed
errors (``errors``), its model list (``config``), what calls cost (``spend``) and
``create_gateway`` (``provider``, not imported here: it is the one module that builds
transport endpoints)."""

from .codec import GatewayChatCodec, GatewayEmbeddingCodec, GatewayStreamDecoder
from .context import gateway_request_context
from .errors import (
    ERROR_TYPES,
    GatewayAuthenticationError,
    GatewayError,
    GatewayFailedDependencyError,
    GatewayForbiddenError,
    GatewayInternalServerError,
    GatewayInvalidRequestError,
    GatewayModelNotFoundError,
    GatewayNotFoundError,
    GatewayRateLimitError,
    GatewayResponseError,
)
from .spend import GatewayGeneration, GatewaySpendReport, GatewaySpendRow

__all__ = [
    "ERROR_TYPES",
    "GatewayAuthenticationError",
    "GatewayChatCodec",
    "GatewayEmbeddingCodec",
    "GatewayError",
    "GatewayFailedDependencyError",
    "GatewayGeneration",
    "GatewayForbiddenError",
    "GatewayInternalServerError",
    "GatewayInvalidRequestError",
    "GatewayModelNotFoundError",
    "GatewayNotFoundError",
    "GatewayRateLimitError",
    "GatewayResponseError",
    "GatewaySpendReport",
    "GatewaySpendRow",
    "GatewayStreamDecoder",
    "gateway_request_context",
]
