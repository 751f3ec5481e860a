"""A whole result as the stream parts that would have carried it.

For calls a server cannot stream (llama-cpp-python's server sends an empty event stream
when the model itself chooses to call a tool): the codec asks for a whole response and
``LanguageModel.stream`` replays it, as the AI SDK's ``simulateStreamingMiddleware`` does,
so every stream reader (the plain functions, both adapters) works unchanged.
"""

from __future__ import annotations

from ..spec import (
    Finish,
    GenerateResult,
    ReasoningContent,
    ReasoningDelta,
    ReasoningEnd,
    ReasoningStart,
    ResponseMetadata,
    StreamPart,
    TextContent,
    TextDelta,
    TextEnd,
    TextStart,
    ToolCallContent,
    ToolInputDelta,
    ToolInputEnd,
    ToolInputStart,
)


def result_parts(result: GenerateResult) -> list[StreamPart]:
    parts: list[StreamPart] = []
    if result.response is not None:
        response = result.response
        parts.append(ResponseMetadata(response.id, response.timestamp, response.model_id))
    for index, item in enumerate(result.content):
        part_id = str(index)
        if isinstance(item, TextContent):
            start = TextStart(part_id, citations=item.citations)
            parts += [start, TextDelta(part_id, item.text), TextEnd(part_id, item.provider_metadata)]
        elif isinstance(item, ReasoningContent):
            parts += [
                ReasoningStart(part_id),
                ReasoningDelta(part_id, item.text),
                ReasoningEnd(part_id, item.provider_metadata),
            ]
        elif isinstance(item, ToolCallContent):
            call_id = item.tool_call_id
            parts += [
                ToolInputStart(call_id, item.tool_name, provider_executed=item.provider_executed),
                ToolInputDelta(call_id, item.input),
                ToolInputEnd(call_id),
                item,
            ]
        else:  # sources, files, tool results: already whole parts
            parts.append(item)
    parts.append(Finish(result.finish_reason, result.usage, result.provider_metadata))
    return parts
