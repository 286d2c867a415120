"""Word forms for edit-tolerant reuse: light suffix stripping, in numpy.

An edited copy changes inflections ("uses" / "used") more often than it changes content
words, and each such edit breaks every shingle that spans it. Reuse detection can therefore
hash a word without its inflectional suffix (``stem_ends``: where the hashed part of each
word ends), so a reworded sentence keeps more shingles of the original. The rules are
deliberately few (a Porter stemmer per word in Python would cost more than the whole
tokeniser); they only need to map the forms of one word to one key, not to a real stem.
"""
from __future__ import annotations

import numpy as np

# Suffixes in the order tried (first match wins), and the least word length for each, so
# "uses", "used", "using" and "use" all keep "us"; "ss" is kept ("class" / "classes").
_SUFFIXES = (("ing", 5), ("ies", 5), ("ied", 5), ("es", 4), ("ed", 4), ("s", 3), ("e", 3), ("y", 3))


def stem_ends(folded: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """End offset of each word's hashed part: the word without one inflectional suffix.

    ``folded`` holds the text's case-folded code points; ``starts``/``ends`` its words.
    """
    lengths = ends - starts
    stripped = np.zeros(ends.size, dtype=np.int64)
    undecided = np.ones(ends.size, dtype=bool)
    for suffix, least in _SUFFIXES:
        k = len(suffix)
        match = undecided & (lengths >= least)
        for back, char in enumerate(reversed(suffix), start=1):
            match &= folded[np.maximum(ends - back, 0)] == ord(char)
        if suffix == "s":
            match &= folded[np.maximum(ends - 2, 0)] != ord("s")
        stripped[match] = k
        undecided &= ~match
    return ends - stripped
