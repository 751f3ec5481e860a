"""Replicate: image and video models over the predictions API."""
