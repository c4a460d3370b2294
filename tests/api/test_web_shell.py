"""The page shell as the real app serves it: index.html's one inline style
(the loading state) is allowed by its hash, and nothing else is relaxed."""

from __future__ import annotations

import base64
import hashlib
import re

from tests.harness import Server


async def test_index_policy_allows_its_loading_style_by_hash(server: Server) -> None:
    async with server.client() as http:
        index = await http.get("/")
        assert index.status_code == 200
        policy = index.headers["content-security-policy"]
        (block,) = re.findall(r"<style>(.*?)</style>", index.text, re.S)
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
        assert "unsafe-inline" not in policy
        assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
        # Every other answer keeps the app's policy, without the hash.
        other = await http.get("/legal.html")
        assert "sha256-" not in other.headers["content-security-policy"]
        api = await http.get("/healthz")
        assert "sha256-" not in api.headers["content-security-policy"]
