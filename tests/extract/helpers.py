"""Shared by the statement tests: extraction with offsets checked, and the speaker's text."""
from __future__ import annotations

from crosswire.extract.pipeline import extract
from crosswire.model import Document, Statement


def statements(text: str) -> list[Statement]:
    """The statements of ``text`` (published 2024-05-09), each checked against its offsets."""
    found = extract(Document(id="d", source="test", text=text, published="2024-05-09")).statements
    for st in found:
        assert text[st.start:st.end] == st.text
    return found


def speaker_text(text: str, st: Statement) -> str:
    assert st.speaker_span is not None
    return text[st.speaker_span[0]:st.speaker_span[1]]
