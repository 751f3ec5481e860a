"""What Google's front end refuses before a model sees a request, for ``google_wire``.

Google parses a request body into its protobuf messages and refuses every field a
message does not have, as HTTP 400 ``INVALID_ARGUMENT`` with

    Invalid JSON payload received. Unknown name "foo" at 'generation_config': Cannot find field.

(the path in the proto's snake_case names, list positions as ``[i]``, map entries as
``properties[i].value``; a top-level field has no "at" part), a ``google.rpc.BadRequest``
detail per field, and every violation in one message, one per line. Protobuf's JSON
parser takes each field by its camelCase or its snake_case name. A value of the wrong
kind (a string where a ``Struct`` goes, an unknown ``Type``) is "Invalid value at ...".

The messages are those of Google's REST reference (``GenerateContentRequest``,
``Content``, ``Part``, ``Tool``, ``FunctionDeclaration``, ``Schema``, ``ToolConfig``,
``GenerationConfig``, ``ThinkingConfig``, ``SafetySetting``, ``BatchEmbedContentsRequest``,
``EmbedContentRequest``; Vertex AI's ``predict`` body), for the Gemini API (v1beta) and
Vertex AI (v1, which has no ``id`` on function calls and responses, no ``serviceTier``,
and ``labels`` and ``audioTimestamp`` of its own).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

ANY = "any"  # a google.protobuf.Value / Struct: anything JSON
STRUCT = "struct"  # a google.protobuf.Struct: a JSON object
SCALAR = "scalar"
TYPE_NAMES = frozenset(
    {"type_unspecified", "string", "number", "integer", "boolean", "array", "object", "null"}
)

Message = Mapping[str, Any]


def _list(message: Any) -> tuple[str, Any]:
    return ("list", message)


def _map(message: Any) -> tuple[str, Any]:
    return ("map", message)


SCHEMA: dict[str, Any] = {}
SCHEMA.update(
    {
        "type": "type",
        "format": SCALAR,
        "title": SCALAR,
        "description": SCALAR,
        "nullable": SCALAR,
        "enum": _list(SCALAR),
        "maxItems": SCALAR,
        "minItems": SCALAR,
        "properties": _map(SCHEMA),
        "required": _list(SCALAR),
        "minProperties": SCALAR,
        "maxProperties": SCALAR,
        "minLength": SCALAR,
        "maxLength": SCALAR,
        "pattern": SCALAR,
        "example": ANY,
        "anyOf": _list(SCHEMA),
        "propertyOrdering": _list(SCALAR),
        "default": ANY,
        "items": SCHEMA,
        "minimum": SCALAR,
        "maximum": SCALAR,
    }
)
BLOB = {"mimeType": SCALAR, "data": SCALAR}
FILE_DATA = {"mimeType": SCALAR, "fileUri": SCALAR, "displayName": SCALAR}


def _part(vertex: bool) -> dict[str, Any]:
    call = {"name": SCALAR, "args": STRUCT, **({} if vertex else {"id": SCALAR})}
    response = {
        "name": SCALAR,
        "response": STRUCT,
        "parts": _list({"inlineData": BLOB, "fileData": FILE_DATA}),
        "willContinue": SCALAR,
        "scheduling": SCALAR,
        **({} if vertex else {"id": SCALAR}),
    }
    return {
        "text": SCALAR,
        "inlineData": BLOB,
        "fileData": FILE_DATA,
        "functionCall": call,
        "functionResponse": response,
        "executableCode": {"language": SCALAR, "code": SCALAR},
        "codeExecutionResult": {"outcome": SCALAR, "output": SCALAR},
        "thought": SCALAR,
        "thoughtSignature": SCALAR,
        "videoMetadata": ANY,
        "mediaResolution": ANY,
        "partMetadata": STRUCT,
    }


def request_message(vertex: bool) -> dict[str, Any]:
    """``GenerateContentRequest`` of the Gemini API (``vertex=False``) or Vertex AI."""
    content = {"role": SCALAR, "parts": _list(_part(vertex))}
    declaration = {
        "name": SCALAR,
        "description": SCALAR,
        "parameters": SCHEMA,
        "parametersJsonSchema": ANY,
        "response": SCHEMA,
        "responseJsonSchema": ANY,
        "behavior": SCALAR,
    }
    tool = {
        "functionDeclarations": _list(declaration),
        "googleSearch": ANY,
        "googleSearchRetrieval": ANY,
        "codeExecution": ANY,
        "urlContext": ANY,
        "googleMaps": ANY,
        "fileSearch": ANY,
        "computerUse": ANY,
        **({"retrieval": ANY, "enterpriseWebSearch": ANY} if vertex else {}),
    }
    generation = {
        "stopSequences": _list(SCALAR),
        "responseMimeType": SCALAR,
        "responseSchema": SCHEMA,
        "responseJsonSchema": ANY,
        "responseModalities": _list(SCALAR),
        "candidateCount": SCALAR,
        "maxOutputTokens": SCALAR,
        "temperature": SCALAR,
        "topP": SCALAR,
        "topK": SCALAR,
        "seed": SCALAR,
        "presencePenalty": SCALAR,
        "frequencyPenalty": SCALAR,
        "responseLogprobs": SCALAR,
        "logprobs": SCALAR,
        "enableEnhancedCivicAnswers": SCALAR,
        "speechConfig": ANY,
        "thinkingConfig": {"includeThoughts": SCALAR, "thinkingBudget": SCALAR, "thinkingLevel": SCALAR},
        "imageConfig": ANY,
        "mediaResolution": SCALAR,
        **({"audioTimestamp": SCALAR} if vertex else {}),
    }
    return {
        "contents": _list(content),
        "tools": _list(tool),
        "toolConfig": {
            "functionCallingConfig": {"mode": SCALAR, "allowedFunctionNames": _list(SCALAR)},
            "retrievalConfig": ANY,
            **({} if vertex else {"includeServerSideToolInvocations": SCALAR}),
        },
        "safetySettings": _list(
            {"category": SCALAR, "threshold": SCALAR, **({"method": SCALAR} if vertex else {})}
        ),
        "systemInstruction": content,
        "generationConfig": generation,
        "cachedContent": SCALAR,
        **(
            {"labels": _map(SCALAR), "modelArmorConfig": ANY}
            if vertex
            else {"model": SCALAR, "serviceTier": SCALAR}
        ),
    }


BATCH_EMBED = {
    "requests": _list(
        {
            "model": SCALAR,
            "content": {
                "role": SCALAR,
                "parts": _list({"text": SCALAR, "inlineData": BLOB, "fileData": FILE_DATA}),
            },
            "taskType": SCALAR,
            "title": SCALAR,
            "outputDimensionality": SCALAR,
        }
    )
}
VERTEX_PREDICT = {
    "instances": _list({"content": SCALAR, "task_type": SCALAR, "title": SCALAR}),
    "parameters": {"outputDimensionality": SCALAR, "autoTruncate": SCALAR},
}


def snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(word.capitalize() for word in rest)


def violations(body: Any, message: Message) -> list[tuple[str, str]]:
    """``(field path, description)`` of each violation, in the order Google lists them."""
    found: list[tuple[str, str]] = []
    _walk(body, message, "", found)
    return found


def _walk(value: Any, message: Any, path: str, found: list[tuple[str, str]]) -> None:
    if message is ANY:
        return
    if message is STRUCT:
        if not isinstance(value, dict):
            found.append(
                (
                    path,
                    f"Invalid value at '{path}' (type.googleapis.com/google.protobuf.Struct), {_shown(value)}",  # noqa: E501
                )
            )
        return
    if message is SCALAR:
        if isinstance(value, (dict, list)):
            found.append((path, f"Invalid value at '{path}' ({_kind(value)}), {_shown(value)}"))
        return
    if message == "type":
        if not isinstance(value, str) or value.lower() not in TYPE_NAMES:
            found.append(
                (
                    path,
                    f"Invalid value at '{path}' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), {_shown(value)}",  # noqa: E501
                )
            )
        return
    if isinstance(message, tuple):
        kind, inner = message
        if kind == "list":
            if not isinstance(value, list):
                found.append((path, f"Invalid value at '{path}' ({_kind(value)}), {_shown(value)}"))
                return
            for index, item in enumerate(value):
                _walk(item, inner, f"{path}[{index}]", found)
        else:
            if not isinstance(value, dict):
                found.append((path, f"Invalid value at '{path}' ({_kind(value)}), {_shown(value)}"))
                return
            for index, item in enumerate(value.values()):
                _walk(item, inner, f"{path}[{index}].value", found)
        return
    if not isinstance(value, dict):
        found.append((path, f"Invalid value at '{path}' ({_kind(value)}), {_shown(value)}"))
        return
    for key, item in value.items():
        name = key if key in message else _camel(key) if _camel(key) in message else None
        if name is None:
            where = f" at '{path}'" if path else ""
            found.append(
                (path, f'Invalid JSON payload received. Unknown name "{key}"{where}: Cannot find field.')
            )
            continue
        child = f"{path}.{snake(name)}" if path else snake(name)
        _walk(item, message[name], child, found)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "TYPE_MESSAGE"
    if isinstance(value, list):
        return "TYPE_LIST"
    return "TYPE_STRING"


def _shown(value: Any) -> str:
    import json

    return json.dumps(value)[:80]
