"""Citations and web search results -> spec sources, shared by generate and stream.

A text block's ``citations`` (``citations_delta`` events when streaming) point into
a document the prompt sent with citations enabled (``char_location``,
``page_location``, ``content_block_location``: a ``document`` source titled as that
document) or at a web page the ``web_search`` tool found (``web_search_result_location``:
a ``url`` source). A ``web_search_tool_result`` block is the tool's result, and each
page in it a ``url`` source, as the AI SDK reports them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ...spec import FilePart, Prompt, SourceContent, ToolResultContent, UserMessage
from ...spec.wire import parse_count as count
from .fields import mapping, string


@dataclass(frozen=True, slots=True)
class CitedDocument:
    title: str
    media_type: str
    filename: str | None


def cited_documents(prompt: Prompt, provider: str) -> tuple[CitedDocument, ...]:
    """The prompt's documents sent with citations enabled, in the order Anthropic
    numbers them (``document_index``)."""
    out = []
    for message in prompt:
        if not isinstance(message, UserMessage):
            continue
        for part in message.content:
            if not isinstance(part, FilePart) or part.media_type not in ("application/pdf", "text/plain"):
                continue
            options = mapping((part.provider_options or {}).get(provider))
            if mapping(options.get("citations")).get("enabled"):
                title = string(options.get("title")) or part.filename or "Untitled Document"
                out.append(CitedDocument(title, part.media_type, part.filename))
    return tuple(out)


def citation_source(
    citation: Any, documents: Sequence[CitedDocument], provider: str, new_id: Callable[[], str]
) -> SourceContent | None:
    """The source one citation points at, or ``None`` for one we cannot place."""
    if not isinstance(citation, dict):
        return None
    kind = citation.get("type")
    cited = string(citation.get("cited_text"))
    if kind == "web_search_result_location":
        url = string(citation.get("url"))
        if not url:
            return None
        found: dict[str, Any] = {
            "citedText": cited,
            "encryptedIndex": string(citation.get("encrypted_index")),
        }
        return SourceContent(
            "url",
            new_id(),
            url=url,
            title=string(citation.get("title")),
            provider_metadata={provider: found},
        )
    if kind not in ("char_location", "page_location", "content_block_location"):
        return None
    index = count(citation.get("document_index"))
    document = documents[index] if index is not None and index < len(documents) else None
    title = string(citation.get("document_title")) or (document.title if document else None)
    if document is None and title is None:
        return None
    place: Mapping[str, Any] = {
        "char_location": {"startCharIndex": "start_char_index", "endCharIndex": "end_char_index"},
        "page_location": {"startPageNumber": "start_page_number", "endPageNumber": "end_page_number"},
        "content_block_location": {
            "startBlockIndex": "start_block_index",
            "endBlockIndex": "end_block_index",
        },
    }[kind]
    metadata: dict[str, Any] = {"citedText": cited}
    metadata.update((ours, count(citation.get(theirs))) for ours, theirs in place.items())
    return SourceContent(
        "document",
        new_id(),
        title=title or "Untitled Document",
        media_type=document.media_type if document else "text/plain",
        filename=document.filename if document else None,
        provider_metadata={provider: metadata},
    )


def web_search_result(
    block: dict[str, Any], tool_name: str, provider: str, new_id: Callable[[], str]
) -> list[ToolResultContent | SourceContent]:
    """A ``web_search_tool_result`` block: the tool's result, then one source per page."""
    call_id = string(block.get("tool_use_id")) or new_id()
    content = block.get("content")
    if not isinstance(content, list):
        error = {
            "type": "web_search_tool_result_error",
            "errorCode": string(mapping(content).get("error_code")),
        }
        return [ToolResultContent(call_id, tool_name, error, is_error=True)]
    pages = [page for page in content if isinstance(page, dict)]
    result = [
        {
            "url": string(page.get("url")),
            "title": string(page.get("title")),
            "pageAge": string(page.get("page_age")),
            "encryptedContent": string(page.get("encrypted_content")),
            "type": string(page.get("type")),
        }
        for page in pages
    ]
    out: list[ToolResultContent | SourceContent] = [ToolResultContent(call_id, tool_name, result)]
    for page in pages:
        url = string(page.get("url"))
        if url:
            out.append(
                SourceContent(
                    "url",
                    new_id(),
                    url=url,
                    title=string(page.get("title")),
                    provider_metadata={provider: {"pageAge": string(page.get("page_age"))}},
                )
            )
    return out
