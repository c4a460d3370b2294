from tests.harness import http_over_tcp, server

__all__ = ["http_over_tcp", "server"]
