"""What the web app says (issue 23), without a browser: example questions the collection answers, a
partial answer told apart from a full one and from a refusal, one source card per stretch of an
article, a case card that quotes each sentence once, undated reports in date filters, an admin's
corrections of a report's title, newspaper and date (kept on re-ingest), and messages that say what
happened (a file already in the library, a case added to the comparison).

Real seeds store and real components throughout.
"""
from __future__ import annotations

import json
import shutil

import pytest

import app as gongzhi_app
from assistant.export import gbt7714
from assistant.ui.text import EXAMPLES
from conftest import seed
from vectorstore.settings import get_settings

QUESTION = "海园居民区的社区共治金是怎么筹集的?"
SOCIAL_WORK = "1000户以下的中小型新型居住社区怎样设立社工站?"
SPREAD = "老西门街道为什么要在老旧公房小区建立自治家园?"  # cites four sentences of one article


@pytest.fixture(scope="module")
def ui(assistant):
    app = gongzhi_app.GongzhiApp(assistant=assistant)
    yield app
    app.close()


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    """An app on its own store holding one seed file (one article), for changes (corrections, uploads)."""
    folder = tmp_path_factory.mktemp("own-seed")
    source = folder / seed("003").name
    shutil.copyfile(seed("003"), source)
    app = gongzhi_app.GongzhiApp(get_settings(store=tmp_path_factory.mktemp("own-store")))
    app.upload([str(source)], "zh", admin=True)
    yield app, app.uploads / source.name, source
    app.close()


def test_every_example_shown_is_answered(ui, assistant):
    for lang in ("zh", "en"):
        shown = ui.examples(lang)
        assert shown, f"no example questions in {lang}"
        for question in shown:
            answer = assistant.ask(question)
            assert answer.grounded and not getattr(answer, "partial", False), question
    # The curated candidates the seeds do not answer are never offered.
    refused = [q for q, _ in EXAMPLES["zh"] if not assistant.ask(q).grounded]
    assert not set(refused) & set(ui.examples("zh"))
    saved = json.loads((ui.store.root / gongzhi_app.EXAMPLES_FILE).read_text(encoding="utf-8"))
    assert saved["generation"] == ui.store.generation and all(saved["verdicts"][q] for q in ui.examples("zh"))


def test_an_empty_library_offers_no_examples(tmp_path):
    app = gongzhi_app.GongzhiApp(get_settings(store=tmp_path / "empty"))
    try:
        assert app.examples("zh") == [] and app.examples("en") == []
    finally:
        app.close()


def test_partial_full_and_no_answer_look_different_in_both_languages(ui, assistant):
    full = assistant.ask(QUESTION)
    partial = assistant.ask("高华小区改造花了多少钱？")  # the 高华 report gives no amount (docs/grounding.md)
    assert partial.partial and not partial.grounded and partial.citations
    refused = assistant.ask("深圳南山区的智慧停车改造花了多少钱?")
    assert not refused.grounded
    for lang, badge in (("zh", "只找到部分答案"), ("en", "Only part of an answer")):
        html_full = ui.render_answer(full, 0, lang)
        html_partial = ui.render_answer(partial, 0, lang)
        html_refused = ui.render_answer(refused, 0, lang)
        assert 'data-kind="full"' in html_full and "gz-partial" not in html_full and "gz-noanswer" not in html_full
        assert 'data-kind="partial"' in html_partial and badge in html_partial and "gz-noanswer" not in html_partial
        assert html_partial.count('class="gz-cite"') > 0 and html_full.count('class="gz-cite"') > 0  # still cited
        assert 'data-kind="none"' in html_refused and badge not in html_refused
        sources = ui.render_sources(gongzhi_app.Turn(question=QUESTION, resolved=QUESTION, answer=partial), 0, lang)
        assert ui.t(lang, "partial_sources") in sources


def test_sources_join_passages_of_one_article(ui, assistant):
    answer = assistant.ask(SPREAD)
    assert len(answer.citations) >= 3 and len({c.article_id for c in answer.citations}) == 1
    groups = ui.citation_groups(answer)
    assert len(groups) < len(answer.citations)  # some passages joined
    assert sorted(c.n for g in groups for c, _ in g["citations"]) == [c.n for c in answer.citations]
    for g in groups:  # every cited sentence is marked where it is in the joined text
        for c, (s, e) in g["citations"]:
            assert g["text"][s:e] == c.passage[c.span[0]:c.span[1]]
    html = ui.render_sources(gongzhi_app.Turn(question=SPREAD, resolved=SPREAD, answer=answer), 0, "zh")
    assert html.count('class="gz-card') - html.count('class="gz-card-title') == len(groups)
    assert html.count('<mark class="gz-hl"') == len(answer.citations)
    for c in answer.citations:  # each [n] finds its card (the page's script looks for data-keys~="cn")
        assert len([k for k in html.split('data-keys="')[1:] if f"c{c.n}" in k.split('"')[0].split()]) == 1
    joined = next(g for g in groups if len(g["citations"]) > 1)
    key = f"c{joined['citations'][1][0].n}"
    active = ui.render_sources(gongzhi_app.Turn(question=SPREAD, resolved=SPREAD, answer=answer), 0, "zh", key)
    assert active.count("gz-card active") == 1


def test_a_case_card_quotes_each_sentence_once(ui, seeds_store):
    repeated = 0
    for card in seeds_store.cards():
        html = ui.render_case_card(card.article_id, "zh")
        passages = [p.split("</div>")[0] for p in html.split('<div class="gz-passage"')[1:]]
        assert len(passages) == len(set(passages)), card.title
        sentences = {(f.chunk_id, tuple(f.span)) for fs in card.fields.values() for f in fs}
        assert len(passages) == len(sentences)
        repeated += html.count('class="gz-same"')
    assert repeated > 0  # the seeds do read several fields from one sentence


def test_date_filters_say_how_many_reports_have_no_date_and_include_them_on_request(ui, seeds_store):
    undated = seeds_store.undated_count()
    assert undated > 0
    assert f"{undated} 篇报道没有日期" in ui.undated_note("zh")
    dated_only = ui.ask(QUESTION, date_from="2015-01-01", date_to="2025-12-31")
    with_undated = ui.ask(QUESTION, date_from="2015-01-01", date_to="2025-12-31", include_undated=True)
    dated_ids = {r[0] for r in seeds_store.db.execute(
        "SELECT id FROM articles WHERE published BETWEEN '2015' AND '2026'")}
    assert {p["article_id"] for p in dated_only["retrieved"]} <= dated_ids
    assert with_undated["grounded"] and any(p["article_id"] not in dated_ids for p in with_undated["retrieved"])


def test_an_admins_correction_is_used_and_kept_on_re_ingest(own):
    app, staged, source = own
    article = next(iter(app.store.articles()))
    app.correction_fields(article.id)
    status = app.correct(article.id, "更正后的标题", "新民晚报", "2019年11月22日", "zh", admin=True)
    assert "更正后的标题" in status and "2019-11-22" in status
    fixed = app.store.article(article.id)
    assert (fixed.title, fixed.publication, fixed.published) == ("更正后的标题", "新民晚报", "2019-11-22")
    assert "更正后的标题[N]. 新民晚报, 2019-11-22." in gbt7714(fixed)
    assert app.store.card(article.id).published == "2019-11-22"
    assert app.correction_fields(article.id)[:3] == ("更正后的标题", "新民晚报", "2019-11-22")
    # The date filter (Chroma and keyword side) sees the corrected date.
    found = app.ask(SOCIAL_WORK, date_from="2019-11-01", date_to="2019-11-30")
    assert found["grounded"] and {c["article_id"] for c in found["citations"]} == {article.id}
    assert not app.ask(SOCIAL_WORK, date_from="2020-01-01")["grounded"]
    with pytest.raises(Exception, match="去年"):
        app.correct(article.id, None, None, "去年", "zh", admin=True)

    # The file changes and is ingested again: the corrections are kept.
    staged.write_text(staged.read_text(encoding="utf-8") + "\n\n（本文有修订。）\n", encoding="utf-8")
    app.reindex("zh", admin=True)
    again = next(iter(app.store.articles()))
    assert again.file_hash != article.file_hash  # ingested again
    assert (again.title, again.publication, again.published) == ("更正后的标题", "新民晚报", "2019-11-22")
    assert app.store.card(again.id).title == "更正后的标题"
    ref = app.write_references([again], "refs")
    assert "更正后的标题" in open(ref["gbt7714"], encoding="utf-8").read()


def test_re_uploading_a_file_says_it_is_already_there(own):
    app, _, source = own
    app.upload([str(source)], "zh", admin=True)  # (the file in the library may have been changed before)
    title = next(iter(app.store.articles())).title
    status = app.upload([str(source)], "zh", admin=True)
    assert "已在资料库中" in status and title in status and source.name in status
    status = app.upload([str(source)], "en", admin=True)
    assert "Already in the collection" in status and title in status


def test_adding_to_the_comparison_confirms(ui, seeds_store):
    ids = [c.article_id for c in seeds_store.cards()]
    titles = {c.article_id: c.title for c in seeds_store.cards()}
    update, status = ui.add_to_compare_ui(ids[1], [ids[0]], ids, "zh")
    assert update["value"] == [ids[0], ids[1]] and status == f"已加入对比：{titles[ids[1]]}（已选 2/4）"
    _, status = ui.add_to_compare_ui(ids[1], [ids[0], ids[1]], ids, "en")
    assert "already in the comparison" in status
    update, status = ui.add_to_compare_ui(ids[4], ids[:4], ids, "zh")
    assert ids[0] not in update["value"] and titles[ids[0]] in status and "最多 4 个" in status
