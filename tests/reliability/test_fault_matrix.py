"""Every fault through every entry point, over the OpenAI Chat wire.

One test per (fault, entry point) that applies: the plain functions (sync and async,
whole and streamed, ``embed_many``), LangChain's ``ChatAISDK`` and LlamaIndex's
``AISDK``. Each checks the answer or the exception class and message, the requests the
server saw and the retry delays asked for, the text kept on the error, and that the
fake key is in no exception, cause, ``repr`` or DEBUG log record. The outcomes are
the first table of docs/reliability.md (``python -m tests.reliability.report``).
"""

from __future__ import annotations

import pytest
from entry_points import ENTRY_POINTS, EntryPoint
from fault_runner import run_and_check
from fault_server import FaultServer
from faults import FAULTS, Fault
from wire_shapes import OPENAI_CHAT

_PARTIAL_PARSE = (
    "LangChain's chunk aggregation (AIMessageChunk.init_tool_calls) reads tool-call args with "
    "parse_partial_json, so invalid final arguments '{\"city\": \"Par' read as {'city': 'Par'}: "
    "a silently truncated call (ChatOpenAI shows the same; invoke() reports it as invalid)"
)
KNOWN: dict[tuple[str, str], str] = {
    ("tool args not JSON", "ChatAISDK.stream"): _PARTIAL_PARSE,
    ("tool args not JSON", "ChatAISDK.astream"): _PARTIAL_PARSE,
}
"""(fault, entry point) -> why it fails today (xfail, strict: a fix must update this)."""


def _param(fault: Fault, entry: EntryPoint) -> object:
    reason = KNOWN.get((fault.name, entry.name))
    marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
    return pytest.param(fault, entry, id=f"{fault.name}-{entry.name}", marks=marks)


CASES = [_param(fault, entry) for fault in FAULTS for entry in ENTRY_POINTS if fault.applies(entry)]


@pytest.mark.usefixtures("pinned_jitter")
@pytest.mark.parametrize(("fault", "entry"), CASES)
async def test_fault_through_entry_point(
    fault: Fault,
    entry: EntryPoint,
    fault_server: FaultServer,
    retry_delays: list[float],
    caplog: pytest.LogCaptureFixture,
    closed_port_url: str,
) -> None:
    await run_and_check(
        fault, entry, OPENAI_CHAT, fault_server, retry_delays, caplog, closed_port_url, "entry-points"
    )
