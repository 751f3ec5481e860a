"""The Gateway's typed errors, chosen by the error body's ``error.type``; the HTTP
status is kept. An error part inside a stream has no HTTP status of its own: it gets
the status its type implies (``default_status``), which decides ``is_retryable``."""

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


def _param(data: Any, name: str) -> str | None:
    """``error.param.<name>`` of an error body, if it is there."""
    error = data.get("error") if isinstance(data, dict) else None
    param = error.get("param") if isinstance(error, dict) else None
    value = param.get(name) if isinstance(param, dict) else None
    return str(value) if isinstance(value, (str, int)) and value != "" else None


class GatewayError(APICallError):
    """Any error the Gateway reported; ``type`` is its ``error.type``."""

    type = "gateway_error"
    default_status = 500

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        data = self.data
        generation = data.get("generationId") if isinstance(data, dict) else None
        self.generation_id: str | None = str(generation) if generation else None


class GatewayAuthenticationError(GatewayError, AuthenticationError):
    type = "authentication_error"
    default_status = 401


class GatewayInvalidRequestError(GatewayError, InvalidRequestError):
    type = "invalid_request_error"
    default_status = 400


class GatewayRateLimitError(GatewayError, RateLimitError):
    type = "rate_limit_exceeded"
    default_status = 429


class GatewayModelNotFoundError(GatewayError, NotFoundError):
    """``model_id``: the model the Gateway did not find (``error.param.modelId``)."""

    type = "model_not_found"
    default_status = 404

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.model_id: str | None = _param(self.data, "modelId")


class GatewayNotFoundError(GatewayError, NotFoundError):
    type = "not_found"
    default_status = 404


class GatewayInternalServerError(GatewayError, ServerError):
    type = "internal_server_error"
    default_status = 500


class GatewayFailedDependencyError(GatewayError, ServerError):
    """The upstream provider failed (424, not retried by status, as in the AI SDK)."""

    type = "failed_dependency"
    default_status = 424


class GatewayForbiddenError(GatewayError, AuthenticationError):
    """``rule_id``: the routing or permission rule that refused the request
    (``error.param.ruleId``). A refusal by a rule is not the key's fault, so its message
    does not say to check the key."""

    type = "forbidden"
    default_status = 403

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.rule_id: str | None = _param(self.data, "ruleId")

    @staticmethod
    def blames_key_for(data: Any) -> bool:
        return _param(data, "ruleId") is None


class GatewayResponseError(GatewayError):
    """The error body did not have the Gateway's shape (empty, HTML, plain text)."""

    type = "response_error"
    default_status = 502


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
