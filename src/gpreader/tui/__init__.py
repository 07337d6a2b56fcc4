"""The terminal workbench (Textual): the only package that imports textual or rich."""
