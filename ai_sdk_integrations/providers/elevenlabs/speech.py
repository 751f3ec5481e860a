"""ElevenLabs text-to-speech (``POST /v1/text-to-speech/{voice_id}``): a sans-I/O codec.

The voice is in the path (default ``21m00Tcm4TlvDq8ikWAM``, as in the AI SDK), the
format in the query (``output_format``: the AI SDK's short names ``mp3``, ``mp3_64``,
``pcm``, ``pcm_16000``, ``ulaw``... map to ElevenLabs' ``mp3_44100_128``-style names;
any other name is sent as written). The body is ``{text, model_id}`` plus
``language_code`` (``language``), ``voice_settings.speed`` (``speed``) and
``provider_options["elevenlabs"]``: ``voiceSettings`` (``stability``,
``similarityBoost``, ``style``, ``useSpeakerBoost``), ``languageCode``,
``pronunciationDictionaryLocators``, ``seed``, ``previousText``, ``nextText``,
``previousRequestIds``, ``nextRequestIds``, ``applyTextNormalization``,
``applyLanguageTextNormalization`` (snake_cased into the body), ``enableLogging``
(query). Any other key goes into the body snake_cased. ``instructions`` is a warning.

The answer is the audio bytes; ``request-id`` and ``character-cost`` headers go to
``provider_metadata["elevenlabs"]``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from ...spec.errors import InvalidResponseDataError
from ...spec.media import SpeechCallOptions, SpeechModelResult
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from .errors import elevenlabs_error_message, snake

DEFAULT_VOICE = "21m00Tcm4TlvDq8ikWAM"
FORMATS: Mapping[str, str] = {
    "mp3": "mp3_44100_128",
    "mp3_32": "mp3_44100_32",
    "mp3_64": "mp3_44100_64",
    "mp3_96": "mp3_44100_96",
    "mp3_128": "mp3_44100_128",
    "mp3_192": "mp3_44100_192",
    "pcm": "pcm_44100",
    "pcm_16000": "pcm_16000",
    "pcm_22050": "pcm_22050",
    "pcm_24000": "pcm_24000",
    "pcm_44100": "pcm_44100",
    "ulaw": "ulaw_8000",
}
_VOICE_SETTINGS = {
    "stability": "stability",
    "similarityBoost": "similarity_boost",
    "style": "style",
    "useSpeakerBoost": "use_speaker_boost",
    "speed": "speed",
}


@dataclass(frozen=True, slots=True)
class ElevenLabsSpeechCodec:
    model_id: str
    provider: str = "elevenlabs"

    def build_request(self, options: SpeechCallOptions) -> PreparedRequest:
        given = dict((options.provider_options or {}).get(self.provider, {}))
        output_format = options.output_format or "mp3_44100_128"
        query: dict[str, str] = {"output_format": FORMATS.get(output_format, output_format)}
        body: dict[str, Any] = {"text": options.text, "model_id": self.model_id}
        language = options.language or given.pop("languageCode", None)
        given.pop("languageCode", None)
        if language:
            body["language_code"] = language
        voice_settings = _voice_settings(given.pop("voiceSettings", None), options.speed)
        if voice_settings:
            body["voice_settings"] = voice_settings
        locators = given.pop("pronunciationDictionaryLocators", None)
        if isinstance(locators, list):
            body["pronunciation_dictionary_locators"] = [_locator(item) for item in locators]
        logging = given.pop("enableLogging", None)
        if logging is not None:
            query["enable_logging"] = "true" if logging else "false"
        for name, value in given.items():
            if value is not None:
                body[snake(name)] = value
        warnings: tuple[CallWarning, ...] = ()
        if options.instructions:
            warnings = (
                CallWarning(
                    "unsupported",
                    feature="instructions",
                    details="ElevenLabs speech models do not support instructions. "
                    "Instructions parameter was ignored.",
                ),
            )
        voice = quote(options.voice or DEFAULT_VOICE, safe="")
        return PreparedRequest(
            f"/text-to-speech/{voice}?{urlencode(query)}",
            body,
            headers=dict(options.headers or {}),
            warnings=warnings,
            expect="bytes",
        )

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> SpeechModelResult:
        if not isinstance(body, bytes) or not body:
            raise InvalidResponseDataError("ElevenLabs sent no audio", provider=self.provider)
        metadata = {
            name: headers[key]
            for key, name in (("request-id", "requestId"), ("character-cost", "characterCost"))
            if key in headers
        }
        return SpeechModelResult(
            audio=body,
            media_type=_declared_type(headers),
            response=ResponseInfo(id=headers.get("request-id"), headers=dict(headers)),
            provider_metadata={self.provider: metadata} if metadata else None,
        )

    error_message = staticmethod(elevenlabs_error_message)


def _declared_type(headers: Mapping[str, str]) -> str | None:
    kind = headers.get("content-type", "").partition(";")[0].strip()
    return kind if kind.startswith("audio/") else None


def _voice_settings(given: Any, speed: float | None) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if speed is not None:
        settings["speed"] = speed
    if isinstance(given, dict):
        for name, value in given.items():
            if value is not None:
                settings[_VOICE_SETTINGS.get(name, snake(name))] = value
    return settings


def _locator(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    out = {"pronunciation_dictionary_id": item.get("pronunciationDictionaryId")}
    if item.get("versionId"):
        out["version_id"] = item["versionId"]
    return out
