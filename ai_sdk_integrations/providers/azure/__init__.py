"""Azure OpenAI: OpenAI's codecs at Azure's URLs, with Azure's key header."""
