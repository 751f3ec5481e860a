"""fal.ai: image models (``fal.run``) and queued video models (``queue.fal.run``)."""
