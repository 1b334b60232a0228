"""Evaluation over our question format (dev_questions.jsonl, eval/pool_questions*.jsonl) and RGB's
(rgb_zh/qa.jsonl).

Per question: the ask object plus `id` and `checks`; at the end a summary with recall@1/@5,
MRR@10, grounded accuracy on answerable and unanswerable questions, and answer checks — over all
questions and, when they carry a `split`, per split.

`expect` names the reports that answer a question: file-name prefixes (the seed questions, `"004"`)
or record ids of a JSONL collection (`"crud-dup01-000499"`, matched against the part of a
passage's source after its last `#`).
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import opencc

from assistant.answer import Assistant
from assistant.records import Answer, Passage
from assistant.retrieve import Mode


@dataclass
class Question:
    id: str
    q: str
    expect: list[str] = field(default_factory=list)  # file-name prefixes, record ids, or RGB gold doc ids
    must_any: list[str] = field(default_factory=list)
    answer_all: list[str | list[str]] = field(default_factory=list)  # a list inside: any one of these
    kind: str = ""
    split: str = ""
    rgb: bool = False


def load_questions(path: Path, split: str | None = None) -> list[Question]:
    """The questions of a file, only those of `split` if given (RGB's dev/test, our calibration/heldout)."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as e:
            raise ValueError(f"{path}:{n}: not a JSON object ({e.msg}); write one question a line") from None
        if split and r.get("split") != split:
            continue
        if "qid" in r:  # RGB
            out.append(Question(id=r["qid"], q=r["question"], expect=list(r.get("gold_doc_ids") or []),
                                answer_all=list(r.get("answer") or []), kind="rgb", split=r.get("split", ""),
                                rgb=True))
        else:
            missing = [key for key in ("id", "q") if not r.get(key)]
            if missing:
                raise ValueError(f"{path}:{n}: field {' and '.join(missing)} missing; every question needs "
                                 "an `id` and the question text in `q` (see eval/README.md)")
            out.append(Question(id=r["id"], q=r["q"], expect=r.get("expect", []), must_any=r.get("must_any", []),
                                answer_all=r.get("answer_all", []), kind=r.get("kind", ""),
                                split=r.get("split", "")))
    return out


def matches(question: Question, passage: Passage) -> bool:
    """Is this passage from an expected source (and, if given, does it hold a must_any string)?"""
    record_id = passage.source.rsplit("#", 1)[-1]  # a JSONL record's id (the whole source when no #)
    if question.rgb:
        return record_id in question.expect
    name = Path(passage.source.split("#", 1)[0]).name
    if record_id not in question.expect and not any(name.startswith(prefix) for prefix in question.expect):
        return False
    return not question.must_any or any(m in passage.passage for m in question.must_any)


def citation_miss(question: Question, answer: Answer) -> str | None:
    """Why an answered question is not answered+cited, by which report the answer cites: `same report` (an
    expected report is cited, but none of its cited passages holds a must_any string: the composer quoted
    another chunk of the right report), `states fact` (only other reports are cited and one of their cited
    passages holds a must_any string: a reprint or another report of the same event), `other report` (neither).
    None when the answer is declined or cites an expected passage."""
    if not question.expect or not answer.grounded or getattr(answer, "partial", False):
        return None
    cited = [Passage(chunk_id=c.chunk_id, article_id=c.article_id, title=c.title, source=c.source,
                     passage=c.passage, score=0.0) for c in answer.citations]
    if any(matches(question, p) for p in cited):
        return None
    if any(matches(replace(question, must_any=[]), p) for p in cited):
        return "same report"
    if question.must_any and any(m in p.passage for p in cited for m in question.must_any):
        return "states fact"
    return "other report"


def first_hit(question: Question, passages: list[Passage]) -> int | None:
    return next((i + 1 for i, p in enumerate(passages) if matches(question, p)), None)


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def states(fact: str | list[str], text: str) -> bool:
    """RGB's rule: the fact is in the text; a list is a set of alternatives (any one will do).
    Script-blind: a traditional-Chinese question gets its answer in traditional characters, so the
    fact quoted from a simplified report (102个) must count when the answer says 102個."""
    if isinstance(fact, list):
        return any(states(alt, text) for alt in fact)
    return fact in text or _t2s().convert(fact) in _t2s().convert(text)


def first_cited_sentence(answer: Answer) -> str:
    """The sentence the answer quotes first (citation [1]'s span), or "" when nothing is cited."""
    if not answer.citations:
        return ""
    first = min(answer.citations, key=lambda c: c.n)
    start, end = first.span
    return first.passage[start:end]


def first_cited_per_report(answer: Answer) -> str:
    """A comparison's first quotes: the first cited sentence of each report, joined (each side's answer
    opens its own bullet, so the fact of the second side is never in citation [1])."""
    firsts: dict[str, str] = {}
    for citation in sorted(answer.citations, key=lambda c: c.n):
        start, end = citation.span
        firsts.setdefault(citation.article_id, citation.passage[start:end])
    return "\n".join(firsts.values())


def checks(question: Question, answer: Answer, deeper: list[Passage] | None = None) -> dict:
    """`deeper`: a top-10 list used for MRR@10 when the answer's own top-k holds no hit.

    An answer marked partial (`Answer.partial`, where the answering code sets it: the reports say
    something on the subject but not the asked fact) counts as declined, not as answered."""
    rank = first_hit(question, answer.retrieved)
    if rank is None and deeper:
        rank = first_hit(question, deeper)
    answerable = bool(question.expect)
    partial = bool(getattr(answer, "partial", False))
    answered = answer.grounded and not partial
    result = {"answerable": answerable, "rank": rank, "grounded_ok": answer.grounded == answerable,
              "partial": partial}
    if answerable:
        cited = [c for c in answer.citations if matches(question, Passage(
            chunk_id=c.chunk_id, article_id=c.article_id, title=c.title, source=c.source, passage=c.passage,
            score=0.0))]
        result["cites_expected"] = bool(cited)
        result["answered_cited"] = answered and bool(cited)
        if answered and not cited:
            result["miss"] = citation_miss(question, answer)
        if question.answer_all:
            # only an answer counts: a refusal lists related titles, which may happen to hold the fact
            result["answer_all_ok"] = answer.grounded and all(states(fact, answer.answer) for fact in question.answer_all)
            sentence = (first_cited_per_report(answer) if "comparison" in question.kind
                        else first_cited_sentence(answer))
            result["first_cited_holds"] = answered and all(states(fact, sentence) for fact in question.answer_all)
    else:
        result["declined"] = not answer.grounded or partial
    if answer.verification.engine is not None:  # LLM engine: the citation check of this answer
        result["verification"] = answer.verification.model_dump(exclude={"removed_sentences"})
    return result


def summarise_llm(rows: list[dict]) -> dict:
    """Citation precision (sentences supported by the passage they cite / sentences that cite) and
    what the citation check did, over the questions the LLM engine handled."""
    checked = [r["verification"] for r in rows if "verification" in r]
    total = lambda key: sum(v.get(key, 0) for v in checked)  # noqa: E731
    cited = total("cited")
    fallbacks: dict[str, int] = {}
    for v in checked:
        if v.get("fallback"):
            fallbacks[v["fallback"]] = fallbacks.get(v["fallback"], 0) + 1
    return {
        "llm_answers": sum(1 for v in checked if v.get("engine") == "llm" and not v.get("no_answer")),
        "llm_no_answer": sum(1 for v in checked if v.get("no_answer")),
        "llm_fallbacks": fallbacks,
        "citation_precision": round(total("kept") / cited, 3) if cited else None,
        "sentences_cited": cited, "sentences_kept": total("kept"), "sentences_recited": total("recited"),
        "sentences_removed": total("removed"),
    }


def summarise(rows: list[dict]) -> dict:
    answerable = [r for r in rows if r["answerable"]]
    unanswerable = [r for r in rows if not r["answerable"]]

    def share(items: list[dict], key) -> float | None:  # noqa: ANN001
        return round(sum(1 for r in items if key(r)) / len(items), 3) if items else None

    return {
        "questions": len(rows), "answerable": len(answerable), "unanswerable": len(unanswerable),
        "recall@1": share(answerable, lambda r: r["rank"] == 1),
        "recall@5": share(answerable, lambda r: r["rank"] is not None and r["rank"] <= 5),
        "mrr@10": round(sum(1 / r["rank"] for r in answerable if r["rank"] and r["rank"] <= 10)
                        / len(answerable), 3) if answerable else None,
        "grounded_acc_answerable": share(answerable, lambda r: r["grounded_ok"]),
        "grounded_acc_unanswerable": share(unanswerable, lambda r: r["grounded_ok"]),
        "cites_expected": share(answerable, lambda r: r.get("cites_expected")),
        "answered_cited": share(answerable, lambda r: r.get("answered_cited")),
        "unanswerable_declined": share(unanswerable, lambda r: r.get("declined")),
        "answer_all": share([r for r in answerable if "answer_all_ok" in r], lambda r: r["answer_all_ok"]),
        "first_cited_holds": share([r for r in answerable if "first_cited_holds" in r],
                                   lambda r: r["first_cited_holds"]),
        **(summarise_llm(rows) if any("verification" in r for r in rows) else {}),
    }


def summarise_by_split(questions: list[Question], rows: list[dict]) -> dict:
    """The summary over all questions plus, when any question has a split, `by_split`: one per split."""
    summary = summarise(rows)
    splits = sorted({q.split for q in questions if q.split})
    if splits:
        summary["by_split"] = {name: summarise([r for q, r in zip(questions, rows) if q.split == name])
                               for name in splits}
    return summary


def run(assistant: Assistant, questions: list[Question], k: int | None = None, mode: Mode = Mode.HYBRID
        ) -> Iterator[dict]:
    """One dict per question (the ask object, id, checks), then {"summary": …} (with `by_split`).
    k: GONGZHI_TOP_K if None."""
    k = k or assistant.settings.retrieval.top_k
    rows = []
    for question in questions:
        if mode == Mode.HYBRID:
            answer = assistant.ask(question.q, k=k)
        else:
            passages = assistant.retriever.retrieve(question.q, k=k, mode=mode)
            answer = Answer(question=question.q, lang="", answer="", grounded=False, retrieved=passages)
        deeper = None
        if question.expect and first_hit(question, answer.retrieved) is None and k < 10:
            deeper = assistant.retriever.retrieve(question.q, k=10, mode=mode)
        result = checks(question, answer, deeper)
        rows.append(result)
        yield {"id": question.id, **answer.model_dump(), "checks": result}
    yield {"summary": {"mode": Mode(mode).value, **summarise_by_split(questions, rows)}}
