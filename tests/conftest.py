"""Shared fixtures: real stores in temp folders, the real CLI, the example corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crosswire.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "corpus"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "test.db")


@pytest.fixture
def cli(db: str):
    """Run the real CLI against a temp store: cli("add", path) -> click Result."""
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(main, ["--db", db, *map(str, args)], catch_exceptions=False)

    return run


@pytest.fixture(scope="session")
def example_export(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The example corpus added and analyzed once, exported as the contract's JSON."""
    tmp = tmp_path_factory.mktemp("example")
    runner = CliRunner()
    store = str(tmp / "example.db")
    out = tmp / "export.json"
    for args in (["add", str(EXAMPLES)], ["analyze"], ["export", "-o", str(out)]):
        result = runner.invoke(main, ["--db", store, *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return json.loads(out.read_text("utf-8"))
