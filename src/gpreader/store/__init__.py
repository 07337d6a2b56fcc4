"""The store: the only door to the SQL about articles, highlights, tags and notes.

database opens SQLite safely; migrations holds the schema; annotations is AnnotationStore.
"""

from gpreader.store.annotations import AnnotationStore, default_coder, now

__all__ = ["AnnotationStore", "default_coder", "now"]
