"""Our errors as LangChain's model errors too, so both ``except`` clauses work.

langchain-core (1.7.5+) names the conditions every provider reports alike in
``langchain_core.exceptions``: ``ModelRateLimitError``, ``ContextOverflowError``, ... Its
own integrations raise classes inheriting from the vendor SDK's error *and* the core one.
``ChatAISDK`` does the same with this package's errors: what ``_generate`` / ``_stream``
raise is an instance of a class made once per pair, ``(our class, LangChain's class)``,
keeping our exact class (``GatewayRateLimitError`` stays one) and every attribute
(``status_code``, ``retry_after``, ``partial_text``, ...). The original is ``__cause__``.

    our error                                   also a
    AuthenticationError (401) / (403)           ModelAuthenticationError / ModelPermissionDeniedError
    InvalidRequestError                         ModelInvalidRequestError (408: ModelTimeoutError)
      ... saying the prompt is too long         ContextOverflowError and ModelInvalidRequestError
    NotFoundError                               ModelNotFoundError
    RateLimitError                              ModelRateLimitError
    ServerError                                 ModelAPIError
    APICallError of another class               by status, as above; 408: ModelTimeoutError;
                                                5xx: ModelAPIError; else ModelError
    APITimeoutError                             ModelTimeoutError
    APIConnectionError                          ModelConnectionError
    InvalidResponseDataError, any other APIError ModelError

Usage errors (a bad prompt, a missing key variable, an unknown provider) are the
caller's, not the model's, and keep their own class only.
"""

from __future__ import annotations

import json
import threading
from typing import Any

from langchain_core.exceptions import (
    ContextOverflowError,
    ModelAPIError,
    ModelAuthenticationError,
    ModelConnectionError,
    ModelError,
    ModelInvalidRequestError,
    ModelNotFoundError,
    ModelPermissionDeniedError,
    ModelRateLimitError,
    ModelRefusalError,
    ModelTimeoutError,
    OutputParserException,
)

from ...spec.errors import (
    AISDKError,
    APICallError,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    InvalidRequestError,
    InvalidResponseDataError,
    NotFoundError,
    RateLimitError,
    RefusalError,
    ServerError,
)

# What providers say when a prompt does not fit (matched lower-cased against the error's
# message and its body's code / type): OpenAI and the servers copying it (vLLM,
# DeepSeek, Groq), llama.cpp, llama-cpp-python, Anthropic and Gemini (via the Gateway).
CONTEXT_OVERFLOW_MARKERS = (
    "context_length_exceeded",
    "maximum context length",
    "context length exceeded",
    "exceed_context_size",
    "exceeds the context window",
    "exceeds the available context",
    "exceed context window",
    "prompt is too long",
    "input is too long",
    "exceeds the maximum number of tokens",
    "reduce the length of the messages",
)

_BY_STATUS: dict[int, tuple[type[ModelError], ...]] = {
    400: (ModelInvalidRequestError,),
    401: (ModelAuthenticationError,),
    403: (ModelPermissionDeniedError,),
    404: (ModelNotFoundError,),
    408: (ModelTimeoutError,),
    413: (ModelInvalidRequestError,),
    422: (ModelInvalidRequestError,),
    429: (ModelRateLimitError,),
}
# Errors without an HTTP status: the first of our classes an error is an instance of decides.
_BY_CLASS: tuple[tuple[type[AISDKError], tuple[type[ModelError], ...]], ...] = (
    (APITimeoutError, (ModelTimeoutError,)),
    (APIConnectionError, (ModelConnectionError,)),
    (APIError, (ModelError,)),
)

_made: dict[tuple[type[AISDKError], tuple[type[ModelError], ...]], type[AISDKError]] = {}
_lock = threading.Lock()


def is_context_overflow(error: APICallError) -> bool:
    detail = error.data.get("error") if isinstance(error.data, dict) else None
    said = [str(error)]
    if isinstance(detail, dict):
        said += [str(detail.get(key) or "") for key in ("code", "type", "message")]
    text = " ".join(said).lower()
    return any(marker in text for marker in CONTEXT_OVERFLOW_MARKERS)


def langchain_types(error: AISDKError) -> tuple[type[ModelError], ...]:
    """The LangChain error classes ``error`` stands for (none for a usage error)."""
    if isinstance(error, APICallError):
        return _api_call_types(error)
    return next((theirs for ours, theirs in _BY_CLASS if isinstance(error, ours)), ())


def _api_call_types(error: APICallError) -> tuple[type[ModelError], ...]:
    status = error.status_code
    if isinstance(error, AuthenticationError):
        return _BY_STATUS[403 if status == 403 else 401]
    if isinstance(error, RateLimitError):
        return _BY_STATUS[429]
    if isinstance(error, NotFoundError):
        return _BY_STATUS[404]
    if isinstance(error, ServerError) or status >= 500:
        return (ModelAPIError,)
    if is_context_overflow(error):
        return (ContextOverflowError, ModelInvalidRequestError)
    fallback = (ModelInvalidRequestError,) if isinstance(error, InvalidRequestError) else (ModelError,)
    return _BY_STATUS.get(status, fallback)


def _dual_class(ours: type[AISDKError], theirs: tuple[type[ModelError], ...]) -> type[AISDKError]:
    with _lock:
        made = _made.get((ours, theirs))
        if made is None:
            namespace = {
                "__module__": ours.__module__,
                "__qualname__": ours.__qualname__,
                "__doc__": ours.__doc__,
            }
            made = type(ours.__name__, (ours, *theirs), namespace)
            _made[(ours, theirs)] = made
        return made


def as_langchain_error(error: AISDKError) -> AISDKError:
    """``error`` as an instance of its class and the matching LangChain classes; the
    error itself when it already is one, or when LangChain has no class for it."""
    theirs = tuple(cls for cls in langchain_types(error) if not isinstance(error, cls))
    if not theirs:
        return error
    dual = _dual_class(type(error), theirs)
    copy = dual.__new__(dual, *error.args)
    copy.__dict__.update(error.__dict__)
    return copy


class LangChainErrors:
    """``with LangChainErrors():`` re-raises our errors as LangChain's too (``from`` the
    original). Works around ``yield`` in sync and async generators alike."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, traceback: Any) -> None:
        if isinstance(error, AISDKError):
            mapped = as_langchain_error(error)
            if mapped is not error:
                raise mapped from error


class JsonModeIgnoredError(InvalidResponseDataError, OutputParserException):
    """``method="json_mode"`` asked for JSON and the answer is not JSON: the server
    accepted ``response_format={"type": "json_object"}`` and did not honour it.

    Also an ``OutputParserException``, so LangChain's retrying and fixing parsers treat
    it as the parsing failure it is."""

    def __init__(self, model: str, text: str) -> None:
        excerpt = json.dumps(text[:200])
        message = (
            f"{model} ignored JSON mode: method='json_mode' sent response_format "
            f"{{'type': 'json_object'}}, but the answer is not JSON: {excerpt}. Use method='json_schema' "
            "or 'function_calling', or describe the JSON you want in the prompt."
        )
        ValueError.__init__(self, message)
        self.provider = model.partition(":")[0] or None
        self.url = None
        self.observation = None
        self.llm_output = text
        self.send_to_llm = False


class StructuredOutputRefusedError(RefusalError, ModelRefusalError):
    """The model refused to fill the schema: our ``RefusalError`` and LangChain's
    ``ModelRefusalError`` (which ``with_structured_output`` callers catch)."""

    def __init__(self, refusal: str, raw_message: Any = None) -> None:
        message = f"the model declined to produce the structured output: {refusal}"
        RefusalError.__init__(self, message, refusal=refusal)
        self.raw_message = raw_message


def raise_on_refusal(message: Any) -> Any:
    """Pass an ``AIMessage`` through, unless it carries a refusal."""
    refusal = getattr(message, "additional_kwargs", {}).get("refusal")
    if isinstance(refusal, str) and refusal:
        raise StructuredOutputRefusedError(refusal, message)
    return message
