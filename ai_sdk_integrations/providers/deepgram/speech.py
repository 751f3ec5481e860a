"""Deepgram text-to-speech (``POST /v1/speak``): a sans-I/O codec.

The body is ``{"text": ...}``; the voice is the model id (``aura-2-helena-en``) and
the audio format goes in the query as ``encoding`` / ``container`` / ``sample_rate`` /
``bit_rate``, in the combinations Deepgram's "audio format combinations" table allows
(the tables below). ``output_format`` names a format (``mp3``, ``wav``, ``flac``,
``opus``, ``pcm``, ``linear16_24000``, ``wav_16000``...); ``provider_options
["deepgram"]`` may set ``encoding``, ``container``, ``sampleRate``, ``bitRate``,
``callback``, ``callbackMethod``, ``mipOptOut`` and ``tag``, and a combination Deepgram
refuses becomes a warning instead of a failed call, as in the AI SDK. Other keys are
sent snake_cased. ``voice`` (other than the model id), ``speed``, ``language`` and
``instructions`` have no REST parameter: each is a warning.

The answer is the audio bytes; their media type is read from the bytes (or the
``content-type``) by the model layer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...spec.errors import InvalidResponseDataError
from ...spec.media import SpeechCallOptions, SpeechModelResult
from ...spec.request import PreparedRequest
from ...spec.results import CallWarning, ResponseInfo
from .errors import deepgram_error_message
from .query import snake, with_query

# output_format names -> (encoding, container)
_FORMATS: Mapping[str, tuple[str, str | None]] = {
    "mp3": ("mp3", None),
    "wav": ("linear16", "wav"),
    "linear16": ("linear16", "wav"),
    "mulaw": ("mulaw", "wav"),
    "alaw": ("alaw", "wav"),
    "opus": ("opus", "ogg"),
    "ogg": ("opus", "ogg"),
    "flac": ("flac", None),
    "aac": ("aac", None),
    "pcm": ("linear16", "none"),
}
_CONTAINER_ENCODINGS = {"wav": "linear16", "ogg": "opus", "none": "linear16"}
_CONTAINERS: Mapping[str, tuple[str, ...]] = {
    "linear16": ("wav", "none"),
    "mulaw": ("wav", "none"),
    "alaw": ("wav", "none"),
}
_NO_CONTAINER = frozenset({"mp3", "flac", "aac"})
_SAMPLE_RATES: Mapping[str, tuple[int, ...]] = {
    "linear16": (8000, 16000, 24000, 32000, 48000),
    "mulaw": (8000, 16000),
    "alaw": (8000, 16000),
    "flac": (8000, 16000, 22050, 32000, 48000),
}
_FIXED_RATE = frozenset({"mp3", "opus", "aac"})
_BIT_RATES: Mapping[str, tuple[int, int]] = {"opus": (4000, 650000), "aac": (4000, 192000)}
_MP3_BIT_RATES = (32000, 48000)
_OPTION_NAMES = frozenset(
    {"encoding", "container", "sampleRate", "bitRate", "callbackMethod", "mipOptOut", "tag"}
)


def _unsupported(feature: str, details: str) -> CallWarning:
    return CallWarning("unsupported", feature=feature, details=details)


@dataclass(frozen=True, slots=True)
class DeepgramSpeechCodec:
    model_id: str
    provider: str = "deepgram"

    def build_request(self, options: SpeechCallOptions) -> PreparedRequest:
        warnings: list[CallWarning] = []
        params: dict[str, Any] = {"model": self.model_id}
        _apply_output_format(params, options.output_format or "mp3", warnings)
        given = dict((options.provider_options or {}).get(self.provider, {}))
        _apply_format_options(params, given, warnings)
        if given.get("callbackMethod") is not None:
            params["callback_method"] = given["callbackMethod"]
        if given.get("mipOptOut") is not None:
            params["mip_opt_out"] = bool(given["mipOptOut"])
        tag = given.get("tag")
        if tag is not None:
            params["tag"] = ",".join(map(str, tag)) if isinstance(tag, (list, tuple)) else tag
        for name, value in given.items():
            if name not in _OPTION_NAMES:
                params[snake(name)] = value
        warnings.extend(_unsupported_settings(options, self.model_id))
        body = {"text": options.text}
        return PreparedRequest(
            with_query("/speak", params),
            body,
            headers=dict(options.headers or {}),
            warnings=tuple(warnings),
            expect="bytes",
        )

    def parse_response(self, body: Any, headers: Mapping[str, str]) -> SpeechModelResult:
        if not isinstance(body, bytes) or not body:
            raise InvalidResponseDataError("Deepgram sent no audio", provider=self.provider)
        request_id = headers.get("dg-request-id")
        return SpeechModelResult(
            audio=body,
            response=ResponseInfo(id=request_id, headers=dict(headers)),
        )

    error_message = staticmethod(deepgram_error_message)


def _apply_output_format(params: dict[str, Any], output_format: str, warnings: list[CallWarning]) -> None:
    name = output_format.lower()
    if name in _FORMATS:
        encoding, container = _FORMATS[name]
        params["encoding"] = encoding
        if container is not None:
            params["container"] = container
        return
    first, _, rate_text = name.partition("_")
    rate = int(rate_text) if rate_text.isdigit() else None
    if first in _CONTAINER_ENCODINGS and first != "none" and rate is not None:
        params["container"], params["encoding"] = first, _CONTAINER_ENCODINGS[first]
        params["sample_rate"] = rate
        return
    if first in ("linear16", "mulaw", "alaw", "mp3", "opus", "flac", "aac") and rate is not None:
        params["encoding"] = first
        if first in _CONTAINERS:
            params["container"] = "wav"
        elif first == "opus":
            params["container"] = "ogg"
        if rate in _SAMPLE_RATES.get(first, ()):
            params["sample_rate"] = rate
        elif first not in _FIXED_RATE:
            warnings.append(_unsupported("outputFormat", f"Deepgram's {first} takes no sample rate {rate}"))
        return
    warnings.append(
        _unsupported("outputFormat", f"Deepgram has no output format {output_format!r}; it answers with mp3")
    )
    params["encoding"] = "mp3"


def _apply_format_options(
    params: dict[str, Any], given: Mapping[str, Any], warnings: list[CallWarning]
) -> None:
    encoding = given.get("encoding")
    container = given.get("container")
    if isinstance(encoding, str):
        encoding = encoding.lower()
        params["encoding"] = encoding
        if isinstance(container, str):
            _set_container(params, encoding, container.lower(), warnings)
        elif encoding in _NO_CONTAINER:
            params.pop("container", None)
        elif encoding in _CONTAINERS:
            params.setdefault("container", "wav")
        elif encoding == "opus":
            params["container"] = "ogg"
        _drop_incompatible(params, encoding)
    elif isinstance(container, str) and container.lower() in _CONTAINER_ENCODINGS:
        container = container.lower()
        params["container"] = container
        if params.get("encoding") != _CONTAINER_ENCODINGS[container]:
            params["encoding"] = _CONTAINER_ENCODINGS[container]
            _drop_incompatible(params, params["encoding"])
    _apply_rates(params, given, warnings)


def _set_container(
    params: dict[str, Any], encoding: str, container: str, warnings: list[CallWarning]
) -> None:
    if encoding in _CONTAINERS:
        if container in _CONTAINERS[encoding]:
            params["container"] = container
        else:
            warnings.append(
                _unsupported(
                    "providerOptions",
                    f'Encoding "{encoding}" only supports containers "wav" or "none". '
                    f'Container "{container}" was ignored.',
                )
            )
    elif encoding == "opus":
        params["container"] = "ogg"
    elif encoding in _NO_CONTAINER:
        warnings.append(
            _unsupported(
                "providerOptions",
                f'Encoding "{encoding}" does not support container parameter. '
                f'Container "{container}" was ignored.',
            )
        )
        params.pop("container", None)


def _drop_incompatible(params: dict[str, Any], encoding: str) -> None:
    if encoding in _FIXED_RATE:
        params.pop("sample_rate", None)
    if encoding in _SAMPLE_RATES:
        params.pop("bit_rate", None)


def _apply_rates(params: dict[str, Any], given: Mapping[str, Any], warnings: list[CallWarning]) -> None:
    encoding = str(params.get("encoding") or "")
    rate = given.get("sampleRate")
    if rate is not None:
        if encoding in _SAMPLE_RATES and rate not in _SAMPLE_RATES[encoding]:
            allowed = ", ".join(map(str, _SAMPLE_RATES[encoding]))
            warnings.append(
                _unsupported(
                    "providerOptions",
                    f'Encoding "{encoding}" only supports sample rates: {allowed}. '
                    f"Sample rate {rate} was ignored.",
                )
            )
        elif encoding in _FIXED_RATE:
            warnings.append(
                _unsupported(
                    "providerOptions",
                    f'Encoding "{encoding}" has a fixed sample rate and does not support sample_rate '
                    f"parameter. Sample rate {rate} was ignored.",
                )
            )
        else:
            params["sample_rate"] = rate
    bit_rate = given.get("bitRate")
    if bit_rate is None:
        return
    try:
        value = float(bit_rate)
    except (TypeError, ValueError):
        value = -1.0
    if encoding == "mp3":
        ok = value in _MP3_BIT_RATES
        allowed = "32000, 48000"
    elif encoding in _BIT_RATES:
        low, high = _BIT_RATES[encoding]
        ok, allowed = low <= value <= high, f"between {low} and {high}"
    elif encoding in _SAMPLE_RATES:
        ok, allowed = False, "none (it is lossless)"
    else:
        ok, allowed = True, ""
    if ok:
        params["bit_rate"] = bit_rate
    else:
        warnings.append(
            _unsupported(
                "providerOptions",
                f'Encoding "{encoding}" supports bit rates: {allowed}. Bit rate {bit_rate} was ignored.',
            )
        )


def _unsupported_settings(options: SpeechCallOptions, model_id: str) -> list[CallWarning]:
    out = []
    if options.voice and options.voice != model_id:
        out.append(
            _unsupported(
                "voice",
                f'Deepgram TTS models embed the voice in the model ID. The voice parameter "{options.voice}" '
                'was ignored. Use the model ID to select a voice (e.g., "aura-2-helena-en").',
            )
        )
    if options.speed is not None:
        out.append(_unsupported("speed", "Deepgram TTS REST API does not support speed adjustment."))
    if options.language:
        out.append(
            _unsupported(
                "language",
                f'Deepgram TTS models are language-specific via the model ID. Language "{options.language}" '
                'was ignored; pick a model with the language suffix (e.g. "-en").',
            )
        )
    if options.instructions:
        out.append(_unsupported("instructions", "Deepgram TTS REST API does not support instructions."))
    return out
