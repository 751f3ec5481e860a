"""``Output``: what shape the answer of ``generate_text`` / ``stream_text`` should have.

AI SDK 7's ``output: Output.text() | Output.object({schema}) | Output.array({element})
| Output.choice({options}) | Output.json()``. An array is asked for as
``{"elements": [...]}`` and a choice as ``{"result": "<option>"}`` (a JSON schema's root
must be an object for most providers); the caller gets the list, or the option.

How the schema reaches the model depends on the model's profile
(``ModelProfile.structured_output``): ``json_schema`` and ``tool`` send a
``JsonFormat(schema)`` and the codec honours it natively or with a forced tool whose
input is the answer (Anthropic, Bedrock); ``json_mode`` asks for JSON mode and puts the
schema in the instructions. Partial answers while streaming are read with
pydantic-core's partial JSON parser (``from_json(..., allow_partial=...)``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from ..provider.profile import ModelProfile
from ..spec import JsonFormat
from .schemas import Schema, SchemaLike, as_schema, hoisted

OutputKind = Literal["text", "object", "array", "choice", "json"]
UNCHANGED: Final = object()
"""What ``PartialReader.feed`` returns when the partial answer did not change."""
_NAME_CHARS = re.compile(r"[^A-Za-z0-9_-]+")


@dataclass(frozen=True, slots=True)
class Output:
    """Build with ``Output.text()``, ``Output.object(schema)``, ``Output.array(element)``,
    ``Output.choice([...])`` or ``Output.json()``. A schema is a pydantic model, a
    dataclass, a TypedDict or a JSON schema dict (see ``core.schemas``)."""

    kind: OutputKind
    schema: Schema | None = None
    options: tuple[str, ...] = ()
    name: str | None = None
    description: str | None = None

    # -- the five kinds --------------------------------------------------------------

    @staticmethod
    def text() -> Output:
        """Plain text (the default): ``output`` is the final step's text."""
        return Output("text")

    @staticmethod
    def object(schema: SchemaLike, *, name: str | None = None, description: str | None = None) -> Output:
        """One object valid for ``schema``; a Python type comes back as an instance of it."""
        resolved = as_schema(schema)
        return Output("object", resolved, (), name or resolved.name, description or resolved.description)

    @staticmethod
    def array(element: SchemaLike, *, name: str | None = None, description: str | None = None) -> Output:
        """A list of elements, each valid for ``element``; ``element_stream`` yields each
        one as soon as it is complete."""
        resolved = as_schema(element)
        return Output("array", resolved, (), name, description)

    @staticmethod
    def choice(options: Sequence[str], *, name: str | None = None, description: str | None = None) -> Output:
        """One of ``options`` (classification)."""
        chosen = tuple(options)
        if not chosen or not all(isinstance(option, str) for option in chosen):
            raise TypeError(f"Output.choice needs a non-empty list of strings, got {options!r}")
        return Output("choice", None, chosen, name, description)

    @staticmethod
    def json(*, name: str | None = None, description: str | None = None) -> Output:
        """Any JSON value, no schema (the provider's JSON mode where it has one)."""
        return Output("json", None, (), name, description)

    # -- the request -------------------------------------------------------------------

    @property
    def wire_schema(self) -> dict[str, Any] | None:
        """The JSON schema the model is asked to follow (``None`` for text and json)."""
        if self.kind == "object" and self.schema is not None:
            return dict(self.schema.json_schema)
        if self.kind == "array" and self.schema is not None:
            return hoisted(self.schema.json_schema, _elements)
        if self.kind == "choice":
            return _object({"result": {"type": "string", "enum": list(self.options)}}, "result")
        return None

    def request(self, profile: ModelProfile, system: str | None) -> tuple[JsonFormat | None, str | None]:
        """The response format to send, and the system text (with the schema in it when
        the model has only JSON mode)."""
        if self.kind == "text":
            return None, system
        name = _NAME_CHARS.sub("_", self.name)[:64] if self.name else None
        schema = self.wire_schema
        if schema is None:
            return JsonFormat(None, name, self.description), system
        if profile.structured_output == "json_mode":
            return JsonFormat(None, name, self.description), _with_instruction(system, schema)
        return JsonFormat(schema, name, self.description), system

    # -- the answer --------------------------------------------------------------------

    def parse(self, text: str) -> Any:
        """The complete answer; raises ``ValueError`` (a pydantic ``ValidationError`` or a
        ``json.JSONDecodeError``, both ``ValueError``) when it is not what was asked."""
        if self.kind == "text":
            return text
        if self.kind == "object" and self.schema is not None:
            value = self.schema.validate_json(text)
            untyped_object = self.schema.adapter is None and self.schema.json_schema.get("type") == "object"
            if untyped_object and not isinstance(value, dict):
                raise ValueError(f"expected a JSON object, got {type(value).__name__}")
            return value
        data = json.loads(text)
        if self.kind == "json":
            return data
        if self.kind == "array":
            return [self._element(item) for item in _elements_of(data, strict=True)]
        result = data.get("result") if isinstance(data, dict) else data
        if result not in self.options:
            raise ValueError(f"{result!r} is not one of the options {list(self.options)}")
        return result

    def _element(self, item: Any) -> Any:
        return self.schema.validate_python(item) if self.schema is not None else item

    def partial_reader(self) -> PartialReader:
        return PartialReader(self)


def _object(properties: dict[str, Any], *required: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


def _elements(inner: dict[str, Any]) -> dict[str, Any]:
    return _object({"elements": {"type": "array", "items": inner}}, "elements")


def _elements_of(data: Any, *, strict: bool) -> list[Any]:
    """``{"elements": [...]}``; a bare array is taken too (JSON-mode models often drop
    the wrapper)."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("elements"), list):
        elements: list[Any] = data["elements"]
        return elements
    if strict:
        raise ValueError('expected {"elements": [...]}')
    return []


def _with_instruction(system: str | None, schema: dict[str, Any]) -> str:
    instruction = (
        "Answer with a single JSON value and nothing else, valid for this JSON schema:\n"
        + json.dumps(schema, ensure_ascii=False)
    )
    return f"{system}\n\n{instruction}" if system else instruction


REPARSE_RATIO = 64
"""The answer so far is parsed again once the text that arrived since the last parse is
at least 1/64 of the whole: every delta while the answer is short (under ~256
characters at 4 a token), less often as it grows, so reading partial answers costs
time linear in the answer's length (re-parsing on every delta would be quadratic)."""


class PartialReader:
    """The answer so far, from text deltas: ``feed(delta)`` returns the new partial value,
    or ``UNCHANGED``; ``flush()`` at the end of the answer reads what is left. Objects
    are read with trailing strings (``{"name": "Par`` gives ``{"name": "Par"}``), arrays
    give only the elements that are complete (validated), a choice only once the prefix
    names one option. See ``REPARSE_RATIO`` for how often the text is parsed."""

    __slots__ = ("_done", "_from_json", "_last", "_output", "_pending", "_text")

    def __init__(self, output: Output):
        self._output = output
        self._text = ""
        self._pending = 0
        self._last: Any = UNCHANGED
        self._done: list[Any] = []
        self._from_json: Any = None
        if output.kind != "text":
            try:
                from pydantic_core import from_json
            except ImportError as exc:  # pragma: no cover - installed with pydantic
                raise ImportError("partial objects need pydantic-core: pip install pydantic") from exc
            self._from_json = from_json

    @property
    def elements(self) -> list[Any]:
        """The complete, validated elements of an array answer so far."""
        return self._done

    def reset(self) -> None:
        """A new step: its text is a new answer."""
        self._text = ""
        self._pending = 0
        self._last = UNCHANGED
        self._done = []

    def feed(self, delta: str) -> Any:
        if not delta:
            return UNCHANGED
        self._text += delta
        if self._output.kind == "text":
            return self._text
        self._pending += len(delta)
        if self._pending * REPARSE_RATIO < len(self._text):
            return UNCHANGED
        return self._read()

    def flush(self) -> Any:
        """The answer's end: parse what arrived since the last parse, if anything."""
        if not self._pending or self._output.kind == "text":
            return UNCHANGED
        return self._read()

    def _read(self) -> Any:
        self._pending = 0
        kind = self._output.kind
        if kind == "array":
            return self._array()
        try:
            value = self._from_json(self._text, allow_partial="trailing-strings")
        except ValueError:
            return UNCHANGED
        if kind == "choice":
            value = self._choice(value)
            if value is None:
                return UNCHANGED
        if value == self._last:
            return UNCHANGED
        self._last = value
        return value

    def _array(self) -> Any:
        try:
            value = self._from_json(self._text, allow_partial=True)
        except ValueError:
            return UNCHANGED
        complete = _elements_of(value, strict=False)[:-1]  # the last may still grow
        if len(complete) <= len(self._done):
            return UNCHANGED
        for item in complete[len(self._done) :]:
            try:
                self._done.append(self._output._element(item))
            except ValueError:
                break  # an invalid element: the final parse reports it
        return list(self._done)

    def _choice(self, value: Any) -> str | None:
        prefix = value.get("result") if isinstance(value, dict) else None
        if not isinstance(prefix, str) or not prefix:
            return None
        matches = [option for option in self._output.options if option.startswith(prefix)]
        return matches[0] if len(matches) == 1 else None
