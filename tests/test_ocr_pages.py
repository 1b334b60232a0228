"""Scanned community-newspaper pages (issue 22): reading order, headlines and several stories a page.

The pages are built at test time from the seeds (fixtures_formats): a two-column page at 150 DPI and a
three-column page at 300 DPI, each with three stories under their headlines (one headline larger, one
bold at nearly body size) and a photo box with a caption; each as a PNG and as a page-as-image PDF at two
page scales. And the single-column page of the issue (28 px text, 1240 px wide, no headline).
Each page is OCR'd once per session (a page costs seconds on two shared cores).
"""
from __future__ import annotations

import pytest

import fixtures_formats as fx
from ingest.pipeline import build_articles
from ingest.readers import read_path

RECALL = 0.97


def _articles(path):
    (doc,) = list(read_path(path))
    return build_articles(doc)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict:
    """{name: (built, {"png": articles, "pdf72": articles, …})}, each page OCR'd once per form."""
    root = tmp_path_factory.mktemp("ocr-pages")
    out = {}
    for name, built in (("two", fx.render_newspaper_png(root / "two.png", 2, 150)),
                        ("three", fx.render_newspaper_png(root / "three.png", 3, 300)),
                        ("single", fx.render_single_column_png(root / "single.png"))):
        read = {"png": _articles(built.path)}
        resolutions = (72, 300) if name == "two" else (72,)  # 72: the scale that read out of order
        for res in resolutions:
            pdf = fx.page_as_image_pdf(built.path, root / f"{name}{res}.pdf", res)
            read[f"pdf{res}"] = _articles(pdf.path)
        out[name] = (built, read)
    return out


def pair_order(story: fx.Story, articles) -> list[tuple[str, str]]:
    """Consecutive sentence pairs, and consecutive clause pairs, of the story not found in order
    within one article."""
    missing = []
    for pieces in (story.sentences, story.clauses):
        pairs = list(zip(pieces, pieces[1:])) or [(pieces[0], "")]
        missing += [(a[:12], b[:12]) for a, b in pairs
                    if max(fx.char_recall(a + b, art.text) for art in articles) < RECALL]
    return missing


@pytest.mark.parametrize("name, form", [("two", "png"), ("two", "pdf72"), ("two", "pdf300"),
                                        ("three", "png"), ("three", "pdf72")])
def test_newspaper_page_becomes_one_article_per_story_in_order(pages, name, form):
    built, read = pages[name]
    articles = read[form]
    stories = built.extra["stories"]
    assert [fx.compact(a.title) for a in articles] == [fx.compact(s.headline) for s in stories], \
        [a.title for a in articles]
    for story, article in zip(stories, articles):
        assert not pair_order(story, [article]), (story.headline, pair_order(story, [article]))
        recall = fx.char_recall("".join(story.paragraphs), article.text)
        assert recall >= RECALL, (story.headline, recall)
        assert fx.compact(story.headline) not in fx.compact(article.text)  # the title is not body text


@pytest.mark.parametrize("name", ["two", "three", "single"])
def test_page_as_image_pdf_gives_the_articles_of_the_png(pages, name):
    _, read = pages[name]
    png = read["png"]
    for form, articles in read.items():
        assert [a.title for a in articles] == [a.title for a in png], form
        for a, b in zip(articles, png):
            assert fx.char_recall(b.text, a.text) >= 0.99, form


def test_single_column_page_keeps_its_first_line_in_the_text(pages):
    """Issue 22: the first line ran on into the second but became the title and left the text; in the
    scanned PDF the lines read 1, 9, 2, … and the title was "垃圾"."""
    built, read = pages["single"]
    (story,) = built.extra["stories"]
    first_line = built.extra["first_line"]
    for form, articles in read.items():
        assert len(articles) == 1, form
        (article,) = articles
        assert fx.compact(article.title) != fx.compact(first_line), form
        assert fx.compact(first_line) in fx.compact(article.text), form
        assert not pair_order(story, articles), (form, pair_order(story, articles))
        assert fx.char_recall("".join(story.paragraphs), article.text) >= RECALL, form


# --- the same rules on synthetic line boxes (no OCR; instant) -------------------------------------

def _frag(x: float, y: float, text: str, size: float = 10.0, weight: float = 0.0):
    from ingest.formats.layout import Fragment

    return Fragment(x, y, x + size * len(text), y + size, text, size, weight=weight)


def test_a_wide_space_in_one_line_is_not_a_gutter():
    """The issue's single-column page: line 2 has a space as wide as a narrow gutter."""
    from ingest.formats.layout import page_paragraphs

    rows = [_frag(20, 0, "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未"),  # indented first line
            _frag(0, 15, "天地玄黄宇宙洪荒日月"), _frag(112, 15, "盈昃辰宿列张寒来暑往"),
            _frag(0, 30, "秋收冬藏。")]
    (para,) = page_paragraphs(rows)
    assert para.text == "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未天地玄黄宇宙洪荒日月 盈昃辰宿列张寒来暑往秋收冬藏。"


def test_a_row_of_headlines_under_a_two_column_story_starts_new_stories():
    """Story A across two columns; below it, story B in the left column and C (bold headline at body
    size) in the right: A's right column is read before B, and B and C start stories."""
    from ingest.formats.layout import page_paragraphs
    from ingest.formats.stories import story_starts

    frags = [_frag(40, 0, "第一篇报道的大标题", size=16, weight=0.3)]
    left = ["一二三四五六七八九十", "甲乙丙丁戊己庚辛壬癸", "子丑寅卯辰巳午未申酉。"]
    right = ["天地玄黄宇宙洪荒日月", "盈昃辰宿列张寒来暑往", "秋收冬藏闰余成岁律吕。"]
    for i, (a, b) in enumerate(zip(left, right)):
        frags += [_frag(0, 30 + 15 * i, a, weight=0.3), _frag(120, 30 + 15 * i, b, weight=0.3)]
    frags += [_frag(10, 90, "第二篇标题", size=13, weight=0.3), _frag(130, 90, "第三篇标题", weight=0.55)]
    for i in range(3):
        frags += [_frag(0, 110 + 15 * i, "乙" * 9 + ("。" if i == 2 else "乙"), weight=0.3),
                  _frag(120, 110 + 15 * i, "丙" * 9 + ("。" if i == 2 else "丙"), weight=0.3)]
    paras = page_paragraphs(frags)
    texts = [p.text for p in paras]
    assert texts[:3] == ["第一篇报道的大标题", "".join(left) + "".join(right), "第二篇标题"], texts
    assert texts[4] == "第三篇标题", texts
    assert story_starts(paras, 10.0) == [0, 2, 4]
