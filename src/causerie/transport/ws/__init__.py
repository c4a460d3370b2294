"""The WebSocket edge: handshake, frame validation, dispatch to services."""
