"""The AI SDK's user-level API, written once: ``generate_text`` / ``stream_text``,
``embed`` / ``embed_many``, tools, message standardising, the stream reducer and the
provider registry. Re-exported at the package's top level."""
