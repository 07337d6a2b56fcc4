"""Generate a deterministic synthetic corpus shaped like the sample articles.

Each file has the site furniture line, the title printed twice, paragraphs of sentences
with curly quotes, apostrophes and dashes, then `READERS' COMMENTS [N]` and comments under
"Name D Month, YYYY H:MM am" headers. Words come from wordfreq's English list (Zipf-like
ranks, 1/rank weights) mixed with the sample articles' own words, padded with generated
pseudo-words so that 10,000 articles hold well over 100,000 distinct words.

    python benchmarks/generate_corpus.py OUT --articles 10000 [--seed 7]
    python benchmarks/generate_corpus.py OUT --articles 100000 --copy-from CORPUS_10K
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "articles"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
FIRST = (
    "David",
    "Christine",
    "Sarah",
    "Mohammed",
    "Priya",
    "James",
    "Emma",
    "Tom",
    "Aisha",
    "Peter",
    "Grace",
    "Liam",
    "Fatima",
    "Oliver",
    "Hannah",
    "Raj",
    "Sophie",
    "Kwame",
)
LAST = (
    "Church",
    "Harvey",
    "Haddock",
    "Patel",
    "Smith",
    "Okafor",
    "Jones",
    "Khan",
    "Brown",
    "Wilson",
    "Taylor",
    "Nguyen",
    "O’Brien",
    "Müller",
    "García",
    "Evans",
)
HANDLES = (
    "Just My Opinion",
    "So the bird flew away",
    "Anonymous",
    "Concerned GP",
    "Northern Partner",
    "Salaried and tired",
    "Not on my watch",
)
SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ren",
    "tas",
    "vo",
    "dre",
    "pul",
    "sin",
    "gor",
    "bel",
    "nu",
    "tra",
    "mex",
    "zu",
    "quor",
    "fen",
    "lis",
    "dor",
    "pha",
    "wyn",
    "cel",
    "brio",
    "sta",
)
MIN_WORDS = 40_000  # wordfreq words kept (more are taken when available)
PSEUDO = 60_000  # generated words appended to the vocabulary tail


def vocabulary(rng: random.Random) -> tuple[list[str], list[float], list[str]]:
    """(Zipf words, cumulative weights, topic words from the samples)."""
    try:
        from wordfreq import top_n_list
    except ImportError:
        sys.exit("wordfreq is missing: pip install -e '.[bench]'")
    words = [w for w in top_n_list("en", 400_000) if re.fullmatch(r"[a-zà-öø-ÿ]+", w)]
    if len(words) < MIN_WORDS:
        sys.exit(f"wordfreq gave only {len(words)} words")
    seen = set(words)
    pseudo = []
    for n in itertools.count():
        if len(pseudo) >= PSEUDO:
            break
        word = "".join(rng.choice(SYLLABLES) for _ in range(2 + n % 3))
        if word not in seen:
            seen.add(word)
            pseudo.append(word)
    words += pseudo
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(words))))
    topic = sorted(
        {w for p in SAMPLES.glob("*.txt") for w in re.findall(r"[A-Za-z]{3,}", p.read_text())}
    )
    return words, cumulative, topic


class Writer:
    """Builds articles from a seeded random generator."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.words, self.cumulative, self.topic = vocabulary(self.rng)

    def _words(self, n: int) -> list[str]:
        rng = self.rng
        zipf = rng.choices(self.words, cum_weights=self.cumulative, k=n)
        return [rng.choice(self.topic) if rng.random() < 0.3 else w for w in zipf]

    def sentence(self) -> str:
        rng = self.rng
        words = self._words(rng.randint(6, 28))
        for i in range(1, len(words) - 1):
            roll = rng.random()
            if roll < 0.05:
                words[i] += ","
            elif roll < 0.07:
                words[i] = rng.choice(("it’s", "GP’s", "don’t", "we’re", "NHS", "–"))
        if rng.random() < 0.15 and len(words) > 6:
            a = rng.randrange(1, len(words) - 4)
            words[a] = "‘" + words[a]
            words[a + 3] += "’"
        text = " ".join(words)
        text = text[0].upper() + text[1:] + rng.choice(".....?!")
        return f"‘{text}’" if rng.random() < 0.08 else text

    def paragraph(self, most: int = 4) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(1, most)))

    def title(self) -> str:
        text = " ".join(self._words(self.rng.randint(6, 14)))
        return text[0].upper() + text[1:]

    def header(self, year: int) -> str:
        rng = self.rng
        name = (
            rng.choice(HANDLES) if rng.random() < 0.2 else f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        )
        hour, minute = rng.randint(1, 12), rng.randint(0, 59)
        month = rng.choice(MONTHS)
        day, noon = rng.randint(1, 28), rng.choice(("am", "pm"))
        return f"{name} {day} {month}, {year} {hour}:{minute:02d} {noon}"

    def article(self) -> str:
        rng = self.rng
        title = self.title()
        furniture = "This site is intended for health professionals only"
        parts = [furniture, "", "", title, "", title, ""]
        parts += [self.paragraph() + "\n" for _ in range(rng.randint(8, 24))]
        comments = rng.choice((0, 0, 1, 2, 3, 5, 8, 12))
        if comments:
            year = rng.randint(2019, 2025)
            parts += [
                f"READERS' COMMENTS [{comments}]",
                "",
                "Please note, only GPs are permitted to add comments to articles",
                "",
            ]
            for _ in range(comments):
                parts += [self.header(year), ""]
                parts += [self.paragraph(3) for _ in range(rng.randint(1, 3))]
                parts.append("")
        return "\n".join(parts)

    def long_article(self, chars: int) -> str:
        """One article of at least `chars` characters: the usual shape, with as many body
        paragraphs as it takes (for timing the reader on a very large article)."""
        rng = self.rng
        title = self.title()
        furniture = "This site is intended for health professionals only"
        parts = [furniture, "", "", title, "", title, ""]
        size = sum(len(p) + 1 for p in parts)
        while size < chars:
            paragraph = self.paragraph() + "\n"
            parts.append(paragraph)
            size += len(paragraph) + 1
        year = rng.randint(2019, 2025)
        parts += ["READERS' COMMENTS [3]", ""]
        for _ in range(3):
            parts += [self.header(year), "", self.paragraph(3), ""]
        return "\n".join(parts)


def generate(out: Path, articles: int, seed: int = 7, quiet: bool = False) -> Path:
    """Write `articles` files under `out` (reused when already generated with the same seed)."""
    manifest = out / ".manifest.json"
    wanted = {"articles": articles, "seed": seed, "version": 1}
    if manifest.exists() and json.loads(manifest.read_text()) == wanted:
        return out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*/*.txt"):
        old.unlink()
    writer = Writer(seed)
    started = time.perf_counter()
    for i in range(articles):
        folder = out / f"{i // 1000:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"{i:06d}.txt").write_text(writer.article(), encoding="utf-8")
        if not quiet and (i + 1) % 1000 == 0:
            print(f"\rgenerated {i + 1}/{articles}", end="", file=sys.stderr, flush=True)
    if not quiet:
        print(
            f"\rgenerated {articles} articles in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    manifest.write_text(json.dumps(wanted))
    return out


def replicate(source: Path, out: Path, articles: int) -> Path:
    """`articles` files made from a generated corpus's files in turn, each copy's title
    numbered (a 100,000-article corpus in seconds rather than minutes: its
    vocabulary is the source's, which matters for search timings, not for import or start)."""
    files = sorted(source.glob("*/*.txt"))
    if not files:
        sys.exit(f"{source}: no generated articles (*/NNNNNN.txt) to copy")
    for i in range(articles):
        lines = files[i % len(files)].read_text(encoding="utf-8").split("\n")
        for at in (3, 5):  # the title, printed twice (see Writer.article)
            lines[at] = f"{lines[at]} {i}"
        copy = "\n".join(lines)
        folder = out / f"{i // 1000:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:06d}.txt").write_text(copy, encoding="utf-8")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--copy-from", type=Path, help="make the articles from this generated corpus's files"
    )
    args = parser.parse_args()
    if args.copy_from:
        replicate(args.copy_from, args.out, args.articles)
    else:
        generate(args.out, args.articles, args.seed)


if __name__ == "__main__":
    main()
