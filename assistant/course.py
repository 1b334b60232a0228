"""Course material for trainers: background, 2–5 cited cases, comparison, discussion, references.

Offline it is assembled from practice cards and an extractive answer; every statement carries the
number of the reference (article) it comes from.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from assistant.answer import Assistant
from assistant.cases import CaseQuery, card_year, search_cases
from assistant.export import gbt7714
from prompts import texts
from vectorstore.records import Article, Card


def _template() -> dict:
    return texts("course", "zh")


@dataclass
class Course:
    topic: str
    background: list[tuple[str, int]] = field(default_factory=list)  # (sentence, reference number)
    cases: list[Card] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)  # references, numbered from 1

    def ref(self, article_id: str) -> int:
        return next(i for i, a in enumerate(self.articles, 1) if a.id == article_id)


def build_course(assistant: Assistant, topic: str, max_cases: int = 5) -> Course:
    # a course wants breadth: every case the topic's passages touch, best first
    cards = search_cases(assistant.retriever, CaseQuery(query=topic), limit=max_cases * 2, relevance=0.0)
    cards = [c for c in cards if c.fields.get("mechanism")][:max_cases]
    course = Course(topic=topic, cases=cards)
    store = assistant.store
    course.articles = [a for a in (store.article(c.article_id) for c in cards) if a]
    answer = assistant.ask(topic, k=8)
    if answer.grounded:
        for citation in answer.citations:
            article = store.article(citation.article_id)
            if article is None:
                continue
            if all(a.id != article.id for a in course.articles):
                course.articles.append(article)
            start, end = citation.span
            course.background.append((citation.passage[start:end], course.ref(article.id)))
    return course


def _comparison_rows(course: Course) -> list[list[str]]:
    rows = []
    for card in course.cases:
        actor_types = sorted({v.split(":", 1)[0] for v in card.values("actors")})
        rows.append([f"{card.title}[{course.ref(card.article_id)}]", card.place.label() or "—", card_year(card) or "—",
                     "、".join(actor_types) or "—", "；".join(card.values("funding")) or "—",
                     str(len(card.values("mechanism")))])
    return rows


def _questions(course: Course, t: dict) -> list[str]:
    names = [c.title for c in course.cases] + ["", ""]
    practice = next((p for c in course.cases for p in c.practices), course.topic)
    return [q.format(case1=names[0], case2=names[1] or names[0], practice=practice, topic=course.topic)
            for q in t["questions"]]


def to_markdown(course: Course) -> str:
    t = _template()
    lines = [f"# {t['title'].format(topic=course.topic)}", ""]
    if not course.cases:
        return "\n".join(lines + [t["no_cases"].format(topic=course.topic), ""])
    lines += [f"## {t['background']}", ""]
    if course.background:
        lines += [f"- {sentence}[{n}]" for sentence, n in course.background]
    else:
        lines.append(t["background_empty"].format(topic=course.topic))
    lines += ["", f"## {t['cases']}", ""]
    for i, card in enumerate(course.cases, 1):
        n = course.ref(card.article_id)
        lines += [f"### {i}. {card.title}[{n}]", "",
                  t["case_meta"].format(place=card.place.label() or "—", year=card_year(card) or "—",
                                        practices="、".join(card.practices) or "—"), ""]
        lines += [f"**{t['mechanism']}**", ""] + [f"- {f.sentence}[{n}]" for f in card.fields.get("mechanism", [])[:4]]
        if card.fields.get("funding"):
            lines += ["", f"**{t['funding']}**", ""] + [f"- {f.sentence}[{n}]" for f in card.fields["funding"][:2]]
        if card.fields.get("outcomes"):
            lines += ["", f"**{t['outcomes']}**", ""] + [f"- {f.sentence}[{n}]" for f in card.fields["outcomes"][:2]]
        lines.append("")
    headers = t["comparison_headers"]
    lines += [f"## {t['comparison']}", "", "| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell.replace("|", "／") for cell in row) + " |" for row in _comparison_rows(course)]
    lines += ["", f"## {t['discussion']}", ""] + [f"{i}. {q}" for i, q in enumerate(_questions(course, t), 1)]
    lines += ["", f"## {t['references']}", ""]
    for i, a in enumerate(course.articles, 1):  # a blank line between references: one paragraph each
        lines += [gbt7714(a, i), ""]
    return "\n".join(lines) + "\n"


def to_docx(course: Course, path: Path) -> Path:
    from docx import Document

    t = _template()
    doc = Document()
    doc.add_heading(t["title"].format(topic=course.topic), level=0)
    if not course.cases:
        doc.add_paragraph(t["no_cases"].format(topic=course.topic))
        doc.save(path)
        return path
    doc.add_heading(t["background"], level=1)
    if course.background:
        for sentence, n in course.background:
            doc.add_paragraph(f"{sentence}[{n}]", style="List Bullet")
    else:
        doc.add_paragraph(t["background_empty"].format(topic=course.topic))
    doc.add_heading(t["cases"], level=1)
    for i, card in enumerate(course.cases, 1):
        n = course.ref(card.article_id)
        doc.add_heading(f"{i}. {card.title}[{n}]", level=2)
        doc.add_paragraph(t["case_meta"].format(place=card.place.label() or "—", year=card_year(card) or "—",
                                                practices="、".join(card.practices) or "—"))
        for label, key, limit in ((t["mechanism"], "mechanism", 4), (t["funding"], "funding", 2),
                                  (t["outcomes"], "outcomes", 2)):
            if card.fields.get(key):
                doc.add_paragraph().add_run(label).bold = True
                for f in card.fields[key][:limit]:
                    doc.add_paragraph(f"{f.sentence}[{n}]", style="List Bullet")
    doc.add_heading(t["comparison"], level=1)
    rows = _comparison_rows(course)
    table = doc.add_table(rows=1 + len(rows), cols=len(t["comparison_headers"]))
    table.style = "Table Grid"
    for j, header in enumerate(t["comparison_headers"]):
        table.cell(0, j).text = header
    for i, row in enumerate(rows, 1):
        for j, cell in enumerate(row):
            table.cell(i, j).text = cell
    doc.add_heading(t["discussion"], level=1)
    for q in _questions(course, t):
        doc.add_paragraph(q, style="List Number")
    doc.add_heading(t["references"], level=1)
    for i, a in enumerate(course.articles, 1):
        doc.add_paragraph(gbt7714(a, i))
    doc.save(path)
    return path
