"""External engines (Redis, …) behind the ports, each with an in-memory twin."""
