"""The web app without a browser: Gradio's API through gradio_client, the handlers, uploads, settings.

The app runs for real, in-process, on a free loopback port, over the session's seeds store.
"""
from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import gradio as gr
import pytest

from conftest import free_port, SCRIPT_ARTICLE
from gradio_client import Client

import app as gongzhi_app
from assistant.feedback import FeedbackStore
from assistant.ui import library_tab
from vectorstore.settings import get_settings

REPO = Path(__file__).resolve().parent.parent
QUESTION = "海园居民区的社区共治金是怎么筹集的?"
UNANSWERABLE = "深圳南山区的智慧停车改造花了多少钱?"






@pytest.fixture(scope="module")
def client(served):
    return Client(served[1], verbose=False)


def run(generator) -> list:  # noqa: ANN001
    return list(generator)


# --- the API ---------------------------------------------------------------------------------------


def test_api_returns_what_the_cli_prints(client, seeds_store):
    """gradio_client, the CLI (`python -m assistant ask --json`) and the UI share one answer function."""
    via_api = client.predict(QUESTION, api_name="/ask")
    cli = subprocess.run([sys.executable, "-m", "assistant", "ask", "--json", "--store", str(seeds_store.root),
                          QUESTION], capture_output=True, text=True, cwd=REPO, timeout=120,
                         env={**os.environ, "GRADIO_ANALYTICS_ENABLED": "False"})
    assert cli.returncode == 0, cli.stderr
    via_cli = json.loads(cli.stdout)
    assert via_api == via_cli
    assert via_api["grounded"] and via_api["citations"]
    assert set(via_api) >= {"question", "lang", "answer", "grounded", "citations", "retrieved", "related"}


def test_api_filters_narrow_retrieval(client):
    answer = client.predict(question="社区治理有哪些做法?", district="闵行区", api_name="/ask")
    assert answer["retrieved"]
    assert all(p["place"].startswith("闵行区") for p in answer["retrieved"])
    by_practice = client.predict(question="社区治理有哪些做法?", practice="自治家园", api_name="/ask")
    assert by_practice["retrieved"]
    assert {p["title"] for p in by_practice["retrieved"]} == {"老西门街道召开老旧公房小区自治家园交流研讨会"}


def test_api_answers_an_english_question_naming_a_place_in_pinyin(client):
    """Through the web app's API: "Haiyuan" is found as 海园, the answer is framed in English and cites
    the Chinese report."""
    answer = client.predict(question="How did Haiyuan raise its co-governance fund?", api_name="/ask")
    assert answer["lang"] == "en" and answer["grounded"], answer["grounding"]
    assert answer["answer"].startswith("The reports in the collection")
    assert all("海园" in c["title"] for c in answer["citations"]) and any(
        "30万" in c["passage"] for c in answer["citations"])


def test_api_exposes_only_ask(client):
    """Uploads, removals and the chat's internal events are not callable through the API."""
    endpoints = client.view_api(return_format="dict", print_info=False)
    assert list(endpoints["named_endpoints"]) == ["/ask"]
    assert not endpoints["unnamed_endpoints"]


# --- chat handlers ---------------------------------------------------------------------------------


def ask_in_chat(ui, message, chat=None, turns=None, lang="zh", **filters):  # noqa: ANN001
    args = [filters.get(k) for k in ("district", "street", "practice", "date_from", "date_to")]
    steps = run(ui.respond(message, chat or [], turns or [], lang, *args))
    chat = next(s[0] for s in reversed(steps) if isinstance(s[0], list))
    turns = next(s[2] for s in reversed(steps) if isinstance(s[2], list))
    sources = next(s[3] for s in reversed(steps) if isinstance(s[3], str))
    return steps, chat, turns, sources


def test_chat_streams_a_cited_answer(served, assistant):
    ui, _ = served
    steps, chat, turns, sources = ask_in_chat(ui, QUESTION)
    assert len(steps) >= 3  # placeholder, partial lines, final
    assert chat[-2] == {"role": "user", "content": QUESTION}
    bubble = chat[-1]["content"]
    expected = assistant.ask(QUESTION)
    for c in expected.citations:
        assert f'href="#gz-cite-0-{c.n}"' in bubble
    assert "gz-noanswer" not in bubble
    # Sources panel: title, place, date, file and the cited sentence highlighted.
    first = expected.citations[0]
    sentence = first.passage[first.span[0]:first.span[1]]
    assert f'<mark class="gz-hl" data-n="{first.n}">{gongzhi_app.esc(sentence)}</mark>' in sources
    assert gongzhi_app.esc(first.title) in sources and "静安区 静安寺街道" in sources
    assert Path(first.source).name in sources
    assert turns[0].answer.model_dump() == expected.model_dump()


def test_llm_token_streams_are_coalesced(served, assistant, monkeypatch):
    """With an LLM the partials are tokens: the chat gets at most one update per STREAM_DELAY, then the final."""
    ui, _ = served
    final = assistant.ask(QUESTION)
    tokens = [final.model_copy(update={"answer": final.answer[:i], "citations": []})
              for i in range(1, len(final.answer))] + [final]
    monkeypatch.setattr(assistant, "llm", object(), raising=False)
    monkeypatch.setattr(assistant, "ask_stream", lambda *a, **k: iter(tokens))
    steps, chat, turns, _ = ask_in_chat(ui, QUESTION)
    assert len(steps) < 10 < len(tokens)
    assert chat[-1]["content"] == ui.render_answer(final, 0, "zh")
    assert turns[0].answer == final


def test_citation_click_opens_the_article_with_the_passage_in_place(served, seeds_store):
    ui, _ = served
    _, _, turns, _ = ask_in_chat(ui, QUESTION)
    citation = turns[0].answer.citations[1]
    sources, article = ui.on_cite(turns, "zh", gr.EventData(None, {"turn": 0, "key": "c2", "shown": -1}))
    # (passages next to each other share a card: the active card is the one holding [2])
    assert re.search(r'class="gz-card active"[^>]*data-keys="[^"]*\bc2\b', sources)
    full = seeds_store.article(citation.article_id)
    sentence = citation.passage[citation.span[0]:citation.span[1]]
    assert f'<mark class="gz-hl">{gongzhi_app.esc(sentence)}</mark>' in article
    # The passage is highlighted inside the whole article, with the text before it intact.
    chunk = next(c for c in seeds_store.chunks_of(full.id) if c.id == citation.chunk_id)
    assert gongzhi_app.esc(full.text[:chunk.start]) + '<mark class="gz-passage-hl"' in article
    # Same turn already on screen: only the article is re-rendered.
    sources, _ = ui.on_cite(turns, "zh", gr.EventData(None, {"turn": 0, "key": "c1", "shown": 0}))
    assert isinstance(sources, dict)  # gr.skip()


def test_follow_up_is_resolved_and_shown(served):
    ui, _ = served
    _, chat, turns, _ = ask_in_chat(ui, QUESTION)
    _, chat, turns, sources = ask_in_chat(ui, "那资金怎么监督?", chat, turns)
    assert chat[-2]["content"] == "那资金怎么监督?"  # the user's own words
    assert "海园" in turns[1].resolved and "监督" in turns[1].resolved
    assert f'<div class="gz-resolved">检索：{gongzhi_app.esc(turns[1].resolved)}</div>' in chat[-1]["content"]
    assert 'data-turn="1"' in sources


def test_no_answer_looks_different(served):
    ui, _ = served
    _, chat, turns, sources = ask_in_chat(ui, UNANSWERABLE)
    assert not turns[0].answer.grounded
    bubble = chat[-1]["content"]
    assert 'class="gz-noanswer"' in bubble and "资料库中没有相关报道" in bubble
    assert "gz-cite" not in bubble
    assert 'href="#gz-rel-0-' in bubble  # related cases open their articles
    assert "检索到的相关报道" in sources


def test_filters_reach_retrieval(served):
    ui, _ = served
    _, _, turns, _ = ask_in_chat(ui, "社区治理有哪些做法?", district="闵行区")
    assert turns[0].filters["district"] == "闵行区"
    assert all(p.place.startswith("闵行区") for p in turns[0].answer.retrieved)


def test_english_labels(served):
    ui, _ = served
    assert ui.t("en", "send") == "Ask" and ui.t("zh", "send") == "提问"
    assert set(gongzhi_app.TEXT["zh"]) == set(gongzhi_app.TEXT["en"])
    html = ui.render_sources(None, -1, "en")
    assert "Sources" in html


def test_every_translated_widget_is_registered_once_with_the_text_it_was_built_with(served):
    """The language toggle relabels from one registry (Translations.labelled): each widget once, its zh
    update equal to what the page was built with, its en update in English."""
    ui, _ = served
    widgets, chinese, english = ui.texts.widgets, ui.texts.updates("zh"), ui.texts.updates("en")
    assert len({id(w) for w in widgets}) == len(widgets) == len(chinese) == len(english) >= 50
    for widget, zh, en in zip(widgets, chinese, english):
        texts = {k: v for k, v in zh.items() if k != "__type__"}
        assert texts and all(getattr(widget, k) == v for k, v in texts.items()), (widget, zh)
        assert set(en) == set(zh)
    by_widget = dict(zip(map(id, widgets), english))
    assert by_widget[id(ui.chat_tab.send)] == {"__type__": "update", "value": "Ask"}
    assert by_widget[id(ui.chat_tab.question)]["placeholder"] == ui.t("en", "input_placeholder")
    assert by_widget[id(ui.library_tab.correct_date)] == {"__type__": "update", "label": "Date"}


def test_answer_rendering_escapes_everything(served):
    ui, _ = served
    from assistant.records import Answer, Citation

    evil = "<script>alert(1)</script>"
    answer = Answer(question=evil, lang="zh", answer=f"- {evil}[1]", grounded=True, citations=[
        Citation(n=1, article_id="x", title=evil, source="/tmp/<b>.txt", passage=f"前文{evil}后文", span=(2, 27),
                 chunk_id="x-0")])
    bubble = ui.render_answer(answer, 0, "zh", resolved=evil)
    panel = ui.render_sources(gongzhi_app.Turn(question=evil, resolved=evil, answer=answer), 0, "zh")
    for html in (bubble, panel):
        assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in panel


def test_library_lists_a_page_and_finds_the_rest_by_search(served, monkeypatch):
    ui, _ = served
    rows, total = ui.store.article_rows("", 3)
    assert total == 10 and len(rows) == 3 and "text" not in rows[0].keys()
    monkeypatch.setattr(library_tab, "LIBRARY_PAGE", 3)
    assert len(ui.articles_frame("zh")) == 3 and len(ui.article_choices()) == 3
    assert ui.library_hint("zh") == "显示前 3 篇，共 10 篇；查找标题或文件名可看到其余报道。"
    table, choices, hint = ui.library_search("自治家园", "zh")
    assert list(table["标题"]) == ["老西门街道召开老旧公房小区自治家园交流研讨会"] and hint == ""
    assert [v for _, v in choices["choices"]] == list(table["ID"])
    table, _, hint = ui.library_search("004_8ef7", "zh")  # a file name
    assert len(table) == 1
    table, _, hint = ui.library_search("<b>不存在</b>", "zh")
    assert table.empty and "&lt;b&gt;不存在&lt;/b&gt;" in hint
    assert ui.store.mentions("共治金") and not ui.store.mentions("火星移民")


def test_llm_markdown_is_rendered_without_letting_markup_through(served):
    ui, _ = served
    from assistant.records import Answer, Citation

    text = "### 主要做法\n**共治金**由企业出资[1]。\n- 设立**议事会**<img src=x onerror=alert(1)>[1]"
    answer = Answer(question="共治金", lang="zh", answer=text, grounded=True, citations=[
        Citation(n=1, article_id="x", title="t", source="s.txt", passage="共治金由企业出资。", span=(0, 9),
                 chunk_id="x-0")])
    bubble = ui.render_answer(answer, 0, "zh")
    assert '<p class="gz-heading"><strong>主要做法</strong></p>' in bubble
    assert "<strong>共治金</strong>由企业出资" in bubble and "<li>设立<strong>议事会</strong>" in bubble
    assert "**" not in bubble and "###" not in bubble
    assert "<img" not in bubble and "&lt;img" in bubble


# --- feedback --------------------------------------------------------------------------------------


def test_feedback_is_stored_with_question_answer_and_citations(served, tmp_path):
    ui, _ = served
    assert ui.feedback.path == Path(ui.store.root) / "feedback.sqlite"
    _, chat, turns, _ = ask_in_chat(ui, "那资金怎么监督?", *ask_in_chat(ui, QUESTION)[1:3])
    index = turns[1].message_index
    turns, feedback_id, row, status = ui.on_like(turns, "zh", gr.LikeData(None, {"index": index, "value": [],
                                                                                  "liked": False}))
    assert feedback_id is not None and status == "已记录：没帮助。" and row["visible"]
    assert ui.save_comment(feedback_id, "没有说到监督委员会", "zh") == ("", "说明已保存，谢谢！")
    row = next(r for r in ui.feedback.rows() if r["id"] == feedback_id)
    assert row["rating"] == -1 and row["comment"] == "没有说到监督委员会"
    assert row["question"] == "那资金怎么监督?" and "海园" in row["resolved_question"]
    assert row["answer"] == turns[1].answer.answer
    assert [c["n"] for c in json.loads(row["citations"])] == [c.n for c in turns[1].answer.citations]

    out = ui.feedback.export_csv(tmp_path / "feedback.csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert any(r["id"] == str(feedback_id) and r["comment"] == "没有说到监督委员会" for r in rows)

    # Clicking the same thumb again withdraws the verdict.
    ui.on_like(turns, "zh", gr.LikeData(None, {"index": index, "value": [], "liked": ""}))
    assert all(r["id"] != feedback_id for r in ui.feedback.rows())


def test_feedback_store_alone(tmp_path, assistant):
    store = FeedbackStore.for_store(tmp_path)
    assert store.path == tmp_path / "feedback.sqlite"
    answer = assistant.ask(QUESTION)
    fid = store.add(answer, 1)
    store.set_comment(fid, "有用")
    assert store.counts() == {"up": 1, "down": 0}
    with pytest.raises(ValueError):
        store.add(answer, 0)
    store.close()


# --- launching -------------------------------------------------------------------------------------


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("127.0.1.1", True), ("0.0.0.0", False), ("192.168.1.20", False),
                                            ("", False)])
def test_is_loopback(host, loopback):
    assert gongzhi_app.is_loopback(host) is loopback


def test_launch_options(settings_factory):
    assert gongzhi_app.launch_options(settings_factory()) == {"server_name": "127.0.0.1",
                                                              "server_port": settings_factory().server.port}
    with pytest.raises(gongzhi_app.ConfigError, match="GONGZHI_ADMIN_USER and GONGZHI_ADMIN_PASSWORD"):
        gongzhi_app.launch_options(settings_factory(host="0.0.0.0"))
    with pytest.raises(gongzhi_app.ConfigError):
        gongzhi_app.launch_options(settings_factory(host="0.0.0.0", admin_user="admin"))
    settings = settings_factory(host="0.0.0.0", admin_user="admin", admin_password="pw")
    options = gongzhi_app.launch_options(settings)
    assert options == {"server_name": "0.0.0.0", "server_port": settings.server.port}


def test_app_refuses_an_open_host_without_admin(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGZHI_")}
    env.update(GONGZHI_HOST="0.0.0.0", GONGZHI_STORE=str(tmp_path / "store"), GRADIO_ANALYTICS_ENABLED="False")
    done = subprocess.run([sys.executable, "app.py"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "GONGZHI_ADMIN_USER" in done.stderr and "0.0.0.0" in done.stderr
    assert not (tmp_path / "store").exists()  # refused before touching anything


# --- an empty store, the library, and admin login --------------------------------------------------


@pytest.fixture(scope="module")
def admin_app(tmp_path_factory):
    """A second app on an empty store with admin credentials (as when listening beyond localhost)."""
    settings = get_settings(store=tmp_path_factory.mktemp("empty-store"), admin_user="admin", admin_password="pw")
    ui = gongzhi_app.GongzhiApp(settings)
    port = free_port()
    ui.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield ui, f"http://127.0.0.1:{port}/"
    ui.close()


def test_questions_are_open_and_the_admin_login_checks_both_fields(admin_app):
    ui, url = admin_app
    assert ui.admin_required
    answer = Client(url, verbose=False).predict(QUESTION, api_name="/ask")  # no login needed to ask
    assert answer["grounded"] is False and answer["citations"] == []
    for user, password in (("admin", "wrong"), ("someone", "pw"), ("", ""), ("admin", "pw "), (None, None)):
        ok, status = ui.admin_login(user, password, "zh")
        assert ok is False and status == "用户名或密码不对。"
    assert ui.admin_login("admin", "pw", "en") == (True, "Logged in as admin admin (this session only).")


def test_empty_store_then_upload_zip_then_remove(admin_app, tmp_path):
    ui, _ = admin_app
    admin = ui.admin_login("admin", "pw", "zh")[0]
    # A first-time user sees how to add articles, not an error.
    assert ui.is_empty()
    _, chat, turns, _ = ask_in_chat(ui, QUESTION)
    assert "make run CORPUS=" in chat[-1]["content"] and "资料库" in chat[-1]["content"] and turns == []

    # Admin actions refuse anyone but the admin.
    with pytest.raises(gr.Error):
        ui.remove("anything", "zh", admin=ui.admin_login("admin", "nope", "zh")[0])
    for action in (lambda: ui.upload([str(tmp_path)], "zh"), lambda: ui.reindex("zh"),
                   lambda: ui.export_feedback("zh")):
        with pytest.raises(gr.Error, match="管理员"):
            action()

    # A zip with a GBK-named member (as Chinese Windows writes them), ingested with progress reports.
    archive = tmp_path / "报道.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(GbkZipInfo("报道/议事厅.txt".encode("gbk").decode("cp437")), SCRIPT_ARTICLE.encode("utf-8"))
        zf.writestr("setup.exe", b"MZ ignored")  # not an article format: left in the zip
    steps = []
    status = ui.upload([str(archive)], "zh", admin=admin, progress=lambda *a, **k: steps.append(a[0]))
    assert "导入完成：1 个文件" in status and "错误 0 个" in status
    assert steps[0] == (0, 1) and steps[-1] == (1, 1)
    assert not ui.is_empty()
    article = next(iter(ui.store.articles()))
    assert article.source == f"{ui.uploads / '报道.zip'}#报道/议事厅.txt"  # read in place, as the CLI reads zips

    # Article text is shown inert wherever it appears.
    _, chat, turns, sources = ask_in_chat(ui, "嘉兴路街道的睦邻议事厅怎么分摊加装电梯的费用?")
    assert turns[0].answer.grounded
    _, viewer = ui.on_cite(turns, "zh", gr.EventData(None, {"turn": 0, "key": "c1", "shown": -1}))
    for html in (chat[-1]["content"], sources, viewer):
        assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;window.__gzXss" in viewer
    assert not ui.articles_frame("zh").empty

    # Re-index keeps it; removal takes it out again.
    assert "更新 0 个" in ui.reindex("zh", admin=admin)
    assert ui.remove(article.id, "zh", admin=admin).startswith("已删除")
    assert ui.is_empty()
    # The same zip uploaded again after the removal is ingested again (not taken for a copy of itself).
    ui.upload([str(archive)], "zh", admin=admin)
    assert [a.source for a in ui.store.articles()] == [article.source]
    assert ui.remove(next(ui.store.articles()).id, "zh", admin=admin).startswith("已删除")
    assert ui.is_empty()


class GbkZipInfo(zipfile.ZipInfo):
    """A member name stored as GBK bytes without the UTF-8 flag, the way Chinese Windows zips them."""

    def _encodeFilenameFlags(self):  # noqa: N802 - overrides zipfile's private hook
        return self.filename.encode("cp437"), self.flag_bits


@pytest.mark.parametrize("member", ["../evil.txt", "/etc/evil.txt", "a/../../evil.txt", "C:/evil.txt"])
def test_unsafe_zip_members_are_refused(admin_app, tmp_path, member):
    """Uploads share the ingest's zip reader: the unsafe member is refused by name, the rest is read."""
    ui, _ = admin_app
    admin = ui.admin_login("admin", "pw", "zh")[0]
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ok.txt", SCRIPT_ARTICLE)
        zf.writestr(member, "越界")
    status = ui.upload([str(archive)], "zh", admin=admin)
    assert "错误 1 个" in status and member in status and "refused" in status
    assert [a.source for a in ui.store.articles()] == [f"{ui.uploads / 'evil.zip'}#ok.txt"]
    assert not (tmp_path / "evil.txt").exists() and not any(ui.uploads.rglob("evil.txt"))
    for article in list(ui.store.articles()):
        ui.remove(article.id, "zh", admin=admin)


def test_zip_bombs_uploaded_through_the_web_are_refused(admin_app, tmp_path):
    """A member that inflates hundreds of times its packed size is refused before it is inflated."""
    ui, _ = admin_app
    admin = ui.admin_login("admin", "pw", "zh")[0]
    archive = tmp_path / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", "社区" * 2_000_000)  # 12 MB of text packed into ~12 KB
    assert archive.stat().st_size < 100_000
    status = ui.upload([str(archive)], "zh", admin=admin)
    assert "错误 1 个" in status and "bomb.txt: refused, it inflates" in status
    assert ui.is_empty()


def test_street_choices_follow_the_district(served):
    ui, _ = served
    narrowed = ui.street_choices("静安区", "zh")
    assert [value for _, value in narrowed["choices"]] == ["", "静安寺街道"]
    everything = ui.street_choices("", "zh")
    assert {"老西门街道", "静安寺街道", "佘山镇"} <= {value for _, value in everything["choices"]}
