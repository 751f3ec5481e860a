"""The Gateway's typed errors, chosen by the error body's ``error.type``; the HTTP
status is kept."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...spec.errors import (
    APICallError,
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    ServerError,
)


class GatewayError(APICallError):
    """Any error the Gateway reported; ``type`` is its ``error.type``."""

    type = "gateway_error"

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        data = self.data
        generation = data.get("generationId") if isinstance(data, dict) else None
        self.generation_id: str | None = str(generation) if generation else None


class GatewayAuthenticationError(GatewayError, AuthenticationError):
    type = "authentication_error"


class GatewayInvalidRequestError(GatewayError, InvalidRequestError):
    type = "invalid_request_error"


class GatewayRateLimitError(GatewayError, RateLimitError):
    type = "rate_limit_exceeded"


class GatewayModelNotFoundError(GatewayError, NotFoundError):
    type = "model_not_found"


class GatewayNotFoundError(GatewayError, NotFoundError):
    type = "not_found"


class GatewayInternalServerError(GatewayError, ServerError):
    type = "internal_server_error"


class GatewayFailedDependencyError(GatewayError, ServerError):
    type = "failed_dependency"


class GatewayForbiddenError(GatewayError, AuthenticationError):
    type = "forbidden"


class GatewayResponseError(GatewayError):
    """The error body did not have the Gateway's shape (empty, HTML, plain text)."""

    type = "response_error"


ERROR_TYPES: Mapping[str, type[GatewayError]] = {
    cls.type: cls
    for cls in (
        GatewayAuthenticationError,
        GatewayInvalidRequestError,
        GatewayRateLimitError,
        GatewayModelNotFoundError,
        GatewayNotFoundError,
        GatewayInternalServerError,
        GatewayFailedDependencyError,
        GatewayForbiddenError,
    )
}


def gateway_error_class(status: int, data: Any) -> type[GatewayError]:
    error = data.get("error") if isinstance(data, dict) else None
    if not isinstance(error, dict) or not isinstance(error.get("message"), str):
        return GatewayResponseError
    return ERROR_TYPES.get(str(error.get("type")), GatewayInternalServerError)


def gateway_error_message(data: Any) -> str | None:
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and isinstance(error.get("message"), str):
        message = str(error["message"])
        generation = data.get("generationId")
        return f"{message} [{generation}]" if generation else message
    return None
