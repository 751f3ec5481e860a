"""LlamaIndex tools that make images and speech, so agents can call them:
``AISDKImageTool(model="openai:gpt-image-1")`` and
``AISDKSpeechTool(model="openai:gpt-4o-mini-tts")``.

A call answers with a ``ToolOutput`` whose ``content`` is a short summary (media type,
size, the saved path when ``output_dir`` is set), whose ``blocks`` carry the image or
audio (``ImageBlock`` / ``AudioBlock``) for multimodal agents, and whose ``raw_output``
is the list of ``GeneratedFile`` objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from llama_index.core.base.llms.types import AudioBlock, ImageBlock, TextBlock
from llama_index.core.tools.types import AsyncBaseTool, ToolMetadata, ToolOutput
from pydantic import BaseModel, Field

from ...core.media import agenerate_image, agenerate_speech, generate_image, generate_speech
from ...core.registry import adapter_model, image_model, speech_model
from ...spec.media import GeneratedFile
from ..arguments import check_model_string
from ..media_files import save, summary


class ImageToolInput(BaseModel):
    prompt: str = Field(description="A detailed description of the image to make.")
    size: str | None = Field(default=None, description="Optional '{width}x{height}', e.g. '1024x1024'.")
    aspect_ratio: str | None = Field(default=None, description="Optional '{width}:{height}', e.g. '16:9'.")


class SpeechToolInput(BaseModel):
    text: str = Field(description="The exact words to speak.")
    voice: str | None = Field(default=None, description="Optional voice name of the speech model.")


class _MediaTool(AsyncBaseTool):
    _kind = ""
    _schema: type[BaseModel] = BaseModel

    def __init__(
        self,
        *,
        model: Any,
        name: str,
        description: str,
        output_dir: str | None = None,
        provider_options: Mapping[str, Mapping[str, Any]] | None = None,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        model_settings: Mapping[str, Any] | None = None,
    ) -> None:
        check_model_string(model)
        self.model = model
        self.output_dir = output_dir
        self.provider_options = provider_options
        self._metadata = ToolMetadata(description=description, name=name, fn_schema=self._schema)
        self._connection: dict[str, Any] = {
            "api_key": api_key,
            "base_url": base_url,
            "timeout": timeout,
            "max_retries": max_retries,
            "settings": model_settings,
        }

    @property
    def metadata(self) -> ToolMetadata:
        return self._metadata

    def _arguments(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> dict[str, Any]:
        """Keyword arguments, or one positional string / dict (how agents call tools)."""
        if args:
            first = args[0]
            kwargs = (
                {**first, **kwargs} if isinstance(first, dict) else {self._first_field(): first, **kwargs}
            )
        return self._schema(**kwargs).model_dump()

    def _first_field(self) -> str:
        return next(iter(self._schema.model_fields))

    def _output(self, arguments: dict[str, Any], files: list[GeneratedFile]) -> ToolOutput:
        text = summary(self._kind, files, save(files, self.output_dir, self._kind.split()[0]))
        blocks: list[Any] = [TextBlock(text=text)]
        for file in files:
            if file.media_type.startswith("image/"):
                blocks.append(ImageBlock(image=file.data, image_mimetype=file.media_type))
            elif file.media_type.startswith("audio/"):
                blocks.append(AudioBlock(audio=file.data, format=file.format))
        return ToolOutput(
            tool_name=self.metadata.get_name(),
            blocks=blocks,  # ToolOutput.content is the text blocks' text
            raw_input=arguments,
            raw_output=files,
        )

    def _resolve(self, factory: Any) -> Any:
        return adapter_model(self.model, factory, **self._connection)


class AISDKImageTool(_MediaTool):
    _kind = "image"
    _schema = ImageToolInput

    def __init__(
        self,
        *,
        model: Any,
        name: str = "generate_image",
        description: str = "Make an image from a text description. Returns where the image was saved.",
        **settings: Any,
    ) -> None:
        super().__init__(model=model, name=name, description=description, **settings)

    def call(self, *args: Any, **kwargs: Any) -> ToolOutput:
        arguments = self._arguments(args, kwargs)
        result = generate_image(
            self._resolve(image_model), provider_options=self.provider_options, **arguments
        )
        return self._output(arguments, list(result.images))

    async def acall(self, *args: Any, **kwargs: Any) -> ToolOutput:
        arguments = self._arguments(args, kwargs)
        result = await agenerate_image(
            self._resolve(image_model), provider_options=self.provider_options, **arguments
        )
        return self._output(arguments, list(result.images))


class AISDKSpeechTool(_MediaTool):
    _kind = "audio file"
    _schema = SpeechToolInput

    def __init__(
        self,
        *,
        model: Any,
        name: str = "speak",
        description: str = "Say a text out loud: turns it into an audio file. Returns where it was saved.",
        output_format: str | None = None,
        **settings: Any,
    ) -> None:
        super().__init__(model=model, name=name, description=description, **settings)
        self.output_format = output_format

    def call(self, *args: Any, **kwargs: Any) -> ToolOutput:
        arguments = self._arguments(args, kwargs)
        result = generate_speech(
            self._resolve(speech_model),
            output_format=self.output_format,
            provider_options=self.provider_options,
            **arguments,
        )
        return self._output(arguments, [result.audio])

    async def acall(self, *args: Any, **kwargs: Any) -> ToolOutput:
        arguments = self._arguments(args, kwargs)
        result = await agenerate_speech(
            self._resolve(speech_model),
            output_format=self.output_format,
            provider_options=self.provider_options,
            **arguments,
        )
        return self._output(arguments, [result.audio])
