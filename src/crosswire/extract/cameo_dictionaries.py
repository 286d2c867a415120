"""User-supplied CAMEO dictionaries (PETRARCH's format): which are in use, and the actor coder.

A folder of PETRARCH dictionaries (``*verbs*.txt`` or ``CAMEO*.txt`` a verb dictionary,
``*actors*.txt`` actor dictionaries, ``*agents*.txt`` agent dictionaries) replaces
crosswire's own event vocabulary for the verbs it holds (:mod:`.cameo_verbs`) and codes
actor names ("Dagolath's first Deputy Prime Minister" -> DAG + GOV). Set it with
:func:`configure` or the ``CROSSWIRE_CAMEO_DICTIONARIES`` environment variable (an
environment variable so that extraction's worker processes inherit it); by default none is
used and crosswire's own word lists code events.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .cameo_verbs import VerbDictionary

ENVIRONMENT = "CROSSWIRE_CAMEO_DICTIONARIES"


class ActorCoder:
    """Codes a name by the longest actor and agent phrases of TABARI-style dictionaries."""

    def __init__(self, actor_files: list[Path], agent_files: list[Path]):
        self.entries: dict[str, list[tuple[list[str], bool, str, bool]]] = {}
        for path, agent in [(p, False) for p in actor_files] + [(p, True) for p in agent_files]:
            self._read(path, agent)

    def _read(self, path: Path, agent: bool) -> None:
        text = re.sub(r"<!--.*?-->", "", path.read_text("utf-8", errors="replace"), flags=re.S)
        phrases: list[str] = []
        code: str | None = None

        def flush() -> None:
            if code is not None:
                for phrase in phrases:
                    self._add(phrase, code, agent)

        for raw in text.splitlines():
            line = raw.split("#")[0].rstrip()
            if not line.strip() or "!" in line:
                continue
            found = re.search(r"\[([^\]]*)\]", line)
            name = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", line).strip()
            if name.startswith("+"):
                phrases.append(name[1:])
            elif name:
                flush()
                phrases, code = [name], None
            if found and found.group(1).split():
                code = found.group(1).split()[0]  # of several dated codes, the last (latest) wins
        flush()

    def _add(self, phrase: str, code: str, agent: bool) -> None:
        exact = phrase.endswith("_") or phrase.endswith(" ")
        words = [w for w in re.split(r"[_\s]+", phrase.upper()) if w]
        if words and code:
            self.entries.setdefault(words[0][:3], []).append((words, exact, code.replace("~", ""), agent))

    def codes(self, name: str) -> list[str]:
        """The codes of a name, one per actor of a coordination ("Arnor, Osgiliath and Gondor"),
        unless a dictionary phrase spans the coordination ("Trinidad and Tobago")."""
        whole = self.code(name)
        parts = [p for p in re.split(r",|\band\b", name, flags=re.IGNORECASE) if p.strip()]
        if len(parts) > 1:
            each = [c for c in map(self.code, parts) if c]
            longest_part = max(self._longest(self._tokens(p)) for p in parts)
            if len(each) > 1 and self._longest(self._tokens(name)) <= longest_part:
                return each
        return [whole] if whole else []

    def _longest(self, tokens: list[str]) -> int:
        """The length of the longest actor phrase in ``tokens``."""
        return self._matches(tokens).get(False, (0, 0, ""))[0]

    def code(self, name: str) -> str | None:
        """The actor code (country or actor + agent suffix) of a name, or None. A name as the
        recogniser gives it lacks its article, which dictionary phrases often hold ("THE_AU")."""
        found = self._code(self._tokens(name))
        return found if found or name.lower().startswith("the ") else self._code(["THE"] + self._tokens(name))

    @staticmethod
    def _tokens(name: str) -> list[str]:
        return [re.sub(r"['’]S$", "", w) for w in re.findall(r"[A-Za-z0-9'’.-]+", name.upper())]

    def _code(self, tokens: list[str]) -> str | None:
        best = self._matches(tokens)
        actor = best.get(False, (0, 0, ""))[2]
        agent = best.get(True, (0, 0, ""))[2]
        if not actor:
            return None
        return actor if len(actor) > 3 else actor + agent

    def _matches(self, tokens: list[str]) -> dict[bool, tuple[int, int, str]]:
        """The longest (then first) actor and agent phrase matches: (length, -position, code)."""
        best: dict[bool, tuple[int, int, str]] = {}
        for i, tok in enumerate(tokens):
            for words, exact, code, agent in self.entries.get(tok[:3], ()):
                if len(words) > len(tokens) - i:
                    continue
                if all(w == t for w, t in zip(words[:-1], tokens[i:])) and (
                        tokens[i + len(words) - 1] == words[-1]
                        or (not exact and tokens[i + len(words) - 1].startswith(words[-1]))):
                    score = (len(words), -i, code)
                    if agent not in best or score[:2] > best[agent][:2]:
                        best[agent] = score
        return best


@dataclass(frozen=True)
class Dictionaries:
    verbs: VerbDictionary | None
    actors: ActorCoder | None


@lru_cache(maxsize=4)
def load(directory: str) -> Dictionaries:
    """The dictionaries in ``directory`` (read once per process)."""
    folder = Path(directory)
    if not folder.is_dir():
        raise ValueError(f"CAMEO dictionaries: {directory} is not a folder")
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".txt")
    verbs = [p for p in files if "verbs" in p.name.lower() or p.name.upper().startswith("CAMEO")]
    actors = [p for p in files if "actors" in p.name.lower()]
    agents = [p for p in files if "agents" in p.name.lower()]
    if not verbs and not actors:
        raise ValueError(f"CAMEO dictionaries: {directory} holds no *verbs*.txt, CAMEO*.txt or *actors*.txt")
    if len(verbs) > 1:
        raise ValueError(f"CAMEO dictionaries: {directory} holds several verb dictionaries: "
                         + ", ".join(p.name for p in verbs))
    return Dictionaries(VerbDictionary(verbs[0]) if verbs else None,
                        ActorCoder(actors, agents) if actors else None)


def configure(directory: str | Path | None) -> None:
    """Use the dictionaries in ``directory`` from now on (None: crosswire's own word lists)."""
    if directory is None:
        os.environ.pop(ENVIRONMENT, None)
        return
    load(str(directory))  # a bad folder fails here, not in the middle of extraction
    os.environ[ENVIRONMENT] = str(directory)


def active() -> Dictionaries | None:
    """The dictionaries in use, or None."""
    directory = os.environ.get(ENVIRONMENT)
    return load(directory) if directory else None
