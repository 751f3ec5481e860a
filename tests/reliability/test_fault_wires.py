"""The faults whose outcome depends on the wire format, over every provider's codec.

Each provider (OpenAI Chat and Responses, Anthropic, Gemini, Mistral, Cohere, Bedrock's
binary event stream, the AI Gateway) answers in its own shapes: its error bodies by
status, its stream events and their ending, its tool-call fields, its framing of a
broken chunk. The model strings resolve with ``base_url=`` pointing at the fault
server. Two entry points per wire cover both paths through a codec: ``generate_text``
(sync, a whole answer) and ``astream_text`` (async, a stream); the transport under
them is the same for every wire, and test_fault_matrix runs it through all fourteen.
"""

from __future__ import annotations

import pytest
from entry_points import BY_NAME as ENTRIES
from entry_points import EntryPoint
from fault_runner import run_and_check
from fault_server import FaultServer
from faults import FAULTS, Fault
from wire_shapes import WIRES, Wire

WIRE_ENTRIES = (ENTRIES["generate_text"], ENTRIES["astream_text"])
_DELTA_NOT_A_STRING = (
    "a tool-argument delta sent as a JSON object ends the stream with 'stream event has an "
    "unexpected shape' (InvalidResponseDataError) instead of being read as its JSON text"
)
_OBJECT_DROPPED = "tool arguments sent as a JSON object are silently read as {} (the arguments are lost)"
KNOWN: dict[tuple[str, str, str], str] = {}
"""(fault, wire, entry) -> why it fails today (an xfail, strict: fixing it must update this)."""


def _param(fault: Fault, wire: Wire, entry: EntryPoint) -> object:
    case = (fault.name, wire.name, entry.name)
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[case])] if case in KNOWN else []
    return pytest.param(fault, wire, entry, id="-".join(case), marks=marks)


CASES = [
    _param(fault, wire, entry)
    for fault in FAULTS
    if fault.wire_level
    for wire in WIRES
    for entry in WIRE_ENTRIES
    if fault.applies(entry)
]


@pytest.mark.usefixtures("pinned_jitter")
@pytest.mark.parametrize(("fault", "wire", "entry"), CASES)
async def test_fault_on_each_wire(
    fault: Fault,
    wire: Wire,
    entry: EntryPoint,
    fault_server: FaultServer,
    retry_delays: list[float],
    caplog: pytest.LogCaptureFixture,
    closed_port_url: str,
) -> None:
    await run_and_check(fault, entry, wire, fault_server, retry_delays, caplog, closed_port_url, "wires")
