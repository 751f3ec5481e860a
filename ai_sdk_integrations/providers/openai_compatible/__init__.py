"""Every server that speaks OpenAI's Chat Completions, as rows of data
(``services``) over the one OpenAI chat codec (``providers/openai``)."""
