"""Hostile input, generated on demand: nothing of it is stored in the repository."""
