"""The scripted loopback server's fixtures (defined in tests/http_loopback.py)."""

from http_loopback import caller, closed_port_url, model, retry_delays, server

__all__ = ["caller", "closed_port_url", "model", "retry_delays", "server"]
