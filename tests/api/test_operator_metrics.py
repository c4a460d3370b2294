"""/metrics is for operators only: the bearer token of CAUSERIE_METRICS_TOKEN,
or the operator listener (--metrics-port); 404 to anyone else."""

from __future__ import annotations

from pathlib import Path

import httpx

from tests.api.edge_helpers import edge_server
from tests.harness import METRICS_TOKEN, Server
from tests.harness import test_settings as make_settings
from tests.support.net import bound_socket


async def test_metrics_answer_the_token_and_nobody_else(server: Server) -> None:
    async with server.client() as http:
        anonymous = await http.get("/metrics")
        assert anonymous.status_code == 404
        assert anonymous.json()["code"] == "not_found"
        wrong = await http.get("/metrics", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 404
        right = await http.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert right.status_code == 200
        assert "causerie_ws_connections" in right.text
        # Not in the public API description either.
        schema = (await http.get("/api/v1/openapi.json")).json()
        assert "/metrics" not in schema["paths"]


async def test_without_a_token_configured_metrics_are_404_to_any_bearer(
    tmp_path: Path,
) -> None:
    settings = make_settings(tmp_path, f"sqlite:///{tmp_path / 'c.db'}", metrics_token=None)
    async with edge_server(settings) as live, live.client() as http:
        assert (await http.get("/metrics")).status_code == 404
        assert (
            await http.get("/metrics", headers={"Authorization": "Bearer x"})
        ).status_code == 404


async def test_the_operator_listener_serves_metrics_the_public_port_does_not(
    tmp_path: Path,
) -> None:
    operator = bound_socket()
    operator_port = operator.getsockname()[1]
    settings = make_settings(
        tmp_path, f"sqlite:///{tmp_path / 'c.db'}", metrics_token=None, metrics_port=operator_port
    )
    async with edge_server(settings, extra_sockets=(operator,)) as live:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{operator_port}") as ops:
            assert (await ops.get("/metrics")).status_code == 200
        async with live.client() as http:
            public = await http.get("/metrics")
            assert public.status_code == 404
            # A Host header naming the operator port changes nothing: the
            # socket a request came through decides.
            forged = await http.get("/metrics", headers={"Host": f"127.0.0.1:{operator_port}"})
            assert forged.status_code == 404
