"""LangChain tools that make images and speech, so agents can call them:
``AISDKImageTool(model="openai:gpt-image-1")`` and
``AISDKSpeechTool(model="openai:gpt-4o-mini-tts")``.

Both answer in LangChain's ``content_and_artifact`` form: the agent reads a short
summary (media type, size, and the saved path when ``output_dir`` is set) and the
``ToolMessage.artifact`` holds the ``GeneratedFile`` objects with the bytes.
"""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.callbacks import AsyncCallbackManagerForToolRun, CallbackManagerForToolRun
from langchain_core.tools import BaseTool
from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from ...core.media import agenerate_image, agenerate_speech, generate_image, generate_speech
from ...core.registry import adapter_model, image_model, speech_model
from ...spec.media import GeneratedFile
from ..arguments import check_model_string, reject_unknown
from ..media_files import save, summary


class ImageToolInput(BaseModel):
    prompt: str = Field(description="A detailed description of the image to make.")
    size: str | None = Field(default=None, description="Optional '{width}x{height}', e.g. '1024x1024'.")
    aspect_ratio: str | None = Field(default=None, description="Optional '{width}:{height}', e.g. '16:9'.")


class SpeechToolInput(BaseModel):
    text: str = Field(description="The exact words to speak.")
    voice: str | None = Field(default=None, description="Optional voice name of the speech model.")


class _MediaTool(BaseTool):
    model: Any
    output_dir: str | None = None
    provider_options: dict[str, dict[str, Any]] | None = None
    api_key: SecretStr | None = None
    base_url: str | None = None
    timeout: float | None = None
    max_retries: int | None = None
    model_settings: dict[str, Any] = Field(default_factory=dict)
    response_format: Literal["content", "content_and_artifact"] = "content_and_artifact"

    model_config = ConfigDict(arbitrary_types_allowed=True)

    @model_validator(mode="before")
    @classmethod
    def _known_arguments_only(cls, data: Any) -> Any:
        reject_unknown(cls, data)
        return data

    @model_validator(mode="after")
    def _model_string_is_valid(self) -> _MediaTool:
        check_model_string(self.model)
        return self

    def _resolve(self, factory: Any) -> Any:
        return adapter_model(
            self.model,
            factory,
            api_key=self.api_key.get_secret_value() if self.api_key is not None else None,
            base_url=self.base_url,
            timeout=self.timeout,
            max_retries=self.max_retries,
            settings=self.model_settings,
        )


class AISDKImageTool(_MediaTool):
    name: str = "generate_image"
    description: str = "Make an image from a text description. Returns where the image was saved."
    args_schema: type[BaseModel] = ImageToolInput

    def _run(
        self,
        prompt: str,
        size: str | None = None,
        aspect_ratio: str | None = None,
        run_manager: CallbackManagerForToolRun | None = None,
    ) -> tuple[str, list[GeneratedFile]]:
        result = generate_image(
            self._resolve(image_model),
            prompt,
            size=size,
            aspect_ratio=aspect_ratio,
            provider_options=self.provider_options,
        )
        return self._answer(list(result.images))

    async def _arun(
        self,
        prompt: str,
        size: str | None = None,
        aspect_ratio: str | None = None,
        run_manager: AsyncCallbackManagerForToolRun | None = None,
    ) -> tuple[str, list[GeneratedFile]]:
        result = await agenerate_image(
            self._resolve(image_model),
            prompt,
            size=size,
            aspect_ratio=aspect_ratio,
            provider_options=self.provider_options,
        )
        return self._answer(list(result.images))

    def _answer(self, files: list[GeneratedFile]) -> tuple[str, list[GeneratedFile]]:
        return summary("image", files, save(files, self.output_dir, "image")), files


class AISDKSpeechTool(_MediaTool):
    name: str = "speak"
    description: str = "Say a text out loud: turns it into an audio file. Returns where the audio was saved."
    args_schema: type[BaseModel] = SpeechToolInput
    output_format: str | None = None

    def _run(
        self, text: str, voice: str | None = None, run_manager: CallbackManagerForToolRun | None = None
    ) -> tuple[str, list[GeneratedFile]]:
        result = generate_speech(
            self._resolve(speech_model),
            text,
            voice=voice,
            output_format=self.output_format,
            provider_options=self.provider_options,
        )
        return self._answer([result.audio])

    async def _arun(
        self, text: str, voice: str | None = None, run_manager: AsyncCallbackManagerForToolRun | None = None
    ) -> tuple[str, list[GeneratedFile]]:
        result = await agenerate_speech(
            self._resolve(speech_model),
            text,
            voice=voice,
            output_format=self.output_format,
            provider_options=self.provider_options,
        )
        return self._answer([result.audio])

    def _answer(self, files: list[GeneratedFile]) -> tuple[str, list[GeneratedFile]]:
        return summary("audio file", files, save(files, self.output_dir, "speech")), files
