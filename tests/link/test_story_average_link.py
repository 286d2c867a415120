"""Average-link merging refreshes stale heap entries lazily: the same clusters as eager refreshing."""
from __future__ import annotations

import heapq
import random
from collections import defaultdict

from crosswire.link import stories


def _eager(uf: stories._UnionFind, medium: list, reasons: dict) -> None:
    """The plain algorithm: after each merge every pair of the new cluster is pushed afresh."""
    size: dict[str, int] = defaultdict(int)
    for doc in uf.parent:
        size[uf.find(doc)] += 1
    links: dict = defaultdict(lambda: defaultdict(list))
    for e in medium:
        ra, rb = uf.find(e[0]), uf.find(e[1])
        if ra != rb:
            links[ra][rb].append(e)
            links[rb][ra].append(e)
    heap = [(-len(es) / (size[a] * size[b]), a, b) for a in links for b, es in links[a].items() if a < b]
    heapq.heapify(heap)
    while heap:
        share, a, b = heapq.heappop(heap)
        if uf.find(a) != a or uf.find(b) != b or -share != len(links[a].get(b, ())) / (size[a] * size[b]):
            continue
        if -share < stories.LINK_SHARE:
            break
        joined = links[a][b]
        root = uf.union(a, b)
        gone = b if root == a else a
        size[root] += size.pop(gone)
        reasons[root] += reasons.pop(gone, []) + [stories._reason(*e[:3], e[4]) for e in joined[:3]]
        del links[root][gone]
        for other, es in links.pop(gone).items():
            if other == root:
                continue
            del links[other][gone]
            links[root][other] += es
            links[other][root] = links[root][other]
        for other, es in links[root].items():
            heapq.heappush(heap, (-len(es) / (size[root] * size[other]), *sorted((root, other))))


def _clusters(uf: stories._UnionFind) -> list[list[str]]:
    members: dict[str, list[str]] = defaultdict(list)
    for doc in uf.parent:
        members[uf.find(doc)].append(doc)
    return sorted(sorted(m) for m in members.values())


def test_lazy_refresh_merges_as_eager_refresh() -> None:
    merged_somewhere = False
    for seed in range(40):
        rng = random.Random(seed)
        docs = [f"d{k:02d}" for k in range(rng.randint(5, 40))]
        strong = [(rng.choice(docs), rng.choice(docs)) for _ in range(rng.randint(0, 10))]
        medium = [(a, b, "similar-text", False, f"{a}-{b}") for a, b in
                  (sorted(rng.sample(docs, 2)) for _ in range(rng.randint(5, 120)))]
        results = []
        for merge in (stories._average_link, _eager):
            uf = stories._UnionFind(docs)
            for a, b in strong:
                uf.union(a, b)
            reasons: dict = defaultdict(list)
            merge(uf, medium, reasons)
            results.append((_clusters(uf), {uf.find(r): v for r, v in reasons.items()}))
        assert results[0] == results[1], seed
        merged_somewhere |= len(results[0][0]) < len(docs) - len(strong)
    assert merged_somewhere
