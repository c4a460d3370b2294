from tests.harness import server

__all__ = ["server"]
