"""The store: the only door to the SQL about articles, highlights, tags and notes.

database opens SQLite safely; migrations holds the schema; base, articles, highlights (the one
highlight query), edits and tags are the parts that annotations composes into AnnotationStore.
"""

from gpreader.store.annotations import AnnotationStore
from gpreader.store.base import default_coder, now
from gpreader.store.highlights import HighlightFilter

__all__ = ["AnnotationStore", "HighlightFilter", "default_coder", "now"]
