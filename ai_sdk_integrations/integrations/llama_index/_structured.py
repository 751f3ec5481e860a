"""Structured prediction through the provider's own JSON schema support.

Where the provider constrains output to a schema, ``structured_predict`` and friends
run ``JsonSchemaProgram``: one request with that schema instead of LlamaIndex's default
function-calling program; elsewhere (or with a non-default ``pydantic_program_mode``)
they run the program LlamaIndex would pick. Either way the prompt is formatted as
LlamaIndex's programs format it, ``llm.system_prompt`` first when one is set.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Generator
from typing import TYPE_CHECKING, Any, TypeVar, cast

from llama_index.core.types import BasePydanticProgram, PydanticProgramMode
from pydantic import BaseModel, ValidationError

from ...spec import JsonFormat

if TYPE_CHECKING:
    from llama_index.core.base.llms.types import ChatMessage
    from llama_index.core.prompts import BasePromptTemplate

    from .llm import AISDK

Model = TypeVar("Model", bound=BaseModel)


def json_format(llm: AISDK, output_cls: type[BaseModel]) -> JsonFormat | None:
    if llm.pydantic_program_mode != PydanticProgramMode.DEFAULT:
        return None
    if llm.language_model().profile.structured_output != "json_schema":
        return None
    description = (output_cls.__doc__ or "").strip() or None
    return JsonFormat(
        schema=output_cls.model_json_schema(), name=output_cls.__name__, description=description
    )


def structured_program(
    llm: AISDK, output_cls: type[Model], prompt: BasePromptTemplate
) -> BasePydanticProgram[Model]:
    fmt = json_format(llm, output_cls)
    if fmt is not None:
        return JsonSchemaProgram(llm, output_cls, prompt, fmt)
    from llama_index.core.program.utils import get_program_for_llm

    return get_program_for_llm(output_cls, prompt, llm, pydantic_program_mode=llm.pydantic_program_mode)


def checked_output(output_cls: type[Model], result: Any) -> Model:
    """The base class's check on a program's answer (a list would be parallel calls)."""
    if isinstance(result, list) or not isinstance(result, BaseModel):
        raise TypeError(
            f"structured_predict expected a {output_cls.__name__} instance but got "
            f"{type(result).__name__}: {result!r}. The LLM failed to produce valid structured output."
        )
    return cast(Model, result)


class JsonSchemaProgram(BasePydanticProgram[Model]):
    """One chat request whose answer the provider constrains to ``output_cls``' schema."""

    def __init__(self, llm: AISDK, output_cls: type[Model], prompt: BasePromptTemplate, fmt: JsonFormat):
        self._llm = llm
        self._output_cls = output_cls
        self._prompt = prompt
        self._format = fmt

    @property
    def output_cls(self) -> type[Model]:
        return self._output_cls

    def _messages(self, prompt_args: dict[str, Any]) -> list[ChatMessage]:
        messages = self._prompt.format_messages(llm=self._llm, **prompt_args)
        return self._llm._extend_messages(messages)

    def __call__(self, *args: Any, llm_kwargs: dict[str, Any] | None = None, **prompt_args: Any) -> Model:
        messages = self._messages(prompt_args)
        response = self._llm.chat(messages, response_format=self._format, **(llm_kwargs or {}))
        return self._output_cls.model_validate_json(response.message.content or "")

    async def acall(self, *args: Any, llm_kwargs: dict[str, Any] | None = None, **prompt_args: Any) -> Model:
        messages = self._messages(prompt_args)
        response = await self._llm.achat(messages, response_format=self._format, **(llm_kwargs or {}))
        return self._output_cls.model_validate_json(response.message.content or "")

    def stream_call(
        self, *args: Any, llm_kwargs: dict[str, Any] | None = None, **prompt_args: Any
    ) -> Generator[Any, None, None]:
        """Yields the object as it fills in: complete models, or flexible partial ones."""
        messages = self._messages(prompt_args)
        for response in self._llm.stream_chat(messages, response_format=self._format, **(llm_kwargs or {})):
            if response.delta:
                partial = partial_object(self._output_cls, response.message.content or "")
                if partial is not None:
                    yield partial

    async def astream_call(
        self, *args: Any, llm_kwargs: dict[str, Any] | None = None, **prompt_args: Any
    ) -> AsyncGenerator[Any, None]:
        messages = self._messages(prompt_args)
        stream = await self._llm.astream_chat(messages, response_format=self._format, **(llm_kwargs or {}))

        async def gen() -> AsyncGenerator[Any, None]:
            async for response in stream:
                if response.delta:
                    partial = partial_object(self._output_cls, response.message.content or "")
                    if partial is not None:
                        yield partial

        return gen()


def partial_object(output_cls: type[Model], text: str) -> Any:
    """The object so far: a complete model, or a flexible partial one (None if no JSON yet)."""
    from llama_index.core.llms.utils import parse_partial_json
    from llama_index.core.program.utils import create_flexible_model

    try:
        data = parse_partial_json(text)
    except ValueError:
        return None
    try:
        return output_cls.model_validate(data)
    except ValidationError:
        return create_flexible_model(output_cls).model_validate(data)
