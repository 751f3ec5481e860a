"""``ChatAISDK``: any model string as a LangChain chat model.

A thin view over ``LanguageModel``: settings in, LangChain messages converted to the
spec prompt, spec results and stream parts converted back. No HTTP and no wire format
live here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import aclosing, closing
from typing import Any, Literal

from langchain_core.callbacks import AsyncCallbackManagerForLLMRun, CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LangSmithParams, LanguageModelInput
from langchain_core.language_models.model_profile import ModelProfile as LangChainProfile
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import AliasChoices, ConfigDict, Field, PrivateAttr, SecretStr, model_validator

from ...core.registry import adapter_model, language_model, split_model_string
from ...provider.language_model import LanguageModel
from ...spec import CallOptions
from ...spec.errors import AISDKError
from ..arguments import check_model_string, reject_unknown
from ..call_options import call_options_from_kwargs
from ..token_counting import count_tokens
from ._errors import LangChainErrors
from ._messages import convert_messages
from ._outputs import ChunkBuilder, ai_message, parser_for
from ._serialization import NAMESPACE, key_variable, lift_settings_key


def vendor_options_key(model: LanguageModel) -> str:
    """Whose provider options the model's own options (``strictJsonSchema``) go under:
    its provider's; behind the Gateway, the upstream vendor's (``openai`` for
    ``gateway:openai/gpt-4o``), which the Gateway passes them on to."""
    vendor, slash, _ = model.model_id.partition("/")
    return vendor if model.provider == "gateway" and slash else model.provider


class ChatAISDK(BaseChatModel):
    """Chat model for any provider: ``ChatAISDK(model="openai:gpt-4o-mini")``.

    ``model`` is a ``"provider:model-id"`` string (see ``known_providers()``) or a
    ``LanguageModel``. Keys come from ``api_key`` or the provider's usual variable,
    read per request (never copied onto the model). ``model_settings`` passes anything
    else ``language_model()`` takes (headers, query parameters, server quirks such as
    ``structured_outputs``).

    LangChain-serializable: ``dumpd`` writes the key as a secret named after the
    provider's variable (``OPENAI_API_KEY``, ...), never its value, and leaves out
    ``http_client`` / ``http_async_client``; ``load`` rebuilds the model from the public
    path ``ai_sdk_integrations.langchain`` (pass ``allowed_objects=[ChatAISDK]``; a
    ``LanguageModel`` object or a callable key cannot be saved and ``load`` says so).
    Errors from calls are this package's (``spec.errors``) and LangChain's
    (``langchain_core.exceptions``) at once; ``content_blocks`` and
    ``output_version="v1"`` carry reasoning (with its provider metadata) and citations.
    """

    model: Any = Field(validation_alias=AliasChoices("model", "model_name"))
    api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("api_key", "openai_api_key")
    )
    base_url: str | None = Field(
        default=None, validation_alias=AliasChoices("base_url", "openai_api_base", "api_base")
    )
    organization: str | None = Field(
        default=None, validation_alias=AliasChoices("organization", "openai_organization")
    )
    default_headers: dict[str, str] | None = Field(
        default=None, validation_alias=AliasChoices("default_headers", "headers")
    )
    default_query: dict[str, str] | None = Field(
        default=None, validation_alias=AliasChoices("default_query", "query_params")
    )
    temperature: float | None = None
    max_tokens: int | None = Field(
        default=None,
        validation_alias=AliasChoices("max_tokens", "max_completion_tokens", "max_output_tokens"),
    )
    top_p: float | None = None
    top_k: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    seed: int | None = None
    stop: list[str] | None = Field(default=None, validation_alias=AliasChoices("stop", "stop_sequences"))
    reasoning_effort: str | None = None
    timeout: float | None = Field(default=None, validation_alias=AliasChoices("timeout", "request_timeout"))
    """Seconds to wait for a response, and for each next event of a stream."""
    max_retries: int | None = None
    streaming: bool = False
    stream_usage: bool = True
    """Ask for token usage in streams (where the server can send it)."""
    model_kwargs: dict[str, Any] = Field(default_factory=dict)
    """Request-body parameters this package has no setting for, sent as given."""
    provider_options: dict[str, dict[str, Any]] | None = None
    model_settings: dict[str, Any] = Field(default_factory=dict)
    use_responses_api: bool | None = None
    """``True``: OpenAI's (or Azure's) Responses API instead of Chat Completions, as in
    ChatOpenAI (the same as ``model_settings={"api": "responses"}`` or an
    ``openai.responses:`` model string)."""
    http_client: Any = Field(default=None, exclude=True)
    """Your own ``httpx2.Client`` (proxies, custom CAs); used as given, never closed here."""
    http_async_client: Any = Field(default=None, exclude=True)

    model_config = ConfigDict(populate_by_name=True, arbitrary_types_allowed=True, defer_build=True)

    @model_validator(mode="before")
    @classmethod
    def _known_arguments_only(cls, data: Any) -> Any:
        reject_unknown(cls, data)
        return lift_settings_key(data)

    @model_validator(mode="after")
    def _model_string_is_valid(self) -> ChatAISDK:
        check_model_string(self.model)
        return self

    _models: dict[str | None, LanguageModel] = PrivateAttr(default_factory=dict)

    # -- identity -------------------------------------------------------------------

    @property
    def _llm_type(self) -> str:
        return "ai-sdk"

    @classmethod
    def is_lc_serializable(cls) -> bool:
        return True

    @classmethod
    def get_lc_namespace(cls) -> list[str]:
        """The public import path, so saved objects outlive moves inside the package."""
        return list(NAMESPACE)

    @property
    def lc_secrets(self) -> dict[str, str]:
        return {"api_key": key_variable(self.model, self.language_model)}

    @property
    def model_string(self) -> str:
        if isinstance(self.model, LanguageModel):
            return f"{self.model.provider}:{self.model.model_id}"
        return str(self.model)

    @property
    def model_name(self) -> str:
        """The model id without the provider prefix, as ``ChatOpenAI.model_name`` is."""
        return self.model_string.partition(":")[2]

    def get_num_tokens(self, text: str) -> int:
        """tiktoken's count where it knows the model (OpenAI families, with tiktoken
        installed); otherwise an estimate of one token per four characters, rounded up:
        close for English text, never an ImportError."""
        return count_tokens(self.model_name, text)

    def get_num_tokens_from_messages(
        self, messages: list[BaseMessage], tools: Sequence[Any] | None = None
    ) -> int:
        """The provider's own count where it has an endpoint for it (Anthropic's
        ``count_tokens``, as ChatAnthropic does: one request, tools included); elsewhere
        LangChain's estimate from ``get_num_tokens`` per message."""
        kwargs: dict[str, Any] = {"tools": [convert_to_openai_tool(t) for t in tools]} if tools else {}
        with LangChainErrors():
            model, options = self._prepare(messages, None, kwargs)
            counted = model.count_tokens(options)
        if counted is not None:
            return counted
        return super().get_num_tokens_from_messages(messages, tools=tools)

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {
            "model": self.model_string,
            "base_url": self.base_url,
            "temperature": self.temperature,
            "max_tokens": self.max_tokens,
            "top_p": self.top_p,
            "top_k": self.top_k,
            "seed": self.seed,
            "stop": self.stop,
            "reasoning_effort": self.reasoning_effort,
            "provider_options": self.provider_options,
        }

    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        provider, model_id = split_model_string(self.model_string)
        override = kwargs.get("model")
        if override:
            model_id = str(override).partition(":")[2] if ":" in str(override) else str(override)
        params = LangSmithParams(ls_provider=provider, ls_model_name=model_id, ls_model_type="chat")
        temperature = kwargs.get("temperature", self.temperature)
        if temperature is not None:
            params["ls_temperature"] = temperature
        max_tokens = kwargs.get("max_tokens", self.max_tokens)
        if max_tokens is not None:
            params["ls_max_tokens"] = max_tokens
        if stop or self.stop:
            params["ls_stop"] = stop or self.stop
        return params

    def _resolve_model_profile(self) -> LangChainProfile | None:
        """LangChain's ``profile``, from the model family's profile (``provider/profile.py``)."""
        profile = self.language_model().profile
        return LangChainProfile(
            max_input_tokens=profile.context_window,
            max_output_tokens=profile.max_output_tokens,
            tool_calling=profile.tool_calling,
            structured_output=profile.structured_output == "json_schema",
            reasoning_output=profile.reasoning,
            image_inputs=profile.image_inputs,
            temperature=profile.sampling_parameters,
        )

    # -- the model and its call options ---------------------------------------------

    def language_model(self, override: str | None = None) -> LanguageModel:
        """The resolved model; ``override`` is a per-call ``model=`` (id or full string)."""
        cached = self._models.get(override)
        if cached is not None:
            return cached
        target: Any = self.model
        if override:
            base = self.model_string
            target = override if ":" in override else f"{split_model_string(base)[0]}:{override}"
        settings = dict(self.model_settings)
        if not self.stream_usage and isinstance(target, str):
            settings["include_usage"] = False
        if self.use_responses_api and isinstance(target, str):
            settings["api"] = "responses"
        resolved: LanguageModel = adapter_model(
            target,
            language_model,
            connection={
                "headers": self.default_headers,
                "query_params": self.default_query,
                "organization": self.organization,
                "http_client": self.http_client,
                "async_http_client": self.http_async_client,
            },
            api_key=self.api_key.get_secret_value() if self.api_key is not None else None,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=self.max_retries,
            settings=settings,
        )
        self._models[override] = resolved
        return resolved

    def _prepare(
        self, messages: Sequence[BaseMessage], stop: list[str] | None, kwargs: dict[str, Any]
    ) -> tuple[LanguageModel, CallOptions]:
        kwargs = dict(kwargs)
        model = self.language_model(kwargs.pop("model", None))
        defaults = {
            "temperature": self.temperature,
            "max_output_tokens": self.max_tokens,
            "top_p": self.top_p,
            "top_k": self.top_k,
            "presence_penalty": self.presence_penalty,
            "frequency_penalty": self.frequency_penalty,
            "seed": self.seed,
            "reasoning": self.reasoning_effort,
        }
        prompt = convert_messages(messages)
        stop_sequences = stop or self.stop
        options, endpoint = call_options_from_kwargs(
            model.provider,
            prompt,
            defaults,
            self.provider_options,
            kwargs,
            stop_sequences,
            body_params=self.model_kwargs,
            schema_options_key=vendor_options_key(model),
        )
        return (model.with_endpoint(**endpoint) if endpoint else model), options

    # -- calls ----------------------------------------------------------------------

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with LangChainErrors():
            model, options = self._prepare(messages, stop, kwargs)
            result = model.generate(options)
        message = ai_message(result, model.model_id, parse=parser_for(kwargs.get("response_format")))
        return ChatResult(generations=[ChatGeneration(message=message)])

    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        with LangChainErrors():
            model, options = self._prepare(messages, stop, kwargs)
            result = await model.agenerate(options)
        message = ai_message(result, model.model_id, parse=parser_for(kwargs.get("response_format")))
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        with LangChainErrors():
            model, options = self._prepare(messages, stop, kwargs)
            builder = ChunkBuilder(model.model_id, parse=parser_for(kwargs.get("response_format")))
            try:
                with closing(model.stream(options)) as parts:
                    for part in parts:
                        chunk = builder.chunk(part)
                        if chunk is not None:
                            if run_manager:
                                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
                            yield chunk
            except AISDKError as exc:
                builder.reducer.failed(exc)
                raise

    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        with LangChainErrors():
            model, options = self._prepare(messages, stop, kwargs)
            builder = ChunkBuilder(model.model_id, parse=parser_for(kwargs.get("response_format")))
            try:
                async with aclosing(model.astream(options)) as parts:
                    async for part in parts:
                        chunk = builder.chunk(part)
                        if chunk is not None:
                            if run_manager:
                                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
                            yield chunk
            except AISDKError as exc:
                builder.reducer.failed(exc)
                raise

    # -- tools and structured output ------------------------------------------------

    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | bool | dict[str, Any] | None = None,
        strict: bool | None = None,
        parallel_tool_calls: bool | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """``tool_choice``: "auto", "none", "any"/"required"/True (some tool), or a tool name."""
        formatted = [convert_to_openai_tool(t, strict=strict) for t in tools]
        if tool_choice is not None and tool_choice is not False:
            kwargs["tool_choice"] = tool_choice
        if parallel_tool_calls is not None:
            kwargs["parallel_tool_calls"] = parallel_tool_calls
        return super().bind(tools=formatted, **kwargs)

    def with_structured_output(
        self,
        schema: dict[str, Any] | type | None = None,
        *,
        method: Literal["json_schema", "function_calling", "json_mode"] | None = None,
        include_raw: bool = False,
        strict: bool | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, dict[str, Any] | Any]:
        """``method`` defaults to ``json_schema`` where the provider constrains output to a
        schema, else ``function_calling``. ``strict=True`` makes OpenAI-style models hold
        to the schema (rewritten into the subset strict mode accepts). ``json_mode``
        caps the answer at 4096 tokens (or the model's lower limit) unless ``max_tokens``
        is set, and raises ``JsonModeIgnoredError`` when the answer is not JSON."""
        if method is None:
            mode = self.language_model().profile.structured_output
            method = "json_schema" if mode == "json_schema" else "function_calling"
        from ._structured import structured_output_runnable  # output parsers load on first use

        return structured_output_runnable(self, schema, method, include_raw, strict, kwargs)
