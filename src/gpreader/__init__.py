"""gpreader: close reading and qualitative coding of a corpus of articles, in the terminal."""

__version__ = "0.1.0"
