"""One package per wire format: ``openai/`` (Chat Completions, embeddings),
``openai_compatible/`` (every compatible service, as rows of data), ``azure/``,
``gateway/`` (the AI SDK's own spec on the wire).

In each package the codec modules are sans-I/O (call options -> request, response ->
result, framed events -> parts: tested by feeding them bytes, no socket, no clock);
``provider.py`` is the factory (``create_openai(...)``), the one module of a package
that builds transport endpoints. A new wire format is a new package here.
"""
