"""crosswire: cross-reference news coverage: who said what, who copied whom, where outlets disagree."""
from .api import Crosswire, open
from .model import Document, Entity, Mention, Statement

__version__ = "0.1.0"
__all__ = ["Crosswire", "Document", "Entity", "Mention", "Statement", "open"]
