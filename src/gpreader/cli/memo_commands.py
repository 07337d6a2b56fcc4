"""`gpreader memo`: the project memo, an article's memo, a tag's memo."""

from __future__ import annotations

import click

from gpreader.cli.output import say, say_json
from gpreader.cli.root import cli
from gpreader.cli.session import common_options, current_session
from gpreader.store.memos import MEMO_KINDS, Memo


@cli.command("memo")
@click.argument("kind", type=click.Choice(MEMO_KINDS))
@click.argument("target", required=False)
@click.option("--set", "text", metavar="TEXT", help="Write the memo (an empty TEXT removes it).")
@click.option("--edit", is_flag=True, help="Edit the memo in $VISUAL or $EDITOR (as git does).")
@click.option("--json", "as_json", is_flag=True, help="Print the memo as a JSON object.")
@common_options
def memo_cmd(kind: str, target: str | None, text: str | None, edit: bool, as_json: bool) -> None:
    """Print or write a memo: `memo project`, `memo article ARTICLE`, `memo tag PATH`.

    With neither --set nor --edit, prints the memo. Memos are exported with the Markdown
    report and in JSON Lines.
    """
    if text is not None and edit:
        raise click.UsageError("give --set or --edit, not both")
    if (kind == "project") != (target is None):
        raise click.UsageError(
            "the project memo takes no target" if kind == "project" else f"name the {kind}"
        )
    session = current_session()
    store = session.refreshed() if kind == "article" else session.store
    where = ""
    if kind == "article":
        where = store.resolve_article(target or "", session.root)
    elif kind == "tag":
        where = target or ""
    current = store.memo(kind, where)
    if edit:
        edited = click.edit(current.text if current else "", extension=".md", require_save=True)
        if edited is None:
            say("memo unchanged (the editor closed without saving)", err=True)
            return
        text = edited.rstrip("\n")
    if text is not None:
        saved = store.set_memo(kind, where, text)
        say(f"saved the {kind} memo" if saved else f"removed the {kind} memo", err=True)
        return
    if as_json:
        say_json(_as_dict(current, kind, where))
    elif current is None:
        say(f"no {kind} memo yet", err=True)
    else:
        say(current.text)


def _as_dict(memo: Memo | None, kind: str, target: str) -> dict[str, str | None]:
    if memo is None:
        return {"kind": kind, "target": target, "text": None, "updated": None, "coder": None}
    return {
        "kind": memo.kind,
        "target": memo.target,
        "text": memo.text,
        "updated": memo.updated,
        "coder": memo.coder,
    }
