"""Reader comments with author and date from markup trafilatura does not read as comments:
schema.org JSON-LD and microdata, Disqus-like and news sites' own comment lists."""

from __future__ import annotations

import json

from gpreader.corpus.importers.comment_markup import from_markup
from gpreader.corpus.importers.html import HtmlImporter
from tests.conftest import shared_path

BODY = "".join(
    f"<p>Paragraph {n} of the article about general practice funding and the new GP "
    "contract, long enough for an extractor to keep it as the main text of the page.</p>"
    for n in range(8)
)


def _page(extra: str, head: str = "") -> bytes:
    return (
        f"<!doctype html><html><head><title>GP contract</title>{head}</head><body>"
        f"<article><h1>GP contract</h1>{BODY}</article>{extra}</body></html>"
    ).encode()


def test_json_ld_comments_with_nested_replies() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "GP contract",
        "comment": [
            {
                "@type": "Comment",
                "text": "First line.\nSecond line.",
                "author": {"@type": "Person", "name": "Dr Ann Smith"},
                "dateCreated": "2024-02-07T10:15:00Z",
                "comment": {"@type": "Comment", "text": "A reply.", "author": "Bob"},
            }
        ],
    }
    script = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    found = from_markup(_page("", script))
    assert [(c.author, c.date, c.lines) for c in found] == [
        ("Dr Ann Smith", "2024-02-07T10:15", ("First line.", "Second line.")),
        ("Bob", None, ("A reply.",)),
    ]


def test_microdata_comments_keep_their_own_properties() -> None:
    markup = """
    <section>
      <div itemscope itemtype="https://schema.org/Comment">
        <span itemprop="author" itemscope itemtype="https://schema.org/Person">
          <span itemprop="name">Carol</span></span>
        <time itemprop="dateCreated" datetime="2024-03-01">1 March</time>
        <div itemprop="text"><p>Well said.</p><p>Agreed.</p></div>
        <div itemscope itemtype="https://schema.org/Comment">
          <span itemprop="author">Dan</span>
          <meta itemprop="datePublished" content="2024-03-02">
          <p itemprop="text">Not so.</p>
        </div>
      </div>
    </section>"""
    found = from_markup(_page(markup))
    assert [(c.author, c.date, c.lines) for c in found] == [
        ("Carol", "2024-03-01", ("Well said.", "Agreed.")),
        ("Dan", "2024-03-02", ("Not so.",)),
    ]


def test_disqus_like_thread() -> None:
    markup = """
    <div id="disqus_thread"><ul id="post-list">
      <li class="post"><div class="post-content">
        <div class="avatar"><img src="a.png"></div>
        <header><span class="author">eve_k</span>
          <a class="time-ago" title="Wednesday, February 7, 2024 9:12 AM">2 days ago</a></header>
        <div class="post-body"><p>The practices near me closed.</p></div>
        <footer><a class="vote-up">12</a><a class="reply">Reply</a></footer>
      </div></li>
    </ul></div>"""
    (comment,) = from_markup(_page(markup))
    assert (comment.author, comment.date, comment.lines) == (
        "eve_k",
        "2024-02-07",
        ("The practices near me closed.",),
    )


def test_a_news_site_comment_list_with_replies_and_says() -> None:
    markup = """
    <ol class="comment-list">
      <li class="c-comment"><div class="c-comment__meta">
          <span class="c-comment__author">Frank on 7 February 2024 at 10:00 said:</span></div>
        <div class="c-comment__body"><p>Funding is the issue.</p></div>
        <ul><li class="c-comment"><span class="username">Gina</span>
          <time datetime="2024-02-08T08:30:00">8 Feb</time><p>It is not.</p>
          <a class="reply-link">Reply</a></li></ul>
      </li>
    </ol>"""
    found = from_markup(_page(markup))
    assert [(c.author, c.date, c.lines) for c in found] == [
        ("Frank", "2024-02-07", ("Funding is the issue.",)),
        ("Gina", "2024-02-08T08:30", ("It is not.",)),
    ]


def test_a_page_without_comments_has_none() -> None:
    assert from_markup(_page('<div class="comments-count">0 comments</div>')) == []
    assert from_markup(b"") == []


def test_forum_widget_comments_become_comment_spans_with_author_and_date() -> None:
    path = shared_path("fixtures", "ingest", "html", "tomshardware.com.rtx.html")
    (document,) = HtmlImporter().convert(path.read_bytes(), path.name).documents
    spans = document.spans or ()
    comments = [s for s in spans if s.kind == "comment"]
    assert len(comments) == 10
    assert (comments[0].author, comments[0].date) == ("nostrocrompt", "2020-09-17")
    first = document.text[comments[0].start : comments[0].end]
    assert "How to buy: be a bot" in first and "Reply" not in first
    body_end = min(s.start for s in spans if s.section == "furniture")
    assert "be a bot" not in document.text[:body_end]
