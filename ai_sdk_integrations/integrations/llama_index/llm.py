"""``AISDK``: any model string as a LlamaIndex function-calling LLM.

A thin view over ``LanguageModel``: LlamaIndex messages to the spec prompt, spec
results and stream parts back to ``ChatResponse`` s (each streamed response holds the
whole message so far plus its ``delta``, as LlamaIndex agents expect).

Instrumentation is LlamaIndex's own, as for its built-in LLMs: the chat and completion
decorators send the start / in-progress / end events, every overridden entry point gets
its span from ``DispatcherSpanMixin``, and structured prediction sends the
structured-predict events the base class would, around whichever program it runs.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator, Sequence
from contextlib import aclosing, closing
from typing import TYPE_CHECKING, Any

import llama_index.core.instrumentation as instrument
from llama_index.core.base.llms.generic_utils import (
    achat_to_completion_decorator,
    astream_chat_to_completion_decorator,
    chat_to_completion_decorator,
    stream_chat_to_completion_decorator,
)
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseAsyncGen,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseAsyncGen,
    CompletionResponseGen,
    LLMMetadata,
    MessageRole,
    TextBlock,
    ToolCallBlock,
)
from llama_index.core.bridge.pydantic import Field, PrivateAttr, model_validator
from llama_index.core.instrumentation.events.llm import (
    LLMStructuredPredictEndEvent,
    LLMStructuredPredictStartEvent,
)
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.function_calling import FunctionCallingLLM
from llama_index.core.llms.llm import ToolSelection
from pydantic import AliasChoices

from ...core.registry import adapter_model, language_model
from ...core.stream_reducer import StreamReducer, as_error
from ...core.tool_arguments import parse_tool_arguments
from ...provider.language_model import LanguageModel
from ...spec import (
    CallOptions,
    Finish,
    GenerateResult,
    ReasoningDelta,
    StreamError,
    StreamPart,
    TextDelta,
    ToolCallContent,
    ToolInputDelta,
    ToolInputStart,
)
from ...spec.errors import AISDKError, InvalidPromptError, UsageError
from ...spec.wire import to_wire
from ..arguments import check_model_string, reject_unknown
from ..call_options import call_options_from_kwargs
from ._messages import assistant_message, chat_response, convert_messages
from ._structured import Model, checked_output, structured_program

if TYPE_CHECKING:
    from llama_index.core.prompts import BasePromptTemplate
    from llama_index.core.tools.types import BaseTool

# LlamaIndex's documented spelling; the module re-exports it without ``__all__``.
dispatcher = instrument.get_dispatcher(__name__)  # type: ignore[attr-defined]


class AISDK(FunctionCallingLLM):
    """LLM for any provider: ``AISDK(model="openai:gpt-4o-mini")``.

    ``model`` is a ``"provider:model-id"`` string or a ``LanguageModel``. Keys come from
    ``api_key`` or the provider's usual variable, read per request. ``model_settings``
    passes anything else ``language_model()`` takes.
    """

    model: Any = Field(description="A 'provider:model-id' string or a LanguageModel.")
    api_key: str | None = Field(
        default=None, exclude=True, repr=False, validation_alias=AliasChoices("api_key", "openai_api_key")
    )
    base_url: str | None = Field(default=None, validation_alias=AliasChoices("base_url", "api_base"))
    api_version: str | None = Field(default=None, description="Azure's dated api-version.")
    default_headers: dict[str, str] | None = None
    temperature: float | None = None
    max_tokens: int | None = Field(
        default=None,
        validation_alias=AliasChoices("max_tokens", "max_completion_tokens", "max_output_tokens"),
    )
    timeout: float | None = Field(default=None, validation_alias=AliasChoices("timeout", "request_timeout"))
    max_retries: int | None = None
    context_window: int | None = Field(default=None, description="Overrides the known or default window.")
    is_function_calling: bool = Field(
        default=True, validation_alias=AliasChoices("is_function_calling", "is_function_calling_model")
    )
    is_chat_model: bool = Field(
        default=True, description="Always the chat API; accepted for OpenAILike's sake."
    )
    provider_options: dict[str, dict[str, Any]] | None = None
    model_settings: dict[str, Any] = Field(default_factory=dict)
    additional_kwargs: dict[str, Any] = Field(
        default_factory=dict, description="Request-body parameters sent with every request."
    )
    http_client: Any = Field(default=None, exclude=True)
    async_http_client: Any = Field(default=None, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _known_arguments_only(cls, data: Any) -> Any:
        reject_unknown(cls, data)
        return data

    @model_validator(mode="after")
    def _model_string_is_valid(self) -> AISDK:
        check_model_string(self.model)
        if not self.is_chat_model:
            raise UsageError(
                "AISDK always uses the chat API; is_chat_model=False (legacy /completions) is not supported"
            )
        return self

    _resolved: LanguageModel | None = PrivateAttr(default=None)

    @classmethod
    def class_name(cls) -> str:
        return "AISDK"

    @property
    def model_string(self) -> str:
        if isinstance(self.model, LanguageModel):
            return f"{self.model.provider}:{self.model.model_id}"
        return str(self.model)

    @property
    def metadata(self) -> LLMMetadata:
        model = self.language_model()
        profile = model.profile
        return LLMMetadata(
            context_window=self.context_window or model.reported_context_window() or profile.context_window,
            num_output=self.max_tokens or profile.max_output_tokens,
            is_chat_model=True,
            is_function_calling_model=self.is_function_calling,
            model_name=self.model_string.partition(":")[2],
            system_role=MessageRole.SYSTEM,
        )

    def language_model(self) -> LanguageModel:
        if self._resolved is not None:
            return self._resolved
        resolved: LanguageModel = adapter_model(
            self.model,
            language_model,
            connection={
                "headers": self.default_headers,
                "api_version": self.api_version,
                "http_client": self.http_client,
                "async_http_client": self.async_http_client,
            },
            api_key=self.api_key,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=self.max_retries,
            settings=self.model_settings,
        )
        self._resolved = resolved
        return resolved

    def _options(
        self, messages: Sequence[ChatMessage], kwargs: dict[str, Any]
    ) -> tuple[LanguageModel, CallOptions]:
        if not messages:  # raised here, before any request, streams included
            raise InvalidPromptError("AISDK was given no messages: pass at least one ChatMessage")
        model = self.language_model()
        defaults = {"temperature": self.temperature, "max_output_tokens": self.max_tokens}
        options, endpoint = call_options_from_kwargs(
            model.provider,
            convert_messages(messages),
            defaults,
            self.provider_options,
            kwargs,
            body_params=self.additional_kwargs,
            unknown="body",
        )
        return (model.with_endpoint(**endpoint) if endpoint else model), options

    # -- chat -----------------------------------------------------------------------

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        return self._chat(messages, **kwargs)

    @llm_chat_callback()
    async def achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        return await self._achat(messages, **kwargs)

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        return self._stream_chat(messages, **kwargs)

    @llm_chat_callback()
    async def astream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseAsyncGen:
        return await self._astream_chat(messages, **kwargs)

    # The undecorated bodies: completions call these, so one request is one callback
    # event (and one rate-limiter token, one TokenCountingHandler entry).

    def _chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        model, options = self._options(messages, kwargs)
        result = model.generate(options)
        return chat_response(assistant_message(result.content), result.usage, _raw(result, model.model_id))

    async def _achat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        model, options = self._options(messages, kwargs)
        result = await model.agenerate(options)
        return chat_response(assistant_message(result.content), result.usage, _raw(result, model.model_id))

    def _stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        model, options = self._options(messages, kwargs)

        def gen() -> Generator[ChatResponse, None, None]:
            state = _StreamState(model.model_id)
            try:
                with closing(model.stream(options)) as parts:
                    for part in parts:
                        response = state.add(part)
                        if response is not None:
                            yield response
            except AISDKError as exc:
                state.reducer.failed(exc)
                raise

        return gen()

    async def _astream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseAsyncGen:
        model, options = self._options(messages, kwargs)

        async def gen() -> AsyncGenerator[ChatResponse, None]:
            state = _StreamState(model.model_id)
            try:
                async with aclosing(model.astream(options)) as parts:
                    async for part in parts:
                        response = state.add(part)
                        if response is not None:
                            yield response
            except AISDKError as exc:
                state.reducer.failed(exc)
                raise

        return gen()

    # -- completion (chat underneath) ------------------------------------------------

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return chat_to_completion_decorator(self._chat)(prompt, **kwargs)

    @llm_completion_callback()
    async def acomplete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return await achat_to_completion_decorator(self._achat)(prompt, **kwargs)

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        return stream_chat_to_completion_decorator(self._stream_chat)(prompt, **kwargs)

    @llm_completion_callback()
    async def astream_complete(
        self, prompt: str, formatted: bool = False, **kwargs: Any
    ) -> CompletionResponseAsyncGen:
        return await astream_chat_to_completion_decorator(self._astream_chat)(prompt, **kwargs)

    # -- tools ----------------------------------------------------------------------

    def _prepare_chat_with_tools(
        self,
        tools: Sequence[BaseTool],
        user_msg: str | ChatMessage | None = None,
        chat_history: list[ChatMessage] | None = None,
        verbose: bool = False,
        allow_parallel_tool_calls: bool = False,
        tool_required: bool = False,
        tool_choice: str | dict[str, Any] | None = None,
        strict: bool | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        specs = [tool.metadata.to_openai_tool() for tool in tools]
        if strict is not None:
            for spec in specs:
                spec["function"]["strict"] = strict
        messages = list(chat_history or [])
        if isinstance(user_msg, str):
            messages.append(ChatMessage(role=MessageRole.USER, content=user_msg))
        elif user_msg is not None:
            messages.append(user_msg)
        if not specs:  # no tools: no tool_choice either
            return {"messages": messages, **kwargs}
        choice = "required" if tool_required else (tool_choice or "auto")
        return {"messages": messages, "tools": specs, "tool_choice": choice, **kwargs}

    def _validate_chat_with_tools_response(
        self,
        response: ChatResponse,
        tools: Sequence[BaseTool],
        allow_parallel_tool_calls: bool = False,
        **kwargs: Any,
    ) -> ChatResponse:
        """Keep only the first call unless parallel calls were allowed (as OpenAI's does)."""
        if allow_parallel_tool_calls:
            return response
        message = response.message
        calls = [b for b in message.blocks if isinstance(b, ToolCallBlock)]
        for extra in calls[1:]:
            message.blocks.remove(extra)
        if calls and message.additional_kwargs.get("tool_calls"):
            message.additional_kwargs["tool_calls"] = message.additional_kwargs["tool_calls"][:1]
        return response

    def get_tool_calls_from_response(
        self, response: ChatResponse, error_on_no_tool_call: bool = True, **kwargs: Any
    ) -> list[ToolSelection]:
        """The calls in ``response``, their arguments read by the package's one policy.

        A finished call (its ``tool_kwargs`` the JSON text the model wrote) whose
        arguments are not a JSON object raises ``InvalidToolInputError``, naming the
        tool and quoting the text: the model's mistake is reported, never turned into
        ``{}`` (llama-index-llms-openai's way, which runs the tool without the
        arguments and hides why). ``FunctionAgent`` then stops with that error rather
        than call the tool with arguments the model never gave; LlamaIndex offers no
        way to hand a parse error back to the model as a tool result (it reports only
        what the tool itself raises). A call still streaming in carries its arguments
        as far as they have come, already read into a dict, so the partial responses
        ``FunctionAgent`` reads on every chunk never raise.
        """
        selections = []
        for block in response.message.blocks:
            if not isinstance(block, ToolCallBlock):
                continue
            arguments = block.tool_kwargs
            if isinstance(arguments, str):
                arguments = parse_tool_arguments(arguments, tool_name=block.tool_name)
            selections.append(
                ToolSelection(
                    tool_id=str(block.tool_call_id), tool_name=block.tool_name, tool_kwargs=arguments
                )
            )
        if not selections and error_on_no_tool_call:
            raise ValueError(f"expected at least one tool call, got none: {response.message.content!r}")
        return selections

    # -- structured output: the provider's own JSON schema where it has one ---------
    # ``structured_predict`` and ``astructured_predict`` are the base class's, with our
    # program choice; the streaming variants are the base class's unchanged (they send
    # their own events) around ``_structured_stream_call`` / ``_structured_astream_call``.

    def structured_predict(
        self,
        output_cls: type[Model],
        prompt: BasePromptTemplate,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> Model:
        dispatcher.event(
            LLMStructuredPredictStartEvent(output_cls=output_cls, template=prompt, template_args=prompt_args)
        )
        program = structured_program(self, output_cls, prompt)
        result = checked_output(output_cls, program(llm_kwargs=llm_kwargs, **prompt_args))
        dispatcher.event(LLMStructuredPredictEndEvent(output=result))
        return result

    async def astructured_predict(
        self,
        output_cls: type[Model],
        prompt: BasePromptTemplate,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> Model:
        dispatcher.event(
            LLMStructuredPredictStartEvent(output_cls=output_cls, template=prompt, template_args=prompt_args)
        )
        program = structured_program(self, output_cls, prompt)
        result = checked_output(output_cls, await program.acall(llm_kwargs=llm_kwargs, **prompt_args))
        dispatcher.event(LLMStructuredPredictEndEvent(output=result))
        return result

    def _structured_stream_call(
        self,
        output_cls: type[Model],
        prompt: BasePromptTemplate,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> Generator[Any, None, None]:
        """The object as it fills in: complete models, or flexible partial ones."""
        program = structured_program(self, output_cls, prompt)
        return program.stream_call(llm_kwargs=llm_kwargs, **prompt_args)

    async def _structured_astream_call(
        self,
        output_cls: type[Model],
        prompt: BasePromptTemplate,
        llm_kwargs: dict[str, Any] | None = None,
        **prompt_args: Any,
    ) -> AsyncGenerator[Any, None]:
        program = structured_program(self, output_cls, prompt)
        return await program.astream_call(llm_kwargs=llm_kwargs, **prompt_args)


def _raw(result: GenerateResult, model_id: str) -> dict[str, Any]:
    """``ChatResponse.raw``: the response id and model, and the provider's metadata (the
    Gateway's cost and generation id, prediction token counts, ...) where there is any."""
    raw: dict[str, Any] = {"id": result.response.id if result.response else None, "model": model_id}
    if result.provider_metadata:
        raw["provider_metadata"] = dict(result.provider_metadata)
    if result.warnings:
        raw["warnings"] = [to_wire(w) for w in result.warnings]  # settings the provider could not honour
    return raw


class _StreamState:
    """One stream's message so far, as LlamaIndex wants it on every streamed response.

    The ``StreamReducer`` keeps what the stream said; a text-only message is built
    directly (the per-token case), without the general content conversion.
    """

    __slots__ = ("model_id", "reducer")

    def __init__(self, model_id: str) -> None:
        self.model_id = model_id
        self.reducer = StreamReducer()

    def add(self, part: StreamPart) -> ChatResponse | None:
        reducer = self.reducer
        reducer.add(part)
        kind = type(part)
        if kind is TextDelta:
            return self.response(part.delta)  # type: ignore[union-attr]
        if kind is ReasoningDelta:
            return self.response("", thinking_delta=part.delta)  # type: ignore[union-attr]
        if kind is StreamError:
            raise reducer.failed(reducer.error or as_error(part.error))  # type: ignore[union-attr]
        if kind in _MESSAGE_CHANGES:
            return self.response("")
        return None

    def response(self, delta: str, thinking_delta: str | None = None) -> ChatResponse:
        reducer = self.reducer
        raw: dict[str, Any] = {
            "id": reducer.response.id if reducer.response else None,
            "model": self.model_id,
        }
        if reducer.finish is not None and reducer.finish.provider_metadata:
            raw["provider_metadata"] = dict(reducer.finish.provider_metadata)  # e.g. the Gateway's cost
        if reducer.warnings:
            raw["warnings"] = [to_wire(w) for w in reducer.warnings]
        text = reducer.text_only() if not reducer.tool_inputs else None
        if text is not None:
            message = ChatMessage(role=MessageRole.ASSISTANT, blocks=[TextBlock(text=text)])
            return chat_response(message, reducer.usage, raw, delta=delta)
        content = reducer.content()
        # Calls still streaming in are shown as far as they have come.
        in_progress = {i: (c[0], "".join(c[1:])) for i, c in reducer.tool_inputs.items()}
        message = assistant_message(content, in_progress)
        return chat_response(message, reducer.usage, raw, delta=delta, thinking_delta=thinking_delta)


_MESSAGE_CHANGES = (ToolInputStart, ToolInputDelta, ToolCallContent, Finish)
