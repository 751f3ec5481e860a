"""``Output`` (object / array / choice / json / text): schemas from Python types and JSON
schema, what each profile sends, partial answers, and ``NoObjectGeneratedError``. The
pure parts run on strings; the calls on scripted answers (``http_loopback``)."""

from __future__ import annotations

import dataclasses
import itertools
import json
from typing import Any

import http_loopback
import pytest
from http_loopback import ScriptedServer, make_model
from pydantic import BaseModel
from scripted import MODES, answer, run, streaming
from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12

import ai_sdk_integrations as ai
from ai_sdk_integrations import NoObjectGeneratedError, Output, step_count_is, tool
from ai_sdk_integrations.core.output import UNCHANGED
from ai_sdk_integrations.provider.profile import ModelProfile
from ai_sdk_integrations.spec import JsonFormat

server = http_loopback.server  # the scripted server and no-wait retries, as fixtures here
retry_delays = http_loopback.retry_delays


class Address(BaseModel):
    city: str


class Person(BaseModel):
    name: str
    age: int
    address: Address


@dataclasses.dataclass
class Point:
    x: int
    y: int


class Movie(TypedDict):
    title: str
    year: int


PERSON = {"name": "Ada", "age": 36, "address": {"city": "London"}}


# -- schemas and parsing ----------------------------------------------------------------------


def test_object_schemas_from_python_types_and_json_schema() -> None:
    assert Output.object(Person).wire_schema == Person.model_json_schema()
    assert Output.object(Person).name == "Person"
    assert Output.object(Point).wire_schema == {
        "properties": {"x": {"title": "X", "type": "integer"}, "y": {"title": "Y", "type": "integer"}},
        "required": ["x", "y"],
        "title": "Point",
        "type": "object",
    }
    assert set(Output.object(Movie).wire_schema["properties"]) == {"title", "year"}  # type: ignore[index]
    raw = {"type": "object", "properties": {"a": {"type": "string"}}, "title": "Thing"}
    assert Output.object(raw).wire_schema == raw and Output.object(raw).name == "Thing"


def test_parse_validates_and_returns_instances() -> None:
    assert Output.object(Person).parse(json.dumps(PERSON)) == Person.model_validate(PERSON)
    assert Output.object(Point).parse('{"x": 1, "y": 2}') == Point(1, 2)
    assert Output.object(Movie).parse('{"title": "Up", "year": 2009}') == {"title": "Up", "year": 2009}
    assert Output.object({"type": "object"}).parse('{"a": 1}') == {"a": 1}
    with pytest.raises(ValueError):
        Output.object(Person).parse('{"name": "Ada"}')
    with pytest.raises(ValueError):
        Output.object({"type": "object"}).parse("[1, 2]")
    assert Output.json().parse("[1, 2]") == [1, 2]
    assert Output.text().parse("hi") == "hi"


def test_array_wraps_elements_and_keeps_definitions_at_the_root() -> None:
    schema = Output.array(Person).wire_schema
    assert schema is not None
    assert schema["properties"]["elements"]["items"]["properties"]["address"] == {"$ref": "#/$defs/Address"}
    assert schema["$defs"] == {"Address": Address.model_json_schema()}
    assert schema["required"] == ["elements"] and schema["additionalProperties"] is False
    people = Output.array(Person).parse(json.dumps({"elements": [PERSON, PERSON]}))
    assert people == [Person.model_validate(PERSON)] * 2
    assert Output.array(Point).parse('[{"x": 1, "y": 2}]') == [Point(1, 2)], "a bare array is taken too"


def test_choice() -> None:
    choice = Output.choice(["sunny", "rainy"])
    assert choice.wire_schema == {
        "type": "object",
        "properties": {"result": {"type": "string", "enum": ["sunny", "rainy"]}},
        "required": ["result"],
        "additionalProperties": False,
    }
    assert choice.parse('{"result": "rainy"}') == "rainy"
    with pytest.raises(ValueError, match="not one of"):
        choice.parse('{"result": "snowy"}')
    with pytest.raises(TypeError):
        Output.choice([])


@pytest.mark.parametrize(
    ("mode", "sent", "instructed"),
    [("json_schema", True, False), ("tool", True, False), ("json_mode", False, True)],
)
def test_what_each_profile_sends(mode: Any, sent: bool, instructed: bool) -> None:
    fmt, system = Output.object(Person).request(ModelProfile(structured_output=mode), "Be brief.")
    assert isinstance(fmt, JsonFormat) and fmt.name == "Person"
    assert (fmt.schema == Person.model_json_schema()) is sent and (fmt.schema is None) is not sent
    assert system is not None and system.startswith("Be brief.")
    assert ('"address"' in system) is instructed
    assert Output.text().request(ModelProfile(), None) == (None, None)
    assert Output.json().request(ModelProfile(), None) == (JsonFormat(), None)


# -- partial answers -------------------------------------------------------------------------


def feed_all(output: Output, text: str, size: int = 3) -> list[Any]:
    reader = output.partial_reader()
    seen = [reader.feed(text[i : i + size]) for i in range(0, len(text), size)]
    return [value for value in seen if value is not UNCHANGED]


def test_partial_objects_grow_with_trailing_strings() -> None:
    partials = feed_all(Output.object(Person), json.dumps(PERSON))
    assert partials[-1] == PERSON
    assert {"name": "Ad"} in partials or {"name": "A"} in partials
    assert all(a != b for a, b in itertools.pairwise(partials))


def test_partial_arrays_give_only_complete_validated_elements() -> None:
    text = json.dumps({"elements": [{"x": 1, "y": 2}, {"x": 3, "y": 4}, {"x": 5, "y": 6}]})
    partials = feed_all(Output.array(Point), text, size=5)
    assert partials == [[Point(1, 2)], [Point(1, 2), Point(3, 4)]], "the last waits for the final parse"


def test_partial_choice_once_unambiguous() -> None:
    assert feed_all(Output.choice(["sunny", "snowy", "rainy"]), '{"result": "snowy"}', size=1) == ["snowy"]
    assert feed_all(Output.text(), "abcdef") == ["abc", "abcdef"]


# -- in a call ---------------------------------------------------------------------------------


async def test_output_object_in_every_entry_point(server: ScriptedServer, mode: str) -> None:
    server.queue(answer(json.dumps(PERSON), stream=streaming(mode)))
    model = make_model(server.url, structured_outputs="json_schema")
    result = await run(mode, model, prompt="A person", output=Output.object(Person))
    assert result.output == Person.model_validate(PERSON) and result.object == result.output
    fmt = server.requests[0].json["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["name"] == "Person"


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_json_mode_models_get_the_schema_in_the_instructions(server: ScriptedServer) -> None:
    server.queue(answer(json.dumps(PERSON)))
    model = make_model(server.url, structured_outputs="json_object")
    result = ai.generate_text(model, prompt="A person", system="Be brief.", output=Output.object(Person))
    body = server.requests[0].json
    assert body["response_format"] == {"type": "json_object"}
    system = body["messages"][0]
    assert system["role"] == "system" and system["content"].startswith("Be brief.")
    assert json.dumps(Person.model_json_schema()) in system["content"]
    assert result.warnings == (), "nothing was dropped: the schema went in the instructions"
    assert result.output.address.city == "London"


async def test_an_invalid_answer_raises_with_everything_on_it(server: ScriptedServer, mode: str) -> None:
    server.queue(answer('{"name": "Ada"}', stream=streaming(mode)))
    model = make_model(server.url)
    if streaming(mode):
        result = await run(mode, model, prompt="A person", output=Output.object(Person))
        with pytest.raises(NoObjectGeneratedError) as caught:
            _ = result.output
    else:
        with pytest.raises(NoObjectGeneratedError) as caught:
            await run(mode, model, prompt="A person", output=Output.object(Person))
    error = caught.value
    assert error.text == '{"name": "Ada"}' and error.finish_reason == "stop"
    assert error.usage.input_tokens.total == 10
    assert "age: Field required" in str(error) and isinstance(error.cause, ValueError)
    assert error.__cause__ is error.cause


async def test_repair_text_gets_a_second_chance(server: ScriptedServer) -> None:
    server.queue(answer("```json\n" + json.dumps(PERSON) + "\n```"), answer("not json at all"))
    seen: list[str] = []

    async def unfence(text: str, error: ValueError) -> str | None:
        seen.append(type(error).__name__)
        return text.strip("`\n").removeprefix("json\n") if text.startswith("```") else None

    result = await ai.agenerate_object(
        make_model(server.url), schema=Person, prompt="A person", repair_text=unfence
    )
    assert result.object == Person.model_validate(PERSON) and seen == ["ValidationError"]
    with pytest.raises(NoObjectGeneratedError, match="not a valid object"):
        await ai.agenerate_object(
            make_model(server.url), schema=Person, prompt="A person", repair_text=unfence
        )


def test_a_cut_off_answer_says_so(server: ScriptedServer) -> None:
    reply = answer('{"name": "Ad')
    body = json.loads(reply.body)
    body["choices"][0]["finish_reason"] = "length"
    server.queue(dataclasses.replace(reply, body=json.dumps(body).encode()))
    with pytest.raises(NoObjectGeneratedError, match="raise max_output_tokens") as caught:
        ai.generate_object(make_model(server.url), schema=Person, prompt="A person")
    assert caught.value.finish_reason == "length"


def test_output_with_tools_is_read_from_the_final_step(server: ScriptedServer) -> None:
    server.queue(answer(calls=[("c1", "age_of", {"name": "Ada"})]), answer(json.dumps(PERSON)))

    def age_of(name: str) -> int:
        return 36

    result = ai.generate_text(
        make_model(server.url, structured_outputs="json_schema"),
        prompt="Ada as a person",
        tools={"age_of": tool(age_of)},
        output=Output.object(Person),
        stop_when=step_count_is(3),
    )
    assert result.output.age == 36
    assert all(r.json["response_format"]["type"] == "json_schema" for r in server.requests)
    server.queue(answer(calls=[("c2", "age_of", {"name": "Ada"})], stream=True))
    stopped = ai.stream_text(
        make_model(server.url), prompt="Ada", tools={"age_of": tool(age_of)}, output=Output.object(Person)
    )
    with pytest.raises(NoObjectGeneratedError, match="stopped after tool calls"):
        _ = stopped.output


def test_enum_and_no_schema_aliases(server: ScriptedServer) -> None:
    server.queue(answer('{"result": "rainy"}'), answer("[1, 2, 3]"))
    assert (
        ai.generate_object(make_model(server.url), output="enum", enum=["sunny", "rainy"], prompt="x").object
        == "rainy"
    )
    assert ai.generate_object(make_model(server.url), output="no-schema", prompt="x").object == [1, 2, 3]
    assert server.requests[1].json["response_format"] == {"type": "json_object"}
    assert "JSON" not in server.requests[1].body.decode().replace("json_object", ""), (
        "no schema, no instruction"
    )
    with pytest.raises(ValueError, match="needs schema"):
        ai.generate_object(make_model(server.url), prompt="x")
    with pytest.raises(ValueError, match="not both"):
        ai.generate_text(make_model(server.url), prompt="x", output=Output.json(), response_format="json")


def test_text_stream_does_not_parse_partial_objects(
    server: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def forbidden(self: Output) -> None:
        raise AssertionError("partial parsing on the text path")

    monkeypatch.setattr(Output, "partial_reader", forbidden)
    server.queue(answer(json.dumps(PERSON), stream=True))
    stream = ai.stream_text(make_model(server.url), prompt="A person", output=Output.object(Person))
    assert "".join(stream.text_stream) == json.dumps(PERSON)
    assert stream.output.name == "Ada"


def test_element_stream_needs_an_array_output(server: ScriptedServer) -> None:
    stream = ai.stream_text(make_model(server.url), prompt="x", output=Output.object(Person))
    with pytest.raises(TypeError, match=r"Output\.array"):
        _ = stream.element_stream


def test_long_answers_are_parsed_in_proportion_and_flushed_at_the_end() -> None:
    """Re-parsing the whole answer on every delta would cost time quadratic in its
    length; the reader parses once a 64th of the text is new, and ``flush`` reads the rest."""
    document = json.dumps({"items": [f"item {i}" for i in range(400)]})
    reader = Output.object({"type": "object"}).partial_reader()
    deltas = [document[i : i + 4] for i in range(0, len(document), 4)]
    seen = [v for v in (reader.feed(d) for d in deltas) if v is not UNCHANGED]
    assert len(deltas) // 4 > len(seen) > 60, "fewer parses than deltas, still many updates"
    last = reader.flush()
    assert (seen[-1] if last is UNCHANGED else last) == json.loads(document)
    assert reader.flush() is UNCHANGED


@pytest.mark.parametrize("mode", ["stream", "astream"])
async def test_partial_output_stream_ends_with_the_whole_answer(server: ScriptedServer, mode: str) -> None:
    document = {"name": "Ada", "age": 36, "address": {"city": "London " * 200}}
    server.queue(answer(json.dumps(document), stream=True))
    model = make_model(server.url, structured_outputs="json_schema")
    if mode == "stream":
        stream = ai.stream_text(model, prompt="x", output=Output.object(Person))
        partials = list(stream.partial_output_stream)
    else:
        astream = ai.astream_text(model, prompt="x", output=Output.object(Person))
        partials = [p async for p in astream.partial_output_stream]
    assert partials[-1] == document and len(partials) > 10


def test_a_loop_stopped_for_approval_keeps_its_requests(server: ScriptedServer) -> None:
    server.queue(answer(calls=[("c1", "age_of", {"name": "Ada"})]))
    result = ai.generate_text(
        make_model(server.url),
        prompt="Ada",
        tools={"age_of": tool(lambda args: 36, parameters={"type": "object"}, needs_approval=True)},
        output=Output.object(Person),
    )
    assert len(result.approval_requests) == 1
    with pytest.raises(NoObjectGeneratedError, match="stopped after tool calls"):
        _ = result.output
