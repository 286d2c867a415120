"""The web app and JSON API over a store: ``crosswire serve``, or ``create_app(db)`` for any ASGI server."""
from .app import create_app

__all__ = ["create_app"]
