"""Cross-document step: one entity per real person, organisation or place.

Each document's referents (mentions grouped by their document-local key) are merged
across documents conservatively:

- persons with a full name (two or more name words) are blocked on the skeleton of
  their last name word, matched on skeletons (Mohammed/Muhammad, Rashidi/Rasheedi), and
  confirmed by string similarity of their spelling-normalised forms;
- a name of one word ("Ali", or "Haddad" with no full name in its document) names
  different people in different documents: it stays with its document, unless it fits
  one full name in the corpus and its document shares another entity with that name's;
- a name tagged an organisation or place is a person when more documents say so;
- organisations, places and others merge on their normalised key; an acronym-only
  referent joins the organisation some document introduced it for, when only one was; a
  lone head noun ("the Council") joins its one full name like a lone surname.

Then entity rows are written, mentions get their entity id, and statements their
speaker and addressee ids from ``speaker_key`` / ``addressee_key``.
"""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from rapidfuzz import fuzz

from ..extract import names
from ..extract.entities import is_role_reference
from ..extract.entity_roles import clean_role, split_address
from ..store.sqlite import Store

MIN_NAME_SIMILARITY = 80  # rapidfuzz ratio of the lite forms of two full names
MAX_BLOCK_SHAPES = 200
MAX_NAME_TIES = 50  # distinct name shapes in one block compared pairwise; more: exact only


@dataclass
class Referent:
    """One thing as one document names it: all mentions sharing a document-local key."""

    document: str
    key: str
    types: Counter[str] = field(default_factory=Counter)
    aliases: Counter[str] = field(default_factory=Counter)
    roles: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)
    former_keys: list[str] = field(default_factory=list)  # keys before type reconciliation

    @property
    def type(self) -> str:
        return names.key_type(self.key)

    @property
    def tokens(self) -> list[str]:
        return names.key_tokens(self.key)

    def absorb(self, other: "Referent") -> None:
        self.types.update(other.types)
        self.aliases.update(other.aliases)
        self.roles.extend(other.roles)
        self.spans.extend(other.spans)
        self.former_keys.extend([other.key, *other.former_keys])


def run(store: Store) -> int:
    referents = _with_reconciled_types(_referents(store.mentions()))
    parent = list(range(len(referents)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        parent[find(i)] = find(j)

    for i, j in _person_pairs(referents) + _keyed_pairs(referents):
        union(i, j)
    for i, j in _short_reference_pairs(referents, find):
        union(i, j)
    groups: dict[int, list[Referent]] = defaultdict(list)
    for i, ref in enumerate(referents):
        groups[find(i)].append(ref)

    rows, entity_of = [], {}
    used_ids: set[str] = set()
    for members in sorted(groups.values(), key=lambda g: (g[0].document, g[0].key)):
        row = _entity_row(members, used_ids)
        rows.append(row)
        for ref in members:
            for key in (ref.key, *ref.former_keys):
                entity_of[(ref.document, key)] = row["id"]
    store.replace_rows("entities", rows)
    store.set_mention_entities([(entity_of[(r.document, r.key)], r.document, s, e)
                                for r in referents for s, e in r.spans])
    store.set_statement_parties([
        (entity_of.get((st.document, st.speaker_key)), entity_of.get((st.document, st.addressee_key)), st.id)
        for st in list(store.statements())
    ])
    return len(rows)


def _referents(mentions) -> list[Referent]:
    by_key: dict[tuple[str, str], Referent] = {}
    for m in mentions:
        ref = by_key.get((m.document, m.key))
        if ref is None:
            ref = by_key[(m.document, m.key)] = Referent(m.document, m.key)
        ref.types[m.type] += 1
        ref.spans.append((m.start, m.end))
        if not is_role_reference(m):
            ref.aliases[" ".join(m.text.split())] += 1
        if m.role and _is_description(m.role):
            ref.roles.append(clean_role(" ".join(m.role.split())))
    return list(by_key.values())


def _is_description(role: str) -> bool:
    """"the movement's leader" is; "the Sheikh" (a form of address) is not."""
    ws = names.words(role)
    if ws and ws[0] in ("the", "a", "an"):
        ws = ws[1:]
    return bool(ws) and names.leading_phrase(ws, names.honorifics()) != len(ws)


def _with_reconciled_types(referents: list[Referent]) -> list[Referent]:
    """A name spaCy called an organisation or place here, but a person in more documents, is a person.

    "Al-Rashidi" tagged ORG in one article is a person when more other documents name a
    person by that very form than documents name a thing by it ("Ford" stays a company in
    a corpus about cars). A referent that becomes a person joins the document's person of
    that key.
    """
    person_docs: dict[tuple[str, ...], set[str]] = defaultdict(set)
    thing_docs: dict[tuple[str, tuple[str, ...]], set[str]] = defaultdict(set)
    for ref in referents:
        for alias in ref.aliases:
            tokens = tuple(names.person_tokens(alias))
            if ref.type == "person":
                person_docs[tokens].add(ref.document)
            else:
                thing_docs[(ref.type, tokens)].add(ref.document)
    merged: dict[tuple[str, str], Referent] = {}
    for ref in referents:
        if ref.type != "person":
            tokens = max((tuple(names.person_tokens(a)) for a in ref.aliases), key=len, default=())
            if tokens and len(person_docs[tokens] - {ref.document}) > len(thing_docs[(ref.type, tokens)]):
                ref.former_keys.append(ref.key)
                ref.key = f"person:{' '.join(tokens)}"
        if (ref.document, ref.key) in merged:
            merged[(ref.document, ref.key)].absorb(ref)
        else:
            merged[(ref.document, ref.key)] = ref
    return list(merged.values())


# -- matching ------------------------------------------------------------------------


def _lite_name(tokens: list[str] | tuple[str, ...]) -> str:
    return " ".join(names.lite(t) for t in tokens)


def _person_pairs(referents: list[Referent]) -> list[tuple[int, int]]:
    """Pairs of full-name person referents that name one person, found block by block."""
    blocks: dict[str, dict[tuple[str, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, ref in enumerate(referents):
        if ref.type == "person" and len(ref.tokens) >= 2:
            shape = names.name_skeleton(ref.tokens)
            blocks[shape[-1]][shape].append(i)
    pairs: list[tuple[int, int]] = []
    for shapes in blocks.values():
        heads: dict[tuple[str, ...], list[int]] = {}
        for shape, members in shapes.items():
            heads[shape] = _confirmed_clusters(referents, members)
            for cluster in heads[shape]:
                pairs.extend((cluster[0], other) for other in cluster[1:])
        if len(shapes) > MAX_BLOCK_SHAPES:
            continue
        ordered = sorted(shapes, key=len)
        for a_index, short in enumerate(ordered):
            for long in ordered[a_index + 1:]:
                if short[0] == long[0] and len(short) < len(long) and _is_subsequence(short, long):
                    pairs.extend(_confirm_across(referents, heads[short], heads[long]))
    return pairs


def _confirmed_clusters(referents: list[Referent], members: list[int]) -> list[list[int]]:
    """Split referents of one skeleton into clusters whose spellings really are alike."""
    clusters: list[list[int]] = []
    for i in sorted(members, key=lambda m: -sum(referents[m].aliases.values())):
        lite = _lite_name(referents[i].tokens)
        for cluster in clusters:
            if fuzz.ratio(lite, _lite_name(referents[cluster[0]].tokens)) >= MIN_NAME_SIMILARITY:
                cluster.append(i)
                break
        else:
            clusters.append([i])
    return clusters


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    it = iter(long)
    return all(part in it for part in short)


def _confirm_across(referents: list[Referent], shorts: list[list[int]],
                    longs: list[list[int]]) -> list[tuple[int, int]]:
    """"Abu Bakr Baghdadi" and "Abu Bakr Ibrahim Baghdadi": first and last words alike."""
    pairs = []
    for short in shorts:
        a = referents[short[0]].tokens
        for long in longs:
            b = referents[long[0]].tokens
            if (fuzz.ratio(_lite_name([a[0], a[-1]]), _lite_name([b[0], b[-1]])) >= MIN_NAME_SIMILARITY):
                pairs.append((short[0], long[0]))
    return _single_targets(pairs)


def _single_targets(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A shorter name that fits two different longer names joins neither."""
    targets: dict[int, set[int]] = defaultdict(set)
    for short, long in pairs:
        targets[short].add(long)
    return [(short, long) for short, long in pairs if len(targets[short]) == 1]


def _keyed_pairs(referents: list[Referent]) -> list[tuple[int, int]]:
    """Organisations, places and others with one key; acronyms to the one full form."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for i, ref in enumerate(referents):
        if ref.type != "person":
            by_key[ref.key].append(i)
    pairs = [(members[0], other) for members in by_key.values() for other in members[1:]]
    expansions: dict[str, set[str]] = defaultdict(set)
    for ref in referents:
        if ref.type == "organization":
            for alias in ref.aliases:
                if names.is_acronym(alias) and names.key_tokens(ref.key) != [alias.replace(".", "").lower()]:
                    expansions[f"organization:{alias.replace('.', '').lower()}"].add(ref.key)
    for key, members in by_key.items():
        full = expansions.get(key, set())
        if len(full) == 1:
            pairs.append((members[0], by_key[next(iter(full))][0]))
    return pairs


def _short_word(ref: Referent) -> str | None:
    """The word a short reference is matched on: a lone surname's skeleton, an organisation's word."""
    if ref.type == "person" and len(ref.tokens) == 1:
        return names.skeleton(ref.tokens[0])
    if ref.type == "organization" and len(ref.tokens) == 1 and not any(map(names.is_acronym, ref.aliases)):
        return ref.tokens[0]
    return None


def _full_word(ref: Referent) -> str | None:
    """A full name's surname skeleton, or an organisation's head noun ("council" of the Council of ...)."""
    tokens = ref.tokens
    if ref.type == "person" and len(tokens) >= 2:
        return names.skeleton(tokens[-1])
    if ref.type == "organization" and len(tokens) >= 2 and not any(map(names.is_acronym, ref.aliases)):
        return tokens[tokens.index("of") - 1] if "of" in tokens[1:] else tokens[-1]
    return None


def _short_reference_pairs(referents: list[Referent], find: Callable[[int], int]) -> list[tuple[int, int]]:
    """A lone "Al-Rashidi" or "the Council" in a document that never gives the full name.

    It joins the one full-named entity of its type it fits, and only when the two share
    company: some other fully named entity appears both in its document and in one of
    that entity's documents. Otherwise it stays with its document.
    """
    full: dict[tuple[str, str], set[int]] = defaultdict(set)
    company: dict[str, set[int]] = defaultdict(set)
    docs_of: dict[int, set[str]] = defaultdict(set)
    for i, ref in enumerate(referents):
        docs_of[find(i)].add(ref.document)
        word = _full_word(ref)
        if word:
            full[(ref.type, word)].add(find(i))
        if _short_word(ref) is None:
            company[ref.document].add(find(i))
    pairs = []
    for i, ref in enumerate(referents):
        word = _short_word(ref)
        fits = full.get((ref.type, word), set()) if word else set()
        if len(fits) != 1:
            continue
        root = next(iter(fits))
        theirs = set().union(*(company[d] for d in docs_of[root])) - {root}
        if company[ref.document] & theirs:
            pairs.append((i, root))
    return pairs


# -- entity rows ---------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _display_name(alias: str, type_: str) -> str:
    """The name without titles and honorifics ("Mohammed al-Rashidi"), or without "the"."""
    if type_ == "person":
        address, _ = split_address(alias)
        return alias[len(address):].strip() or alias
    first, _, rest = alias.partition(" ")
    return rest if first.lower() == "the" and rest else alias


def _canonical_name(members: list[Referent], type_: str) -> str:
    """The most complete, then most frequent full form; acronyms only if nothing else."""
    counts: Counter[str] = Counter()
    for ref in members:
        for alias, n in ref.aliases.items():
            counts[_display_name(alias, type_)] += n
    if not counts:
        return " ".join(names.key_tokens(members[0].key)).title()

    def completeness(name: str) -> tuple:
        tokens = names.person_tokens(name) if type_ == "person" else names.org_tokens(name)
        return (not names.is_acronym(name), len(tokens), counts[name], name[:1].isupper())

    scores = {name: completeness(name) for name in counts}
    best = max(scores.values())
    tied = sorted(name for name, score in scores.items() if score == best)[:MAX_NAME_TIES]
    # Among equals, the spelling nearest to all the others (Mohammed between Muhammad and Mohamed).
    return max(tied, key=lambda name: (sum(fuzz.ratio(name, other) * counts[other] for other in counts), name))


def _entity_row(members: list[Referent], used_ids: set[str]) -> dict:
    type_ = members[0].type
    name = _canonical_name(members, type_)
    basis = f"{type_}:{' '.join(names.key_tokens(names.key_for(name, type_) or members[0].key))}"
    if type_ == "person" and all(len(r.tokens) < 2 for r in members):
        basis += "|" + min(r.document for r in members)  # a lone "Ali" belongs to its document
    entity_id = "e" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]
    if entity_id in used_ids:
        basis += "|" + min(f"{r.document}|{r.key}" for r in members)
        entity_id = "e" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:12]
    used_ids.add(entity_id)
    roles: dict[str, str] = {}
    for ref in members:
        for role in ref.roles:
            roles.setdefault(names.fold(role), role)  # one of "movement's" and "movement’s"
    aliases = {alias for ref in members for alias in ref.aliases}
    return {"id": entity_id, "name": name, "type": type_, "aliases": sorted(aliases), "roles": sorted(roles.values())}
