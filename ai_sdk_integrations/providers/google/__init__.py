"""Google's Gemini wire format, served by two services: the Gemini API (``google:``,
``create_google``) and Vertex AI (``vertex:``, ``create_vertex``).

``codec`` (generateContent / streamGenerateContent) with ``contents`` (prompt
conversion), ``stream`` (the SSE decoder), ``generation_config``, ``tools``, ``schema``
(JSON Schema -> Gemini's OpenAPI subset), ``response_parts``, ``usage``,
``finish_reason`` and ``error_message``; ``embedding`` (batchEmbedContents and Vertex
AI's predict). Only ``provider`` touches the transport.
"""
