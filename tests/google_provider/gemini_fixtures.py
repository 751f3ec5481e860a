"""Gemini response bodies and streams in the shapes Google documents and the AI SDK's
google provider records (``packages/google/src/__fixtures__``: text, reasoning, Gemini 3
tool calls with ``thoughtSignature``, a prompt block, a 429 with ``RetryInfo``), written
here field by field with our own words and values, for the codec's unit and property
tests.
"""

from __future__ import annotations

import json
from typing import Any

SIGNATURE_TEXT = "EtoFCtcFAb4+9vtfe4MXRxQjw48U1WKrR/7lYsgFkVi/bepqsSPjY0VU7HEzkeCBIfy1fu5t9aUZ4I"
SIGNATURE_CALL = "Eqo+Cqc+Ab4+9vtgONaaz6qwy6WXdp7gCd2w0X+Wz2gaBgY0Gv6A12JKo0y5vQwf9YQFyhMbKr1E9m1"
SIGNATURE_STREAM = "EqsFCqgFAb4+9vvtAF5n87lB4OGDOoTRMOqp35jW65XsYXh6BySMwl9nvrbAvPcl2U0xITaYUyV4CmR"


def _usage(prompt: int, candidates: int | None, thoughts: int | None = None, **extra: Any) -> dict[str, Any]:
    usage: dict[str, Any] = {"promptTokenCount": prompt}
    if candidates is not None:
        usage["candidatesTokenCount"] = candidates
    usage["totalTokenCount"] = (
        prompt + (candidates or 0) + (thoughts or 0) + extra.get("toolUsePromptTokenCount", 0)
    )
    usage["promptTokensDetails"] = [{"modality": "TEXT", "tokenCount": prompt}]
    if thoughts is not None:
        usage["thoughtsTokenCount"] = thoughts
    usage.update(extra)
    return usage


TEXT = {
    "candidates": [
        {
            "content": {
                "parts": [{"text": "Paris is the capital of France.", "thoughtSignature": SIGNATURE_TEXT}],
                "role": "model",
            },
            "finishReason": "STOP",
            "index": 0,
        }
    ],
    "usageMetadata": _usage(11, 8, 120),
    "modelVersion": "gemini-3-pro-preview",
    "responseId": "Un6LacrVMcjUxs0PmJfWoQc",
}

REASONING = {
    "candidates": [
        {
            "content": {
                "parts": [
                    {"text": "**Counting letters**\n\nI spell the word out and count.\n\n", "thought": True},
                    {"text": "There are three r's in strawberry."},
                    {"text": "", "thoughtSignature": SIGNATURE_TEXT},
                ],
                "role": "model",
            },
            "finishReason": "STOP",
            "index": 0,
        }
    ],
    "usageMetadata": _usage(9, 10, 282),
    "modelVersion": "gemini-2.5-flash",
    "responseId": "YH6LaZT7ENmPxN8P-r2J8Aw",
}

TOOL_CALL_GEMINI3 = {
    "candidates": [
        {
            "content": {
                "parts": [
                    {
                        "functionCall": {"name": "weather", "args": {"location": "San Francisco"}},
                        "thoughtSignature": SIGNATURE_CALL,
                    },
                    {"functionCall": {"name": "time", "args": {"zone": "America/Los_Angeles"}}},
                ],
                "role": "model",
            },
            "finishReason": "STOP",
            "index": 0,
            "finishMessage": "Model generated function call(s).",
        }
    ],
    "usageMetadata": _usage(29, 15, 1801),
    "modelVersion": "gemini-3-pro-preview",
    "responseId": "JniLacKqGqH0xs0P0O776As",
}

TOOL_CALL_WITH_ID = {
    "candidates": [
        {
            "content": {
                "parts": [{"functionCall": {"id": "x7k2m9qa", "name": "weather", "args": {}}}],
                "role": "model",
            },
            "finishReason": "STOP",
        }
    ],
    "usageMetadata": _usage(20, 5),
    "modelVersion": "gemini-2.5-flash",
    "responseId": "b36LacjwM668nsEP2tbsgQQ",
}

PROMPT_BLOCK = {
    "promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},
    "usageMetadata": {"promptTokenCount": 9, "totalTokenCount": 9, "serviceTier": "standard"},
    "modelVersion": "gemini-3.7-flash",
    "responseId": "EXCPaojyHaDUjMcP656rqAk",
}

SAFETY = {
    "candidates": [
        {
            "finishReason": "SAFETY",
            "index": 0,
            "safetyRatings": [
                {"category": "HARM_CATEGORY_HATE_SPEECH", "probability": "NEGLIGIBLE"},
                {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH", "blocked": True},
                {"category": "HARM_CATEGORY_HARASSMENT", "probability": "NEGLIGIBLE"},
                {"category": "HARM_CATEGORY_SEXUALLY_EXPLICIT", "probability": "NEGLIGIBLE"},
            ],
        }
    ],
    "usageMetadata": {"promptTokenCount": 12, "totalTokenCount": 12},
    "modelVersion": "gemini-2.5-flash",
    "responseId": "c3afetyBlockedResp0001",
}

GROUNDED = {
    "candidates": [
        {
            "content": {"parts": [{"text": "The final was played on Sunday."}], "role": "model"},
            "finishReason": "STOP",
            "groundingMetadata": {
                "searchEntryPoint": {"renderedContent": "<div>chip</div>"},
                "groundingChunks": [
                    {
                        "web": {
                            "uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/AbC",
                            "title": "uefa.com",
                        }
                    },
                    {
                        "web": {
                            "uri": "https://vertexaisearch.cloud.google.com/grounding-api-redirect/DeF",
                            "title": "bbc.com",
                        }
                    },
                    {"retrievedContext": {"uri": "gs://bucket/report.pdf", "title": "Report"}},
                ],
                "groundingSupports": [
                    {
                        "segment": {"endIndex": 31, "text": "The final was played on Sunday."},
                        "groundingChunkIndices": [0, 1],
                    }
                ],
                "webSearchQueries": ["when was the final"],
            },
        }
    ],
    "usageMetadata": _usage(17, 20, 333, toolUsePromptTokenCount=308),
    "modelVersion": "gemini-2.5-flash",
    "responseId": "sanitized-grounded",
}

CACHED = {
    "candidates": [{"content": {"parts": [{"text": "Yes."}], "role": "model"}, "finishReason": "MAX_TOKENS"}],
    "usageMetadata": {
        "promptTokenCount": 2100,
        "candidatesTokenCount": 2,
        "totalTokenCount": 2150,
        "cachedContentTokenCount": 1800,
        "thoughtsTokenCount": 48,
        "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 2100}],
        "cacheTokensDetails": [{"modality": "TEXT", "tokenCount": 1800}],
    },
    "modelVersion": "gemini-2.5-flash",
    "responseId": "cachedResp",
}

CODE_EXECUTION = {
    "candidates": [
        {
            "content": {
                "parts": [
                    {"executableCode": {"language": "PYTHON", "code": "print(2 + 2)"}},
                    {"codeExecutionResult": {"outcome": "OUTCOME_OK", "output": "4\n"}},
                    {"text": "The answer is 4."},
                ],
                "role": "model",
            },
            "finishReason": "STOP",
        }
    ],
    "usageMetadata": _usage(10, 12),
    "modelVersion": "gemini-2.5-flash",
}

VERTEX_TEXT = {
    "candidates": [
        {
            "content": {"role": "model", "parts": [{"text": "Hello from Vertex AI."}]},
            "finishReason": "STOP",
            "avgLogprobs": -0.12,
            "safetyRatings": [
                {
                    "category": "HARM_CATEGORY_HATE_SPEECH",
                    "probability": "NEGLIGIBLE",
                    "probabilityScore": 0.03,
                    "severity": "HARM_SEVERITY_NEGLIGIBLE",
                    "severityScore": 0.02,
                }
            ],
        }
    ],
    "usageMetadata": {**_usage(5, 6, 30), "trafficType": "ON_DEMAND"},
    "modelVersion": "gemini-2.5-flash",
    "createTime": "2026-05-04T20:01:02.264968Z",
    "responseId": "_vr4aYiWEJnYodAPkujX0QM",
}

BODIES: dict[str, dict[str, Any]] = {
    "text": TEXT,
    "reasoning": REASONING,
    "tool_call_gemini3": TOOL_CALL_GEMINI3,
    "tool_call_with_id": TOOL_CALL_WITH_ID,
    "prompt_block": PROMPT_BLOCK,
    "safety": SAFETY,
    "grounded": GROUNDED,
    "cached": CACHED,
    "code_execution": CODE_EXECUTION,
    "vertex_text": VERTEX_TEXT,
}


def _chunk(
    parts: list[dict[str, Any]] | None, usage: dict[str, Any], finish: str | None = None, **extra: Any
) -> str:
    candidate: dict[str, Any] = {"index": 0}
    if parts is not None:
        candidate["content"] = {"parts": parts, "role": "model"}
    if finish:
        candidate["finishReason"] = finish
    candidate.update(extra)
    return json.dumps(
        {
            "candidates": [candidate],
            "usageMetadata": usage,
            "modelVersion": "gemini-3-pro-preview",
            "responseId": "bH6LaZW8Fp_3nsEPqtaSwQ4",
        }
    )


STREAM_TEXT = [
    _chunk([{"text": "There are **3**"}], _usage(9, 5, 185)),
    _chunk([{"text": " r's in strawberry."}], _usage(9, 23, 185)),
    _chunk([{"text": "", "thoughtSignature": SIGNATURE_STREAM}], _usage(9, 23, 185), "STOP"),
]
STREAM_REASONING = [
    _chunk([{"text": "**Counting**\n\nLet me count.", "thought": True}], _usage(9, None, 60)),
    _chunk([{"text": " Done counting.", "thought": True}], _usage(9, None, 60)),
    _chunk([{"text": "Three."}], _usage(9, 2, 60)),
    _chunk([{"text": " Final."}], _usage(9, 4, 60), "STOP"),
]
STREAM_TOOL_CALL = [
    _chunk(
        [
            {
                "functionCall": {"name": "weather", "args": {"location": "San Francisco"}},
                "thoughtSignature": SIGNATURE_CALL,
            }
        ],
        _usage(29, 15, 804),
    ),
    _chunk([{"text": ""}], _usage(29, 15, 804), "STOP"),
]
STREAM_NO_ARGS_CALL = [
    _chunk(
        [{"functionCall": {"name": "read_theme"}, "thoughtSignature": SIGNATURE_CALL}],
        {"trafficType": "ON_DEMAND"},
    ),
    _chunk([{"text": ""}], _usage(249, 58, 183), "STOP"),
]
STREAM_GROUNDED = [
    _chunk([{"text": "The final was "}], _usage(17, 4, 333)),
    _chunk(
        [{"text": "on Sunday."}],
        _usage(17, 9, 333),
        "STOP",
        groundingMetadata=GROUNDED["candidates"][0]["groundingMetadata"],
    ),
]
STREAM_ERROR = [
    _chunk([{"text": "Partial "}], _usage(9, 2)),
    json.dumps(
        {
            "error": {
                "code": 503,
                "message": "The model is overloaded. Please try again later.",
                "status": "UNAVAILABLE",
            }
        }
    ),
]

STREAMS: dict[str, list[str]] = {
    "text": STREAM_TEXT,
    "reasoning": STREAM_REASONING,
    "tool_call": STREAM_TOOL_CALL,
    "no_args_call": STREAM_NO_ARGS_CALL,
    "grounded": STREAM_GROUNDED,
    "error": STREAM_ERROR,
}
