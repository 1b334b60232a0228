"""An English question reaches a Chinese report through the few words it translates: the report's chunk that
names the case ranks first, its chunk with the figure may not be retrieved at all. A short first report is
retrieved whole (retrieval.short_report_chunks). On the real seeds store (its reports have seven chunks: the
setting is raised to seven here to make them short)."""
from __future__ import annotations

QUESTION = "How many new street lamps were lit in Gubei?"


def test_a_short_first_report_is_retrieved_whole_for_an_english_question(assistant, monkeypatch):
    retrieval = assistant.retriever.settings.retrieval
    monkeypatch.setattr(retrieval, "short_report_chunks", 0)
    alone = assistant.retriever.retrieve(QUESTION)
    top = alone[0].article_id
    chunks = [c.id for c in assistant.store.chunks_of(top)]
    assert len(chunks) == 7
    monkeypatch.setattr(retrieval, "short_report_chunks", 7)
    whole = assistant.retriever.retrieve(QUESTION)
    assert whole[0] == alone[0]  # the best chunk stays first
    assert all(p.article_id == top for p in whole)  # then the report's other chunks, before other reports
    have = {p.chunk_id for p in alone}
    rest = [c for c in chunks if c not in have]  # in the report's order, before the passages ranked after the top
    assert [p.chunk_id for p in whole] == ([alone[0].chunk_id, *rest, *(p.chunk_id for p in alone[1:])])[:5]
    assert all(p.score <= alone[0].score for p in whole[1:])


def test_a_chinese_question_and_a_long_report_keep_their_ranking(assistant, monkeypatch):
    retrieval = assistant.retriever.settings.retrieval
    monkeypatch.setattr(retrieval, "short_report_chunks", 3)
    assert assistant.retriever.retrieve(QUESTION) == assistant.retriever.retrieve(QUESTION, k=5)
    before = [p.chunk_id for p in assistant.retriever.retrieve(QUESTION)]
    monkeypatch.setattr(retrieval, "short_report_chunks", 0)
    assert [p.chunk_id for p in assistant.retriever.retrieve(QUESTION)] == before  # seven chunks: not short
    chinese = [p.chunk_id for p in assistant.retriever.retrieve("古北的路灯是怎么装起来的？")]
    monkeypatch.setattr(retrieval, "short_report_chunks", 7)
    assert [p.chunk_id for p in assistant.retriever.retrieve("古北的路灯是怎么装起来的？")] == chinese


def test_a_generic_english_question_names_no_case_whose_report_to_complete(assistant, monkeypatch):
    """A question naming no place or name ("How are street lamps installed?") has no case: its first report is one
    of several, and its other chunks do not push the other reports' passages out."""
    retrieval = assistant.retriever.settings.retrieval
    generic = "How are new street lamps installed?"
    monkeypatch.setattr(retrieval, "short_report_chunks", 0)
    alone = [p.chunk_id for p in assistant.retriever.retrieve(generic)]
    monkeypatch.setattr(retrieval, "short_report_chunks", 7)
    assert [p.chunk_id for p in assistant.retriever.retrieve(generic)] == alone
    assert len({p.article_id for p in assistant.retriever.retrieve(QUESTION)}) == 1  # Gubei: its report whole


def test_a_chunk_names_what_its_reports_other_candidate_chunks_name(assistant):
    """An English question's names come first (Retriever._named_first), and a report names its case once: its
    chunk without the name follows its own lede among the candidates, before another report's passage; without the
    lede among the candidates it is read alone."""
    from llama_index.core.schema import NodeWithScore

    from assistant.question import parse_question

    question = parse_question(QUESTION, assistant.store.names_read_as)
    assert any("古北" in a for t in question.entities for a in t.alternatives)
    gubei = next(p.article_id for p in assistant.retriever.retrieve(QUESTION))
    chunks = assistant.store.chunks_of(gubei)
    lede = next(c for c in chunks if "古北" in c.text)
    detail = next(c for c in chunks if "古北" not in c.text)
    other = next(c for p in assistant.retriever.retrieve("老西门街道的自治家园") for c in assistant.store.chunks_of(p.article_id)
                 if p.article_id != gubei and "古北" not in c.text)
    ids = [other.id, detail.id, lede.id]
    known = assistant.store.get_chunks(ids)
    assert all("古北" not in known[i].article.title for i in (other.id, detail.id))
    nodes = assistant.store.nodes(ids, known)
    results = [NodeWithScore(node=nodes[i], score=1.0 - n / 10) for n, i in enumerate(ids)]
    named = assistant.retriever._named_first(question, results, known)
    assert [r.node.node_id for r in named] == [detail.id, lede.id, other.id]  # the report's chunks, in their order
    alone = {i: known[i] for i in (other.id, detail.id)}
    kept = assistant.retriever._named_first(question, results[:2], alone)
    assert [r.node.node_id for r in kept] == [other.id, detail.id]  # neither names Gubei: the ranking kept
