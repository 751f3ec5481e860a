"""Framework adapters: thin translators between a framework's types and the spec.
One package per framework; none touches HTTP or knows a wire format."""
