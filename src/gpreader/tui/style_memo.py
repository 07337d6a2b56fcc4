"""Component styles worked out once per place in the tree, for the widgets that ask.

A widget's component classes are its parts drawn in their own style (the reader's cursor, the
library's header). Each time Textual restyles a widget (each focus change, each class added or
removed) it matches the stylesheet against every part again, one throwaway node per part, each
a pass over every rule: the reader has 13 parts, and the reader and the library table gaining
and losing the focus on `o` (open an article from the library) spent about 5 ms there
(benchmarks/bench_ui.py).

The rules a part matches depend only on the stylesheet and on the path from the app to the
widget: each node's type, id, classes and pseudo classes, which is all a selector can test. A
widget class with `MEMO_COMPONENT_STYLES = True` keeps its parts' styles for each path it was
styled in (a few: focused or not, a class on or off) and takes them back when the path comes
again, for as long as the stylesheet's rules are the same list (Textual makes a new one whenever
CSS is parsed again: a theme, a variable, a new widget's default CSS). What the parts are drawn
with is still worked out from the widget and its ancestors as they are then (their inline
styles, backgrounds): kept is which rules matched, no more. Only widgets restyled often ask:
the key costs a walk up the tree, more than it saves for a widget styled once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.css.styles import RenderStyles
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode

LIMIT = 16  # paths a widget keeps; all are let go past this

_textual_process = Stylesheet._process_component_classes
Memo = tuple[list[Any], dict[tuple[object, ...], dict[str, RenderStyles]]]
_used: tuple[list[Any] | None, tuple[str, ...]] = (None, ())  # pseudo classes rules test


def tested_pseudo_classes(rules: list[Any]) -> tuple[str, ...]:
    """The pseudo classes any of `rules` tests (those a node's styles can depend on)."""
    global _used
    if _used[0] is not rules:
        names: set[str] = set()
        for rule in rules:
            names.update(rule.pseudo_classes)
        _used = (rules, tuple(sorted(names)))
    return _used[1]


def path_key(node: DOMNode, pseudo: tuple[str, ...]) -> tuple[object, ...]:
    """What a selector can tell of `node` and its ancestors up to the app: type, id, classes,
    and which of the `pseudo` classes each has."""
    return tuple(
        (type(n), n.id, frozenset(n.classes), _has(n, pseudo)) for n in node.ancestors_with_self
    )


def _has(node: DOMNode, pseudo: tuple[str, ...]) -> tuple[bool, ...]:
    checks: dict[str, Callable[[Any], bool]] = node._PSEUDO_CLASSES  # per node class
    return tuple(bool(check(node)) for name in pseudo if (check := checks.get(name)))


def _process_component_classes(self: Stylesheet, node: DOMNode) -> None:
    """Textual's, but a widget that asks and was styled in this path before gets the styles
    found then."""
    if not getattr(node, "MEMO_COMPONENT_STYLES", False):
        _textual_process(self, node)
        return
    rules = self.rules
    memo: Memo | None = node.__dict__.get("_component_memo")
    if memo is None or memo[0] is not rules or len(memo[1]) >= LIMIT:
        memo = node.__dict__["_component_memo"] = (rules, {})
    key = path_key(node, tested_pseudo_classes(rules))
    found = memo[1].get(key)
    if found is None:
        _textual_process(self, node)
        memo[1][key] = dict(node._component_styles)
    elif found != node._component_styles:
        node._component_styles.clear()
        node._component_styles.update(found)
        node.refresh()


_process_component_classes._memo = True  # type: ignore[attr-defined]


def memoize_component_styles() -> None:
    """Install the memo in Textual's stylesheet (once)."""
    if not getattr(Stylesheet._process_component_classes, "_memo", False):
        Stylesheet._process_component_classes = _process_component_classes  # type: ignore[method-assign]
