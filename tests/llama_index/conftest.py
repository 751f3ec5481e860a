"""The scripted loopback server's fixtures (defined in tests/http_loopback.py)."""

from http_loopback import retry_delays, server

__all__ = ["retry_delays", "server"]
