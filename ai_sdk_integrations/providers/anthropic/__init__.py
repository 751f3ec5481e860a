"""Anthropic's Messages API (``/v1/messages``): a sans-I/O codec (``codec``), its
stream decoder (``stream``), prompt conversion (``messages``), tools (``tools``), the
lenient readers of usage, stop reasons, citations and errors, and ``create_anthropic``
(``provider``, the only module here that does I/O, through the transport)."""
