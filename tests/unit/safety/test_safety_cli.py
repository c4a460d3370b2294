from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from causerie.cli.safety import safety_app

runner = CliRunner()

CONV = {
    "id": "c1",
    "room_kind": "dm",
    "participants": [{"id": "a", "declared_age": 17, "account_age_days": 1}, {"id": "b"}],
    "messages": [{"from": "a", "text": "how old are you? don't tell your parents"}],
}


def test_score_reads_a_file_and_writes_one_line_per_conversation(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    second = {**CONV, "id": "c2", "messages": [{"from": "a", "text": "bonjour"}]}
    path.write_text(json.dumps(CONV) + "\n\n" + json.dumps(second) + "\n", encoding="utf-8")
    result = runner.invoke(safety_app, ["score", "--input", str(path)])
    assert result.exit_code == 0
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["c1", "c2"]
    assert lines[0]["level"] in ("medium", "high")
    names = {s["name"] for s in lines[0]["signals"]}
    # The rule signals exactly; the learned layer may add model_<category> ones.
    assert {n for n in names if not n.startswith("model_")} == {"age_question", "secrecy"}
    assert lines[1] == {"id": "c2", "risk": 0.0, "level": "none", "signals": []}


def test_score_reads_stdin() -> None:
    result = runner.invoke(safety_app, ["score", "--input", "-"], input=json.dumps(CONV) + "\n")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["id"] == "c1"


@pytest.mark.parametrize(
    "bad", ["{not json", json.dumps({"id": "x"}), json.dumps({**CONV, "messages": [{"text": 1}]})]
)
def test_malformed_input_exits_2_with_the_line_number(bad: str) -> None:
    result = runner.invoke(
        safety_app, ["score", "--input", "-"], input=json.dumps(CONV) + "\n" + bad
    )
    assert result.exit_code == 2
    assert "line 2" in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(safety_app, ["score", "--input", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 2


def test_check_text_prints_one_json_line() -> None:
    result = runner.invoke(safety_app, ["check-text", "--text", "appelle moi au 06 12 34 56 78"])
    assert result.exit_code == 0
    out = json.loads(result.stdout)
    assert out == {"decision": "mask", "reasons": ["phone_number"], "text": "appelle moi au •••"}
    trusted = runner.invoke(
        safety_app,
        [
            "check-text",
            "--text",
            "06 12 34 56 78",
            "--trust-level",
            "2",
            "--account-age-days",
            "30",
        ],
    )
    assert json.loads(trusted.stdout)["decision"] == "allow"


def test_check_text_in_a_subprocess() -> None:
    code = "from causerie.cli.safety import safety_app; safety_app()"
    done = subprocess.run(
        [sys.executable, "-c", code, "check-text", "--text", "je vais te tuer"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["decision"] == "hold"
