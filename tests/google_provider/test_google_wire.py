"""The fake refuses what Google refuses, with Google's error body, or the written
cassettes would prove nothing. Raw HTTP to ``google_wire.FakeGoogle`` (no client code)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from google_wire import FakeGoogle, gemini_key, invalid_gemini_key

HELLO = {"contents": [{"role": "user", "parts": [{"text": "hi"}]}]}


def post(url: str, body: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={
            "content-type": "application/json",
            **(headers if headers is not None else {"x-goog-api-key": gemini_key()}),
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def gemini(server: FakeGoogle, model: str = "gemini-2.5-flash", method: str = "generateContent") -> str:
    return f"{server.gemini_base_url}/models/{model}:{method}"


def refused(status: int, body: Any, code: int, grpc: str, message: str) -> None:
    assert status == code, body
    assert body["error"]["code"] == code and body["error"]["status"] == grpc
    assert message in body["error"]["message"], body["error"]["message"]


def test_a_valid_request_is_answered(google_wire: FakeGoogle) -> None:
    status, body = post(gemini(google_wire), HELLO)
    assert status == 200 and body["candidates"][0]["content"]["parts"][0]["text"]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"generationconfig": {}}, 'Unknown name "generationconfig": Cannot find field.'),
        (
            {"generationConfig": {"maxTokens": 5}},
            "Unknown name \"maxTokens\" at 'generation_config': Cannot find field.",
        ),
        (
            {
                "tools": [
                    {
                        "functionDeclarations": [
                            {"name": "f", "parameters": {"type": "object", "additionalProperties": False}}
                        ]
                    }
                ]
            },
            "Unknown name \"additionalProperties\" at 'tools[0].function_declarations[0].parameters'",
        ),
        (
            {
                "tools": [
                    {
                        "functionDeclarations": [
                            {"name": "f", "parameters": {"type": "object", "properties": {"a": {"const": 1}}}}
                        ]
                    }
                ]
            },
            "Unknown name \"const\" at 'tools[0].function_declarations[0].parameters.properties[0].value'",
        ),
        (
            {"generationConfig": {"responseSchema": {"type": "strng"}}},
            "Invalid value at 'generation_config.response_schema.type'",
        ),
        ({"messages": []}, 'Unknown name "messages"'),
    ],
)
def test_unknown_and_mistyped_fields_are_invalid_argument(
    google_wire: FakeGoogle, extra: Any, message: str
) -> None:
    status, body = post(gemini(google_wire), {**HELLO, **extra})
    refused(status, body, 400, "INVALID_ARGUMENT", message)
    assert body["error"]["details"][0]["@type"] == "type.googleapis.com/google.rpc.BadRequest"


def test_snake_case_names_are_accepted_as_protobuf_json_does(google_wire: FakeGoogle) -> None:
    status, _ = post(gemini(google_wire), {**HELLO, "generation_config": {"max_output_tokens": 50}})
    assert status == 200


def test_function_call_args_must_be_an_object(google_wire: FakeGoogle) -> None:
    contents = [
        *HELLO["contents"],
        {"role": "model", "parts": [{"functionCall": {"name": "f", "args": "{}"}}]},
    ]
    status, body = post(gemini(google_wire), {"contents": contents})
    refused(status, body, 400, "INVALID_ARGUMENT", "google.protobuf.Struct")


def test_auth_refusals(google_wire: FakeGoogle) -> None:
    refused(*post(gemini(google_wire), HELLO, headers={}), 403, "PERMISSION_DENIED", "unregistered callers")
    status, body = post(gemini(google_wire), HELLO, headers={"x-goog-api-key": invalid_gemini_key()})
    refused(status, body, 400, "INVALID_ARGUMENT", "API key not valid")
    assert body["error"]["details"][0]["reason"] == "API_KEY_INVALID"
    vertex = f"{google_wire.vertex_base_url}/models/gemini-2.5-flash:generateContent"
    refused(
        *post(vertex, HELLO, headers={}), 401, "UNAUTHENTICATED", "missing required authentication credential"
    )
    refused(*post(vertex, HELLO), 401, "UNAUTHENTICATED", "API keys are not supported")
    assert post(vertex, HELLO, headers={"authorization": "Bearer ya29.x"})[0] == 200


def test_vertex_has_no_function_call_ids(google_wire: FakeGoogle) -> None:
    vertex = f"{google_wire.vertex_base_url}/models/gemini-2.5-flash:generateContent"
    contents = [
        *HELLO["contents"],
        {"role": "model", "parts": [{"functionCall": {"id": "a", "name": "f", "args": {}}}]},
        {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]},
    ]
    status, body = post(vertex, {"contents": contents}, headers={"authorization": "Bearer ya29.x"})
    refused(
        status, body, 400, "INVALID_ARGUMENT", "Unknown name \"id\" at 'contents[1].parts[0].function_call'"
    )
    assert post(gemini(google_wire), {"contents": contents})[0] == 200


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"contents": []}, "contents is not specified"),
        (
            {"contents": [{"role": "assistant", "parts": [{"text": "x"}]}]},
            "Please use a valid role: user, model.",
        ),
        ({"contents": [{"role": "user", "parts": []}]}, "contents.parts must not be empty"),
        (
            {**HELLO, "generationConfig": {"presencePenalty": 0.5}},
            "Penalty is not enabled for models/gemini-2.5-flash",
        ),
        (
            {
                "contents": [
                    *HELLO["contents"],
                    {"role": "model", "parts": [{"functionCall": {"name": "f", "args": {}}}] * 2},
                    {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]},
                ]
            },
            "number of function response parts is equal to the number of function call parts",
        ),
    ],
)
def test_semantic_refusals(google_wire: FakeGoogle, body: Any, message: str) -> None:
    refused(*post(gemini(google_wire), body), 400, "INVALID_ARGUMENT", message)


def test_gemini3_needs_the_signature_it_issued(google_wire: FakeGoogle) -> None:
    def turn(signature: str | None) -> dict[str, Any]:
        call: dict[str, Any] = {"functionCall": {"name": "f", "args": {}}}
        if signature:
            call["thoughtSignature"] = signature
        return {
            "contents": [
                *HELLO["contents"],
                {"role": "model", "parts": [call]},
                {"role": "user", "parts": [{"functionResponse": {"name": "f", "response": {}}}]},
            ]
        }

    url = gemini(google_wire, "gemini-3-pro-preview")
    refused(*post(url, turn(None)), 400, "INVALID_ARGUMENT", "missing a thought_signature")
    refused(*post(url, turn("Eg" + "A" * 60)), 400, "INVALID_ARGUMENT", "Corrupted thought signature")
    assert post(url, turn("skip_thought_signature_validator"))[0] == 200
    issued = google_wire._signature()
    assert post(url, turn(issued))[0] == 200
    assert post(gemini(google_wire), turn(None))[0] == 200, "before Gemini 3 a signature is optional"


def test_unknown_models_are_not_found(google_wire: FakeGoogle) -> None:
    refused(*post(gemini(google_wire, "gemini-9"), HELLO), 404, "NOT_FOUND", "models/gemini-9 is not found")


def test_batch_embed_limits(google_wire: FakeGoogle) -> None:
    url = gemini(google_wire, "gemini-embedding-001", "batchEmbedContents")

    def request(model: str = "models/gemini-embedding-001") -> dict[str, Any]:
        return {"model": model, "content": {"parts": [{"text": "x"}]}}

    refused(
        *post(url, {"requests": [request()] * 101}),
        400,
        "INVALID_ARGUMENT",
        "at most 100 requests can be in one batch",
    )
    refused(*post(url, {"requests": [request("models/other")]}), 400, "INVALID_ARGUMENT", "requests[0].model")
    refused(
        *post(url, {"requests": [{**request(), "dimensions": 3}]}),
        400,
        "INVALID_ARGUMENT",
        'Unknown name "dimensions"',
    )
    status, body = post(url, {"requests": [{**request(), "outputDimensionality": 3}]})
    assert status == 200 and len(body["embeddings"][0]["values"]) == 3
