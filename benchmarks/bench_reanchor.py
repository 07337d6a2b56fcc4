"""Re-anchoring accuracy with known ground truth (run by hand; numbers go in the notes).

    .venv/bin/python benchmarks/bench_reanchor.py [--method diff|quote] [--seed 7] [--json]
    .venv/bin/python benchmarks/bench_reanchor.py --timing [--megabytes 5] [--highlights 300]

Over the five sample articles (`articles/`) it makes about 290 highlights (whole sentences,
phrases inside a sentence, runs of two or three sentences, and phrases that occur more than
once in the article), then, for every highlight and each of 17 kinds of edit, an edited text
built from a list of replacements whose effect on every offset is known. The ground truth is
where the highlight's words are in the new text (their mapped span when the edit is inside the
highlight), or "gone" when they were deleted.

`--method quote` re-anchors each highlight from its quote and context alone (`reanchor`, the
path used when the old text is not available); `--method diff` maps all of an article's
highlights through the diff of old and new text (`reanchor_all`). Each result is:

- correct: offsets equal the true span (orphaned when the truth is "gone");
- wrong words: anchored or fuzzy on text that does not overlap the true span (any anchor when
  the truth is "gone");
- partial: overlaps the true span but is not equal to it;
- orphaned: no anchor although the words are still there.

"bad anchored" counts results with status "anchored" whose text is not the stored `exact`.
`--timing` times one small edit in a generated article of the given size.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gpreader.anchoring import Anchor, Quote, quote_at, reanchor
from gpreader.text import canonical, fold

REPO = Path(__file__).resolve().parents[1]
ARTICLES = REPO / "articles"
OUTCOMES = ("correct", "wrong words", "partial", "orphaned")
FILLER = ["reportedly", "also", "now", "formally", "broadly", "still", "indeed", "quietly"]
SWAPS = {",": ";", ";": ",", ".": "!", ":": " -", "?": ".", "’": "'", "‘": "'"}


@dataclass(frozen=True)
class Span:
    """A highlight made on the old text."""

    start: int
    end: int
    shape: str  # sentence, phrase, sentences, repeated


@dataclass(frozen=True)
class Edit:
    """Replacements (old start, old end, new text), sorted and disjoint, and the truth."""

    kind: str
    where: str  # outside, inside, whole, deleted, moved
    replacements: tuple[tuple[int, int, str], ...]
    truth: tuple[int, int] | None = None  # set only when not derivable from replacements
    # Removing a block next to identical characters makes the same text as removing it shifted
    # onto them (see `twin`): then where those words are is as right as the truth.
    alternative: tuple[int, int] | None = None


# ---------------------------------------------------------------- text structure


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank paragraph (runs of text between blank lines)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)]


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: a run ending in . ! ? (or a paragraph end)."""
    found = []
    for ps, pe in paragraphs(text):
        for m in re.finditer(r"\S.*?(?:[.!?][’'”\"]?(?=\s|$)|$)", text[ps:pe], re.S):
            if len(m.group().split()) >= 4:
                found.append((ps + m.start(), ps + m.end()))
    return found


def words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each whitespace-separated word in text[start:end]."""
    return [(start + m.start(), start + m.end()) for m in re.finditer(r"\S+", text[start:end])]


# ---------------------------------------------------------------- highlights


def make_highlights(text: str, rng: random.Random, n: int) -> list[Span]:
    """About n highlights of four shapes, no two identical."""
    sents = sentences(text)
    chosen: dict[tuple[int, int], str] = {}
    for start, end in rng.sample(sents, min(len(sents), n // 4)):
        chosen[(start, end)] = "sentence"
    for start, end in rng.sample(sents, min(len(sents), n // 4)):
        ws = words(text, start, end)
        if len(ws) >= 6:
            a = rng.randrange(0, len(ws) - 4)
            b = min(len(ws) - 1, a + rng.randint(3, 8))
            chosen.setdefault((ws[a][0], ws[b][1]), "phrase")
    paras = {p: [s for s in sents if p[0] <= s[0] < p[1]] for p in paragraphs(text)}
    runs = [ss for ss in paras.values() if len(ss) >= 2]
    for _ in range(n // 6):
        if runs:
            ss = rng.choice(runs)
            a = rng.randrange(0, len(ss) - 1)
            b = min(len(ss) - 1, a + rng.randint(1, 2))
            chosen.setdefault((ss[a][0], ss[b][1]), "sentences")
    for start, end in repeated_phrases(text, rng, n - len(chosen)):
        chosen.setdefault((start, end), "repeated")
    return [Span(s, e, shape) for (s, e), shape in sorted(chosen.items())]


def repeated_phrases(text: str, rng: random.Random, n: int) -> list[tuple[int, int]]:
    """Occurrences of word runs (2 to 12 words) found more than once in the text."""
    ws = words(text, 0, len(text))
    seen: dict[str, list[tuple[int, int]]] = {}
    for size in (2, 3, 4, 6, 12):
        for i in range(len(ws) - size):
            s, e = ws[i][0], ws[i + size - 1][1]
            seen.setdefault(text[s:e], []).append((s, e))
    repeated = [(k, v) for k, v in seen.items() if len(v) > 1 and len(k) >= 8]
    rng.shuffle(repeated)
    return [rng.choice(v) for _, v in repeated[: max(0, n)]]


# ---------------------------------------------------------------- edits


def interior_words(text: str, h: Span) -> list[tuple[int, int]]:
    """Words of the highlight but its first and last."""
    return words(text, h.start, h.end)[1:-1]


def outside_paragraph(text: str, h: Span, rng: random.Random) -> tuple[int, int] | None:
    """A random paragraph that does not touch the highlight."""
    others = [p for p in paragraphs(text) if p[1] < h.start - 1 or p[0] > h.end + 1]
    return rng.choice(others) if others else None


def containing_paragraphs(text: str, h: Span) -> tuple[int, int]:
    """From the start of the paragraph holding h.start to the end of the one holding h.end."""
    ps = [p for p in paragraphs(text) if p[0] < h.end and p[1] > h.start]
    return ps[0][0], ps[-1][1]


def twin(text: str, h: Span, start: int, end: int, whole: bool = False) -> tuple[int, int] | None:
    """Where h is when removing text[start:end] (which holds h) is read as removing the same
    characters shifted: the result is the very same text, so no method can tell them apart.

    Shifted right by k (text[start:start+k] == text[end:end+k]), h survives in place if it
    lies within text[start:start+k]; shifted left by k (text[start-k:start] ==
    text[end-k:end]), h survives moved back by end-start if it lies within text[end-k:end].
    A moved block (`whole`) is the same text only when shifted by its whole length.
    """
    size = end - start
    right = 0
    while right < size and end + right < len(text) and text[start + right] == text[end + right]:
        right += 1
    if h.end <= start + right and (right == size or not whole):
        return h.start, h.end
    left = 0
    while left < size and start - left > 0 and text[start - left - 1] == text[end - left - 1]:
        left += 1
    if h.start >= end - left and (left == size or not whole):
        return h.start - size, h.end - size
    return None


def edits_for(text: str, h: Span, rng: random.Random) -> list[Edit]:
    """One edit of each kind that applies to this highlight."""
    out: list[Edit] = []
    inner = interior_words(text, h)
    ps, pe = containing_paragraphs(text, h)
    new_para = "Update: this paragraph was added after publication, with new figures.\n\n"
    out.append(Edit("para inserted before", "outside", ((ps, ps, new_para),)))
    other = outside_paragraph(text, h, rng)
    if other:
        s, e = other
        e = min(len(text), e + 2) if text[e : e + 2] == "\n\n" else e
        out.append(Edit("para deleted elsewhere", "outside", ((s, e, ""),)))
        ws = [w for w in words(text, *other) if w[1] - w[0] >= 4]
        if ws:
            a, b = rng.choice(ws)
            i = rng.randrange(a + 1, b - 1)
            out.append(Edit("typo fixed elsewhere", "outside", ((i, i + 1, "x"),)))
        gaps = [m.start() for m in re.finditer(" ", text[other[0] : other[1]])]
        if gaps:
            reps = tuple((other[0] + g, other[0] + g + 1, "\n") for g in gaps[5::8])
            if reps:
                out.append(Edit("reflow elsewhere", "outside", reps))
    out.append(Edit("crlf line endings", "whole", ()))
    curly = tuple(
        (i, i + 1, SWAPS[c]) for i, c in enumerate(text) if c in "’‘" and rng.random() < 0.9
    )
    if curly:
        out.append(Edit("quote style changed", "whole", curly))
    copy = text[h.start : h.end]
    out.append(
        Edit("duplicate inserted before", "outside", ((0, 0, f"Also read: {copy} (archive)\n\n"),))
    )
    # moved: the highlight's paragraphs go to the end of the text
    block = text[ps:pe]
    cut_end = min(len(text), pe + 2) if text[pe : pe + 2] == "\n\n" else pe
    moved_text = text[:ps] + text[cut_end:] + "\n\n" + block
    offset = len(text[:ps] + text[cut_end:] + "\n\n") - ps
    out.append(
        Edit(
            "para moved to end",
            "moved",
            ((ps, cut_end, ""), (len(text), len(text), "\n\n" + block)),
            truth=(h.start + offset, h.end + offset),
            alternative=twin(text, h, ps, cut_end, whole=True),
        )
    )
    assert moved_text[h.start + offset : h.end + offset] == copy
    if inner:
        a, _ = rng.choice(inner)
        out.append(Edit("word inserted", "inside", ((a, a, rng.choice(FILLER) + " "),)))
        a, b = rng.choice(inner)
        out.append(Edit("word deleted", "inside", ((a, b + 1, ""),)))
        marks = [i for i in range(h.start + 1, h.end - 1) if text[i] in SWAPS]
        if marks:
            i = rng.choice(marks)
            out.append(Edit("punctuation changed", "inside", ((i, i + 1, SWAPS[text[i]]),)))
        else:
            _, b = rng.choice(inner)
            out.append(Edit("punctuation changed", "inside", ((b, b, ","),)))
        long_words = [w for w in inner if w[1] - w[0] >= 4]
        if long_words:
            a, b = rng.choice(long_words)
            i = rng.randrange(a + 1, b - 1)
            swapped = text[i + 1] + text[i]
            out.append(Edit("typo fixed inside", "inside", ((i, i + 2, swapped),)))
        k = max(1, round(0.3 * (len(inner) + 2)))
        picked = sorted(rng.sample(inner, min(k, len(inner))))
        reps = tuple((a, b, rng.choice(FILLER)) for a, b in picked)
        out.append(Edit("30% rewritten", "inside", reps))
        a, b = rng.choice(inner)
        word = text[a:b]
        changed = word.upper() if word[:1].islower() else word.lower()
        if changed != word:
            out.append(Edit("case changed", "inside", ((a, b, changed),)))
        a, b = rng.choice(inner)
        if text[b : b + 1] == " ":
            out.append(Edit("reflow inside", "inside", ((b, b + 1, "\n"),)))
    # deleted: the sentences around the highlight, or its whole paragraphs
    sents = [s for s in sentences(text) if s[0] < h.end and s[1] > h.start]
    ds = min([h.start, *(s[0] for s in sents)])
    de = max([h.end, *(s[1] for s in sents)])
    de = de + 1 if text[de : de + 1] == " " else de
    out.append(
        Edit("highlight deleted", "deleted", ((ds, de, ""),), alternative=twin(text, h, ds, de))
    )
    out.append(
        Edit(
            "paragraph deleted",
            "deleted",
            ((ps, cut_end, ""),),
            alternative=twin(text, h, ps, cut_end),
        )
    )
    return out


def apply(text: str, edit: Edit) -> str:
    """The edited text (CRLF: the file written with CRLF and read back as gpreader does)."""
    if edit.kind == "crlf line endings":
        return canonical(text.replace("\n", "\r\n"))
    parts, last = [], 0
    for a, b, new in edit.replacements:
        parts += [text[last:a], new]
        last = b
    return "".join([*parts, text[last:]])


def shift(edit: Edit, pos: int, side: str) -> int:
    """Where old position `pos` is in the new text; `side` says which way an insertion at
    exactly `pos` goes ("start": the position follows it, "end": it precedes it)."""
    delta = 0
    for a, b, new in edit.replacements:
        if b < pos or (b == pos and (a < b or side == "start")):
            delta += len(new) - (b - a)
    return pos + delta


def truth(edit: Edit, h: Span) -> tuple[int, int] | None:
    """Where the highlight's words are in the new text; None when they were deleted."""
    if edit.truth is not None:
        return edit.truth
    if edit.where == "deleted":
        return None
    return shift(edit, h.start, "start"), shift(edit, h.end, "end")


# ---------------------------------------------------------------- running


Method = Callable[[str, str, Sequence[tuple[int, int, Quote]]], list[Anchor | None]]


def by_quote(old: str, new: str, spans: Sequence[tuple[int, int, Quote]]) -> list[Anchor | None]:
    """Each highlight from its quote and context alone."""
    return [reanchor(new, s, e, q) for s, e, q in spans]


def by_diff(old: str, new: str, spans: Sequence[tuple[int, int, Quote]]) -> list[Anchor | None]:
    """All highlights mapped through the diff of the old and new text."""
    from gpreader.anchoring import reanchor_all  # absent before the rewrite

    return reanchor_all(old, new, spans)


def classify(
    found: Anchor | None, true: tuple[int, int] | None, alternative: tuple[int, int] | None = None
) -> str:
    """One of OUTCOMES."""
    if found is not None and (found.start, found.end) == alternative:
        return "correct"
    if found is None:
        return "correct" if true is None else "orphaned"
    if true is None:
        return "wrong words"
    if (found.start, found.end) == true:
        return "correct"
    return "partial" if found.start < true[1] and true[0] < found.end else "wrong words"


def run(
    method: Method, seed: int, per_article: int
) -> tuple[dict[str, Counter[str]], int, int, int]:
    """Outcomes per edit kind, highlights, bad anchored, cases with two right truths."""
    rng = random.Random(seed)
    table: dict[str, Counter[str]] = {}
    n_highlights = bad = ambiguous = 0
    for path in sorted(ARTICLES.glob("*.txt")):
        text = canonical(path.read_text(encoding="utf-8"))
        highlights = make_highlights(text, rng, per_article)
        n_highlights += len(highlights)
        for h in highlights:
            quote = quote_at(text, h.start, h.end)
            for edit in edits_for(text, h, rng):
                new = apply(text, edit)
                true = truth(edit, h)
                if true is not None:  # the ground truth is where the same words are
                    assert fold(new[true[0] : true[1]])[:1] == fold(quote.exact)[:1]
                (found,) = method(text, new, [(h.start, h.end, quote)])
                outcome = classify(found, true, edit.alternative)
                table.setdefault(edit.kind, Counter())[outcome] += 1
                table.setdefault(f"  ({h.shape} highlights)", Counter())[outcome] += 1
                table.setdefault(f"  [edits {edit.where}]", Counter())[outcome] += 1
                ambiguous += edit.alternative is not None
                if found and found.status == "anchored":
                    bad += new[found.start : found.end] != quote.exact
    return table, n_highlights, bad, ambiguous


def show(table: dict[str, Counter[str]], n_highlights: int, bad: int, ambiguous: int) -> None:
    """A text table, a row per edit kind, per highlight shape and per place, then the totals."""
    print(f"{n_highlights} highlights; bad anchored (text != exact): {bad}")
    print(f"{ambiguous} cases where two truths are equally right (see `twin`)")
    head = f"{'edit kind':30} {'n':>5} " + " ".join(f"{o:>12}" for o in OUTCOMES)
    print(head)
    print("-" * len(head))
    total: Counter[str] = Counter()
    kinds = [k for k in table if not k.startswith(" ")]
    for kind in [*kinds, *(k for k in table if k.startswith(" "))]:
        row = table[kind]
        if not kind.startswith(" "):
            total.update(row)
        n = sum(row.values())
        cells = " ".join(f"{row[o]:5d} {100 * row[o] / n:5.1f}%" for o in OUTCOMES)
        print(f"{kind:30} {n:5d} {cells}")
    n = sum(total.values())
    print("-" * len(head))
    cells = " ".join(f"{total[o]:5d} {100 * total[o] / n:5.1f}%" for o in OUTCOMES)
    print(f"{'all edits':30} {n:5d} {cells}")


def timing(megabytes: float, n: int, seed: int) -> None:
    """Seconds to re-anchor n highlights in a generated article after one small edit."""
    rng = random.Random(seed)
    base = [canonical(p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.txt"))]
    parts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        part = rng.choice(base)
        parts.append(part)
        size += len(part) + 2
    old = "\n\n".join(parts)
    spans = []
    for _ in range(n):
        s = rng.randrange(0, len(old) - 400)
        e = s + rng.randint(20, 300)
        spans.append((s, e, quote_at(old, s, e)))
    middle = len(old) // 2
    edits = {"one small edit": [(middle, middle + 5, " (an inserted clause)")]}
    cuts = sorted(rng.sample(range(len(old) - 10), 100))
    edits["100 scattered edits"] = [(c, c + 3, "xyz") for c in cuts]
    for label, replacements in edits.items():
        edit = Edit(label, "whole", tuple(replacements))
        new = apply(old, edit)
        for name, method in (("diff", by_diff), ("quote", by_quote)):
            took = []
            for _ in range(3):
                started = time.perf_counter()
                found = method(old, new, spans)
                took.append(time.perf_counter() - started)
            kept = dict(Counter(a.status if a else "orphaned" for a in found))
            kept |= Counter(
                classify(a, truth(edit, Span(s, e, "random")))
                for a, (s, e, _) in zip(found, spans, strict=True)
            )
            print(
                f"{label}, {name}: {len(old):,} chars, {n} highlights, "
                f"best of 3 {min(took):.3f} s, median {statistics.median(took):.3f} s {kept}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--method", choices=("diff", "quote"), default="diff")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-article", type=int, default=58)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--timing", action="store_true")
    parser.add_argument("--megabytes", type=float, default=5.0)
    parser.add_argument("--highlights", type=int, default=300)
    args = parser.parse_args()
    if args.timing:
        timing(args.megabytes, args.highlights, args.seed)
        return
    method = by_diff if args.method == "diff" else by_quote
    table, n_highlights, bad, ambiguous = run(method, args.seed, args.per_article)
    if args.json:
        rows = {k.strip(): dict(v) for k, v in table.items()}
        summary = {"highlights": n_highlights, "bad_anchored": bad, "two_truths": ambiguous}
        print(json.dumps({**summary, "kinds": rows}))
    else:
        show(table, n_highlights, bad, ambiguous)


if __name__ == "__main__":
    main()
