"""The production recipe of docs/deploy.md, run: Debian's nginx terminating
TLS (a self-signed certificate made here) in front of ``causerie serve``
started with the ExecStart and Environment lines of deploy/causerie.service,
through deploy/nginx-causerie.conf rendered with test ports.

Checked through the proxy: HSTS, Secure ``__Host-`` cookies, the WebSocket
(cookie and ticket), /metrics unreachable (but served on the operator
port), forged forwarding headers ignored, oversized bodies refused as
problem+json, and no token or ticket in either access log.

nginx missing: skipped loudly, or a failure under CAUSERIE_TEST_STRICT=1."""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import os
import shlex
import shutil
import ssl
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from websockets.asyncio.client import connect

from tests.conftest import service_missing
from tests.support.net import free_port, wait_for_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx-causerie.conf"
UNIT = ROOT / "deploy" / "causerie.service"
PLACEHOLDERS = ("SERVER_NAME", "HTTP_PORT", "HTTPS_PORT", "TLS_CERT", "TLS_KEY", "UPSTREAM",
                "ACCESS_LOG")  # fmt: skip
# Loopback addresses: nginx reaches Causerie from 127.0.0.1 (the only address
# the unit trusts); a "direct" client comes from 127.0.0.2.
DIRECT_CLIENT = "127.0.0.2"


def _nginx() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found is None:
        service_missing("nginx is not installed (apt-get install nginx-light)")
    return found


def _wait_port(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    why = wait_for_port(port, timeout=60, process=process)
    assert why is None, f"{why}:\n{log.read_text()}"


def _self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _unit_command(port: int, metrics_port: int) -> tuple[list[str], dict[str, str]]:
    """The unit's ExecStart (this venv's causerie, test ports) and Environment."""
    lines = UNIT.read_text().splitlines()
    exec_start = next(line for line in lines if line.startswith("ExecStart="))
    args = shlex.split(exec_start.removeprefix("ExecStart="))
    assert args[0].endswith("/causerie") and args[1] == "serve"
    args[0] = str(Path(sys.executable).with_name("causerie"))
    for option, value in (("--port", port), ("--metrics-port", metrics_port)):
        args[args.index(option) + 1] = str(value)
    env = {}
    for line in lines:
        if line.startswith("Environment="):
            key, _, value = line.removeprefix("Environment=").partition("=")
            env[key] = value
    return args, env


@dataclass
class Deployment:
    https: str
    http_port: int
    upstream: str
    metrics: str
    cert: Path
    nginx_access_log: Path
    causerie_log: Path

    def ssl_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))

    def client(self, **kwargs: object) -> httpx.AsyncClient:
        return httpx.AsyncClient(base_url=self.https, verify=self.ssl_context(), **kwargs)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def deployment(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Deployment]:
    nginx = _nginx()
    root = tmp_path_factory.mktemp("deploy")
    cert, key = _self_signed(root)
    port, metrics_port = free_port(), free_port()
    https_port, http_port = free_port(), free_port()

    args, unit_env = _unit_command(port, metrics_port)
    env = {
        **os.environ,
        **unit_env,
        "CAUSERIE_DATA_DIR": str(root / "data"),
        "CAUSERIE_ARGON2_TIME_COST": "1",
        "CAUSERIE_ARGON2_MEMORY_KIB": "8192",
    }
    env.pop("CAUSERIE_NO_RATE_LIMITS", None)
    causerie_log = root / "causerie.log"
    access_log = root / "nginx-access.log"
    values = {
        "SERVER_NAME": "localhost 127.0.0.1",
        "HTTP_PORT": f"127.0.0.1:{http_port}",
        "HTTPS_PORT": f"127.0.0.1:{https_port}",
        "TLS_CERT": str(cert),
        "TLS_KEY": str(key),
        "UPSTREAM": f"127.0.0.1:{port}",
        "ACCESS_LOG": str(access_log),
    }
    site = SITE.read_text()
    for name in PLACEHOLDERS:
        site = site.replace("${" + name + "}", values[name])
    # The redirect's target port is the bare number.
    site = site.replace(f"https://$host:127.0.0.1:{https_port}", f"https://$host:{https_port}")
    assert not [line for line in site.splitlines() if "${" in line.split("#")[0]]
    (root / "site.conf").write_text(site)
    for folder in ("body", "proxy"):
        (root / folder).mkdir()
    (root / "nginx.conf").write_text(
        f"""error_log {root}/nginx-error.log warn;
pid {root}/nginx.pid;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    include {root}/site.conf;
}}
"""
    )
    nginx_log = root / "nginx-error.log"
    nginx_log.touch()
    started: list[subprocess.Popen[bytes]] = []
    try:
        with causerie_log.open("wb") as out:
            server = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
        started.append(server)
        proxy = subprocess.Popen(
            [nginx, "-p", str(root), "-c", str(root / "nginx.conf"),
             "-g", "daemon off; master_process off;"],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        started.append(proxy)
        _wait_port(port, server, causerie_log)
        _wait_port(https_port, proxy, nginx_log)
        yield Deployment(
            https=f"https://127.0.0.1:{https_port}",
            http_port=http_port,
            upstream=f"http://127.0.0.1:{port}",
            metrics=f"http://127.0.0.1:{metrics_port}",
            cert=cert,
            nginx_access_log=access_log,
            causerie_log=causerie_log,
        )
    finally:
        for process in started:
            process.terminate()
        for process in started:
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


async def _guest(deployment: Deployment, pseudo: str) -> httpx.Response:
    async with deployment.client() as http:
        response = await http.post(
            "/api/v1/session/guest",
            json={"pseudo": pseudo, "gender": "female", "age": 30, "city": "Lyon"},
        )
    assert response.status_code == 201, response.text
    return response


async def test_https_through_nginx_sets_hsts_and_secure_host_cookies(
    deployment: Deployment,
) -> None:
    async with deployment.client() as http:
        health = await http.get("/healthz")
        assert health.status_code == 200
        assert health.headers["strict-transport-security"].startswith("max-age=")
    signed = await _guest(deployment, "DeployCookie")
    cookies = signed.headers.get_list("set-cookie")
    session = next(c for c in cookies if c.startswith("__Host-causerie_session="))
    assert "Secure" in session and "HttpOnly" in session and "Path=/" in session
    assert "Domain" not in session
    assert any(c.startswith("__Host-causerie_csrf=") and "Secure" in c for c in cookies)
    token = signed.json()["token"]
    async with deployment.client() as http:
        me = await http.get("/api/v1/me", headers={"Cookie": f"__Host-causerie_session={token}"})
        assert me.status_code == 200
    # Plain HTTP only redirects to HTTPS.
    async with httpx.AsyncClient() as plain:
        moved = await plain.get(f"http://127.0.0.1:{deployment.http_port}/api/v1/me?x=1")
    assert moved.status_code == 301
    assert moved.headers["location"].startswith(deployment.https.replace("127.0.0.1", "127.0.0.1"))


async def test_websocket_through_nginx_with_the_cookie_and_with_a_ticket(
    deployment: Deployment,
) -> None:
    signed = await _guest(deployment, "DeploySocket")
    token = signed.json()["token"]
    wss = deployment.https.replace("https://", "wss://") + "/api/v1/ws"
    async with connect(
        wss,
        ssl=deployment.ssl_context(),
        origin=deployment.https,  # type: ignore[arg-type]
        additional_headers={"Cookie": f"__Host-causerie_session={token}"},
    ) as ws:
        await ws.send('{"type": "ping"}')
        assert "pong" in str(await asyncio.wait_for(ws.recv(), 10))
    async with deployment.client(headers={"Authorization": f"Bearer {token}"}) as http:
        ticket = (await http.post("/api/v1/ws/ticket")).json()["ticket"]
        rooms = (await http.get("/api/v1/rooms")).json()
    room = next(r["id"] for r in rooms if r["requires"] is None)
    async with connect(f"{wss}?ticket={ticket}", ssl=deployment.ssl_context()) as ws:
        await ws.send(f'{{"type": "join", "room": "{room}", "since": null}}')
        assert '"joined"' in str(await asyncio.wait_for(ws.recv(), 10))
    # Nothing secret in either access log.
    await asyncio.sleep(0.5)
    nginx_log = deployment.nginx_access_log.read_text()
    assert "/api/v1/ws" in nginx_log
    for text in (nginx_log, deployment.causerie_log.read_text()):
        assert ticket not in text and token not in text
        assert "ticket=" not in text and "token=" not in text


async def test_metrics_are_not_reachable_through_the_proxy(deployment: Deployment) -> None:
    async with deployment.client() as http:
        assert (await http.get("/metrics")).status_code == 404
        assert (await http.get("/metrics/")).status_code == 404
    async with httpx.AsyncClient() as operator:
        scraped = await operator.get(f"{deployment.metrics}/metrics")
    assert scraped.status_code == 200 and "causerie_ws_connections" in scraped.text


async def test_forwarding_headers_are_believed_from_the_proxy_only(
    deployment: Deployment,
) -> None:
    # Through nginx, a client's own X-Forwarded-For is replaced: rotating it
    # does not escape the per-address login backoff.
    owner = await _guest(deployment, "DeployOwner")
    async with deployment.client(
        headers={"Authorization": f"Bearer {owner.json()['token']}"}
    ) as http:
        await http.post("/api/v1/accounts", json={"password": "correct horse battery"})
        statuses = []
        for n in range(8):
            attempt = await http.post(
                "/api/v1/session",
                json={"pseudo": "DeployOwner", "password": "wrong guess"},
                headers={"X-Forwarded-For": f"192.0.2.{n}"},
            )
            statuses.append(attempt.status_code)
    assert 429 in statuses
    # A direct client (not the trusted proxy's address) forging HTTPS gets no HSTS.
    transport = httpx.AsyncHTTPTransport(local_address=DIRECT_CLIENT)
    async with httpx.AsyncClient(transport=transport) as direct:
        forged = await direct.get(
            f"{deployment.upstream}/healthz",
            headers={"X-Forwarded-Proto": "https", "X-Forwarded-For": "10.9.9.9"},
        )
    assert forged.status_code == 200
    assert "strict-transport-security" not in forged.headers


async def test_oversized_bodies_are_refused_as_problem_json(deployment: Deployment) -> None:
    async with deployment.client() as http:
        # Over the JSON limit: Causerie's 413, through nginx.
        json_route = await http.post(
            "/api/v1/session", content=b"{" + b" " * (200 * 1024) + b"}",
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        assert json_route.status_code == 413
        assert json_route.json()["code"] == "too_large"
        # Over anything any route takes: nginx's own 413, same shape.
        huge = await http.post(
            "/api/v1/session", content=b"x" * (14 * 1024 * 1024),
            headers={"Content-Type": "application/json"},
        )  # fmt: skip
        assert huge.status_code == 413
        assert huge.headers["content-type"].startswith("application/problem+json")
        assert huge.json()["code"] == "too_large"
