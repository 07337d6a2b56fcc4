"""The screens that keys open from the workbench, made and composed while it is idle after its
first frame (see kept): the first press of `m`, `t`, `E`, `T`, `a`, `A` or `?` finds its screen
ready, and the first article opened a reading column made.
Once they are composed, what they hold is moved out of the cycle collector's sight too (see
memory)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from gpreader.tui import memory
from gpreader.tui.screens.kept import kept, prebuild

if TYPE_CHECKING:
    from gpreader.tui.app import GPReaderApp


def prepare(app: GPReaderApp) -> None:
    """Install the workbench's kept screens (as they will be reset when shown) and compose
    them in the background, one per idle moment."""
    from gpreader.tui.screens.analysis import ANALYSIS, AnalysisScreen
    from gpreader.tui.screens.export import EXPORT, ExportScreen
    from gpreader.tui.screens.help import help_screen
    from gpreader.tui.screens.note import NOTE, NoteDialog
    from gpreader.tui.screens.tag_picker import PICKER, TagPicker
    from gpreader.tui.screens.tag_view import TAG_VIEW, TagViewScreen
    from gpreader.tui.widgets.attributes import ATTRIBUTES, AttributesPanel

    warm_imports()
    main = app.main
    store = main.store
    kept(app, NOTE, NoteDialog, lambda: NoteDialog("", quote="", save=lambda text: None))
    kept(app, EXPORT, ExportScreen, lambda: ExportScreen(store.path, main.root, main.coder_view))
    kept(app, TAG_VIEW, TagViewScreen, lambda: TagViewScreen(store, None, main.coder_view))
    kept(app, ATTRIBUTES, AttributesPanel, lambda: AttributesPanel(store, ""))
    kept(app, PICKER, TagPicker, lambda: TagPicker([], target=""))
    kept(app, ANALYSIS, AnalysisScreen, lambda: AnalysisScreen(store, main.coder_view))
    main_help = help_screen(app, app.help_for(main))
    names = [name for name, screen in app._installed_screens.items() if screen is main_help]

    def then() -> None:
        if main.is_attached:
            main.add_spare_column()  # (the first article opened finds its column made)
        memory.settle()

    prebuild(app, [NOTE, PICKER, EXPORT, TAG_VIEW, ATTRIBUTES, *names, ANALYSIS], then=then)


# What the first frame does without (tests/unit/test_start_imports.py keeps it so) but the first
# search, new highlight, note or tag picker needs: imported once idle, so that no key pays.
WARM_IMPORTS = (
    "rapidfuzz.fuzz",  # the tag picker's and the palette's ranking
    "rapidfuzz.process",
    "rapidfuzz.utils",
    "gpreader.anchoring",  # a new highlight's quote
    "gpreader.search.engine",  # the first search
    "gpreader.tui.screens.note",
    "gpreader.tui.screens.tag_picker",
)


def warm_imports() -> None:
    """Import WARM_IMPORTS (a few tens of ms, once the first frame is out)."""
    for name in WARM_IMPORTS:
        importlib.import_module(name)
