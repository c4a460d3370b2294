"""A load generator that speaks Causerie's API v1 (and the bench relays'
compatible subset): many WebSocket clients in one process, a few senders,
and exact per-client accounting of what arrived."""
