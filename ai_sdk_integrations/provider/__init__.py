"""What a model is, independent of any wire format: ``LanguageModel`` and
``EmbeddingModel`` (a codec bound to an endpoint), ``ModelProfile`` (what a model
family accepts), and the provider factory protocol. Nothing is imported here, so a
codec can use ``provider.profile`` without loading the transport."""
