"""Writing the store out in the export contract's shape."""
from .formats import FORMATS, export, records

__all__ = ["FORMATS", "export", "records"]
