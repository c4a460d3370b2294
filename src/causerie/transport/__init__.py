"""The ASGI edge. Never imports storage: it talks to services only."""
