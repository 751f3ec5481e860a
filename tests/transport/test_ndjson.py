"""NDJSONDecoder: the same lines for every way of cutting the same bytes.

The property test builds arbitrary lines (multi-byte UTF-8, blank and whitespace-only
lines, stray carriage returns), joins them with LF or CRLF, cuts the bytes at arbitrary
points and checks the decoder against the lines it was built from.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable

from hypothesis import given, settings
from hypothesis import strategies as st

from ai_sdk_integrations.transport.framing.ndjson import NDJSONDecoder


def decode(chunks: Iterable[bytes]) -> list[str]:
    decoder = NDJSONDecoder()
    lines: list[str] = []
    for chunk in chunks:
        lines.extend(decoder.feed(chunk))
    lines.extend(decoder.finish())
    return lines


def cut(body: bytes, points: Iterable[int]) -> list[bytes]:
    bounds = [0, *sorted(points), len(body)]
    return [body[a:b] for a, b in itertools.pairwise(bounds)]


def byte_by_byte(body: bytes) -> list[bytes]:
    return [body[i : i + 1] for i in range(len(body))]


def test_lines_crlf_blank_lines_and_a_last_line_without_newline() -> None:
    body = b'{"a":1}\n\r\n  \t\n{"b":"\xc3\xa9"}\r\n\n{"c":3}'
    assert decode([body]) == ['{"a":1}', '{"b":"é"}', '{"c":3}']
    assert decode(byte_by_byte(body)) == ['{"a":1}', '{"b":"é"}', '{"c":3}']


def test_a_lone_carriage_return_is_not_a_line_break() -> None:
    assert decode([b"a\rb\n"]) == ["a\rb"]
    assert decode([b"a\r\r\n"]) == ["a\r"]  # only one trailing \r belongs to the line break


def test_lines_come_out_as_soon_as_they_are_complete() -> None:
    decoder = NDJSONDecoder()
    assert decoder.feed(b'{"done":') == []
    assert decoder.feed(b'false}\n{"done"') == ['{"done":false}']
    assert decoder.feed(b":true}") == []
    assert decoder.finish() == ['{"done":true}']
    assert decoder.finish() == []


def test_a_character_split_across_chunks_decodes_whole() -> None:
    body = json.dumps({"text": "日本語 🙂 €"}, ensure_ascii=False).encode() + b"\n"
    for point in range(len(body) + 1):
        assert [json.loads(line) for line in decode(cut(body, [point]))] == [{"text": "日本語 🙂 €"}]


def test_invalid_utf8_is_replaced_the_same_way_for_every_cut() -> None:
    body = b"ab\xe6\x97\n\xff\xfecd\n\xf0\x9f\x99"
    whole = decode([body])
    assert whole == ["ab\ufffd", "\ufffd\ufffdcd", "\ufffd"]
    for points in itertools.combinations(range(len(body) + 1), 2):
        assert decode(cut(body, points)) == whole


def test_empty_chunks_and_empty_streams() -> None:
    assert decode([]) == []
    assert decode([b"", b"", b"\n", b""]) == []


_tricky = st.sampled_from(
    ["é", "ß", "日本語", "€", "🙂", "👩‍💻", "\u2028", "\x85", "\r", " ", "\t", "{", '"']
)
_plain = st.characters(exclude_categories=("Cs",), exclude_characters="\n")
_line = st.lists(st.one_of(_plain, _tricky), max_size=12).map("".join)


def expected_lines(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        raw = line.encode()
        raw = raw.removesuffix(b"\r")
        if raw.strip():
            out.append(raw.decode())
    return out


@settings(max_examples=400)
@given(
    st.lists(_line, max_size=8),
    st.sampled_from(["\n", "\r\n"]),
    st.booleans(),
    st.data(),
)
def test_any_cutting_gives_the_same_lines(
    lines: list[str], newline: str, final_newline: bool, data: st.DataObject
) -> None:
    text = newline.join(lines) + (newline if final_newline and lines else "")
    body = text.encode()
    points = data.draw(st.lists(st.integers(0, len(body)), max_size=10))
    # What sits between two "\n": with CRLF every terminated line also carries the "\r".
    terminated = len(lines) if final_newline else len(lines) - 1
    between = [line + "\r" if newline == "\r\n" and i < terminated else line for i, line in enumerate(lines)]
    expected = expected_lines(between)
    assert decode(cut(body, points)) == expected
    assert decode([body]) == expected


@settings(max_examples=300)
@given(st.binary(max_size=200), st.data())
def test_arbitrary_bytes_decode_the_same_for_any_cutting(body: bytes, data: st.DataObject) -> None:
    points = data.draw(st.lists(st.integers(0, len(body)), max_size=10))
    whole = decode([body])
    assert decode(cut(body, points)) == whole
    assert all(line.encode().strip() and "\n" not in line for line in whole)
