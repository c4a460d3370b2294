"""Transport-agnostic real-time core: hub, broker, connection state."""
