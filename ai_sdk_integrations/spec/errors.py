"""One error hierarchy for every provider, so ``except RateLimitError`` works everywhere.

    AISDKError
    ├── APIError                          the remote side failed or refused
    │   ├── APICallError                  an HTTP status >= 400 (status, request id, body excerpt)
    │   │   ├── AuthenticationError       401 / 403: wrong or missing permission
    │   │   ├── InvalidRequestError       400 / 422 and other 4xx: the request was rejected
    │   │   ├── NotFoundError             404: unknown model or path
    │   │   ├── RateLimitError            429: retry after ``retry_after`` seconds
    │   │   └── ServerError               5xx
    │   ├── APIConnectionError            no HTTP answer (refused, reset, DNS)
    │   │   └── APITimeoutError           connect timeout, or silence between stream events
    │   ├── InvalidResponseDataError      the remote sent something we cannot parse
    │   └── RefusalError                  the model declined to give the requested output
    ├── NoObjectGeneratedError            the answer is not the structured output asked for
    └── UsageError                        the caller asked for something impossible
        ├── NoSuchProviderError           unknown ``provider:`` prefix (lists the known ones)
        ├── LoadAPIKeyError               no key given and its variable is unset (names it)
        ├── InvalidPromptError            a prompt the codec cannot express
        ├── UnsupportedFunctionalityError
        ├── NoSuchToolError               the model called a tool we do not have
        ├── InvalidToolInputError         the model's tool arguments are not valid JSON
        └── TooManyEmbeddingValuesForCallError

``is_retryable`` is decided once, when the error is made: 408/409/429/5xx and lost
connections are worth another try; nothing else is. When a stream fails part way, the
text and content received so far ride on the error as ``partial_text`` and
``partial_content`` so nothing already paid for is lost.

Messages never contain an API key: the HTTP layer redacts body excerpts before an error
is built, and no error stores request headers.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

_RETRYABLE_STATUS = frozenset({408, 409, 429})


def is_retryable_status(status: int) -> bool:
    return status in _RETRYABLE_STATUS or status >= 500


class AISDKError(Exception):
    """Root of every error this package raises on purpose."""

    is_retryable: bool = False
    partial_text: str = ""
    partial_content: Sequence[Any] = ()
    retry_errors: Sequence[AISDKError] = ()
    """The errors of earlier attempts, when this one ended a run of retries."""


class APIError(AISDKError):
    """The provider (or the path to it) failed; ``provider`` says which one."""

    def __init__(self, message: str, *, provider: str | None = None, url: str | None = None):
        super().__init__(message)
        self.provider = provider
        self.url = url


class APICallError(APIError):
    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        provider: str | None = None,
        url: str | None = None,
        request_id: str | None = None,
        response_headers: Mapping[str, str] | None = None,
        body_excerpt: str | None = None,
        retry_after: float | None = None,
        data: Any = None,
    ):
        super().__init__(message, provider=provider, url=url)
        self.status_code = status_code
        self.request_id = request_id
        self.response_headers = dict(response_headers or {})
        self.body_excerpt = body_excerpt
        self.retry_after = retry_after
        self.data = data
        self.is_retryable = is_retryable_status(status_code)


class AuthenticationError(APICallError):
    pass


class InvalidRequestError(APICallError):
    pass


class NotFoundError(APICallError):
    pass


class RateLimitError(APICallError):
    pass


class ServerError(APICallError):
    pass


class APIConnectionError(APIError):
    is_retryable = True


class APITimeoutError(APIConnectionError):
    pass


class InvalidResponseDataError(APIError):
    pass


class RefusalError(APIError):
    """The model declined (OpenAI structured outputs' ``refusal``); ``refusal`` says why.
    Raised where the withheld content was needed (structured output), not on plain calls."""

    def __init__(self, message: str, *, refusal: str, provider: str | None = None):
        super().__init__(message, provider=provider)
        self.refusal = refusal


class UsageError(AISDKError):
    """The caller asked for something that cannot work; retrying will not help."""


class NoSuchProviderError(UsageError):
    pass


class LoadAPIKeyError(UsageError):
    pass


class InvalidPromptError(UsageError):
    pass


class UnsupportedFunctionalityError(UsageError):
    pass


class NoSuchToolError(UsageError):
    pass


class InvalidToolInputError(UsageError):
    pass


class TooManyEmbeddingValuesForCallError(UsageError):
    pass


class NoObjectGeneratedError(AISDKError):
    """The model's answer could not be read as the structured output that was asked for
    (not JSON, or JSON that fails the schema), or the loop ended before an answer.

    Everything needed to decide what to do next rides on the error: the raw ``text``,
    the ``finish_reason`` (``length`` means the answer was cut off: raise
    ``max_output_tokens``), the ``usage`` paid for, the ``response`` metadata, and the
    validation or parse error as ``cause`` (also ``__cause__``).
    """

    def __init__(
        self,
        message: str,
        *,
        text: str | None = None,
        finish_reason: str | None = None,
        usage: Any = None,
        response: Any = None,
        cause: BaseException | None = None,
    ):
        super().__init__(message)
        self.text = text
        self.finish_reason = finish_reason
        self.usage = usage
        self.response = response
        self.cause = cause
