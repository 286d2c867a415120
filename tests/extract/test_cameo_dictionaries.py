"""User-supplied CAMEO dictionaries in PETRARCH's format: reading, pattern matching, extraction.

The dictionaries here are small ones written for these tests in PETRARCH's file format.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosswire.extract import extract
from crosswire.extract.cameo_dictionaries import (
    ENVIRONMENT,
    ActorCoder,
    active,
    configure,
    load,
)
from crosswire.extract.cameo_verbs import VerbDictionary
from crosswire.extract.nlp import parse_pieces
from crosswire.model import Document

VERBS = """\
# test verbs
&TREATY
+TREATY
+PACT
+CEASE_FIRE

####### VERB PATTERNS #######

--- AGREE  [030]  ---
AGREE
- * (TO &TREATY)  [057]
- * BUDGET_  [---]

--- VISIT  [042:043]  ---
VISIT

--- POSTPONE  [014]  ---
POSTPONE
DOWNPLAY [016]
- % *  [120]
- * MEET  [161]

--- ALLOW  [080]  ---
ALLOW
- * SANCTIONS  [163]

--- CALL  [---]  ---
+CALL_OFF {+CALLED_OFF} [160]

--- SAY  [010]  ---
SAY {SAID SAYS SAYING}
"""

ACTORS = """\
ARNOR [ARN]
GONDOR [GON]
+MINAS_TIRITH
THE_SHIRE [SHR]
ARNOR_AND_GONDOR_ALLIANCE [IGOAAG]
"""

AGENTS = """\
PRESIDENT [~GOV]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "Test_verbs.txt").write_text(VERBS, "utf-8")
    (tmp_path / "Test_actors.txt").write_text(ACTORS, "utf-8")
    (tmp_path / "Test_agents.txt").write_text(AGENTS, "utf-8")
    return tmp_path


@pytest.fixture
def dictionary(folder: Path) -> VerbDictionary:
    return VerbDictionary(folder / "Test_verbs.txt")


def _coding(dictionary: VerbDictionary, sentence: str, verb: str):
    doc = next(iter(parse_pieces([sentence])))
    return dictionary.coding(next(t for t in doc if t.text == verb))


@pytest.mark.parametrize("sentence, verb, code", [
    ("Arnor agreed with Gondor.", "agreed", "030"),  # the block's default
    ("Arnor agreed to a pact with Gondor.", "agreed", "057"),  # a synonym set in a pattern
    ("Arnor agreed to the cease fire.", "agreed", "057"),  # a multi-word synonym
    ("Arnor agreed to the treaties.", "agreed", "057"),  # a pattern noun takes its plural
    ("Arnor postponed the meeting.", "postponed", "014"),  # "MEET" is not "meeting"
    ("Arnor downplayed the talks.", "downplayed", "016"),  # a verb's own default over its block's
    ("Arnor and Gondor downplayed the talks.", "downplayed", "120"),  # "%": a compound subject
    ("Arnor allowed that Gondor imposed sanctions.", "allowed", "080"),  # not into another clause
    ("Arnor allowed sanctions on Gondor.", "allowed", "163"),
    ("Arnor called off the talks.", "called", "160"),  # a verb with a particle
])
def test_patterns(dictionary: VerbDictionary, sentence: str, verb: str, code: str):
    assert _coding(dictionary, sentence, verb).code == code


def test_no_event_codes_and_paired_codes(dictionary: VerbDictionary):
    assert _coding(dictionary, "Arnor agreed the budget.", "agreed") is None  # "[---]"
    assert _coding(dictionary, "Arnor called the president.", "called") is None  # no particle, block "---"
    visit = _coding(dictionary, "Arnor visited Gondor.", "visited")
    assert (visit.code, visit.reverse) == ("042", "043")


def test_actor_coder(folder: Path):
    coder = ActorCoder([folder / "Test_actors.txt"], [folder / "Test_agents.txt"])
    assert coder.code("the President of Arnor") == "ARNGOV"
    assert coder.code("Minas Tirith") == "GON"
    assert coder.code("Rohan") is None
    assert coder.code("Shire") == "SHR"  # the recogniser's name lacks the dictionary's article
    assert coder.codes("Arnor, Gondor and Rohan") == ["ARN", "GON"]  # one code per coordinated actor
    assert coder.codes("the Arnor and Gondor Alliance") == ["IGOAAG"]  # unless the whole is one actor


def test_bad_folders_fail_clearly(tmp_path: Path):
    with pytest.raises(ValueError, match="not a folder"):
        load(str(tmp_path / "missing"))
    with pytest.raises(ValueError, match="holds no"):
        load(str(tmp_path))
    (tmp_path / "x_verbs.txt").write_text("ARNOR [ARN]\n", "utf-8")
    with pytest.raises(ValueError, match="not a CAMEO verb dictionary"):
        load(str(tmp_path))


def test_extraction_codes_with_the_configured_dictionary(folder: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    text = "Arnor visited Gondor on Monday. Arnor agreed to a pact with Gondor."
    doc = Document(id="d", source="test", text=text, published="2023-11-13")
    own = [(e.cameo, e.actor_names, e.target_names) for e in extract(doc).extra["events"]]
    configure(folder)
    try:
        assert active() is not None
        events = extract(doc).extra["events"]
    finally:
        configure(None)
    assert active() is None
    coded = [(e.cameo, e.actor_names, e.target_names, e.trigger_start) for e in events if e.trigger_start in (6, 38)]
    assert coded == [("042", ["Arnor"], ["Gondor"], 6), ("043", ["Gondor"], ["Arnor"], 6),
                     ("057", ["Arnor"], ["Gondor"], 38)]
    assert ("057", ["Arnor"], ["Gondor"]) not in own  # crosswire's own list reads "agreed" as 030


def test_a_bare_statement_is_coded_only_when_it_reports_no_event(folder: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(ENVIRONMENT, raising=False)
    configure(folder)
    try:
        codes = [[e.cameo for e in extract(Document(id="d", source="test", text=text, published="2023-11-13"))
                  .extra["events"]] for text in ("Arnor visited Gondor, the President of Arnor said.",
                                                 "Arnor said on Monday that the harvest was good.")]
    finally:
        configure(None)
    assert codes == [["042", "043"], ["010"]]


def test_the_cli_option_codes_added_documents(folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from click.testing import CliRunner

    from crosswire.cli import main

    monkeypatch.delenv(ENVIRONMENT, raising=False)
    article = tmp_path / "pact.txt"
    article.write_text("Arnor agreed to a pact with Gondor.\n", "utf-8")
    runner, db = CliRunner(), str(tmp_path / "x.db")
    try:
        added = runner.invoke(main, ["--db", db, "--cameo-dictionaries", str(folder), "add", str(article)])
        assert added.exit_code == 0, added.output
    finally:
        configure(None)
    assert runner.invoke(main, ["--db", db, "analyze"]).exit_code == 0
    exported = runner.invoke(main, ["--db", db, "export", "--format", "json"])
    events = json.loads(exported.output)["events"]
    # the verb codes by the dictionary's pattern (crosswire's own list reads "agreed" as 030);
    # "pact", an event noun in the verb's phrase with the same root, is not a second event
    assert [(e["cameo"], e["type"]) for e in events] == [("057", "SUPPORT")]


def test_the_cli_option_rejects_a_folder_without_dictionaries(tmp_path: Path):
    from click.testing import CliRunner

    from crosswire.cli import main

    result = CliRunner().invoke(main, ["--db", str(tmp_path / "x.db"), "--cameo-dictionaries", str(tmp_path), "summary"])
    assert result.exit_code == 2
    assert "holds no" in result.output
