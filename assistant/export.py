"""Exports for researchers: case tables (CSV, XLSX) and references (GB/T 7714-2015, BibTeX, CSL-JSON)."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from assistant.cases import COLUMNS, card_row
from vectorstore.records import Article, Card

HEADERS_ZH = {"title": "标题", "district": "区", "street": "街镇", "residential": "居民区/小区", "year": "年份",
              "practices": "做法", "actors": "参与主体", "funding": "资金", "mechanism": "机制/步骤",
              "outcomes": "成效", "source": "来源文件"}


def cases_csv(cards: list[Card]) -> str:
    """UTF-8 CSV with a BOM so Excel opens the Chinese text correctly."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS)
    out.write("\ufeff")
    writer.writerow(HEADERS_ZH)
    for card in cards:
        writer.writerow(card_row(card))
    return out.getvalue()


def cases_xlsx(cards: list[Card], path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "案例"
    sheet.append([HEADERS_ZH[c] for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for card in cards:
        sheet.append([card_row(card)[c] for c in COLUMNS])
    for column, width in zip("ABCDEFGHIJK", (36, 8, 12, 14, 6, 20, 40, 24, 60, 40, 30)):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)
    return path


def _is_web(article: Article) -> bool:
    return article.source.lower().endswith((".html", ".htm", ".mhtml")) or "网易" in (article.original[:300])


def gbt7714(article: Article, n: int | None = None) -> str:
    """GB/T 7714-2015: `[n] 作者. 题名[N]. 报纸名, 日期.` (newspaper), `…[EB/OL]. 站点, 日期.` (web page),
    or `题名[Z]. 来源文件: …` when the page names no newspaper (type and container unknown)."""
    authors = ", ".join(article.authors[:3]) + (", 等" if len(article.authors) > 3 else "")
    kind = "EB/OL" if _is_web(article) else ("N" if article.publication else "Z")
    parts = [f"{authors}. " if authors else "", f"{article.title}[{kind}]. "]
    container = article.publication or f"来源文件: {Path(article.source.split('#', 1)[0]).name}"
    parts.append(container)
    parts.append(f", {article.published}." if article.published else ".")
    text = "".join(parts)
    return f"[{n}] {text}" if n is not None else text


def _key(article: Article) -> str:
    year = (article.published or "nd")[:4]
    return f"gongzhi{year}{hashlib.sha1(article.id.encode()).hexdigest()[:6]}"


def _bib_escape(text: str) -> str:
    return re.sub(r"([{}%&$#_])", r"\\\1", text)


def bibtex(articles: list[Article]) -> str:
    entries = []
    for a in articles:
        fields = {"title": a.title, "journal": a.publication or "", "author": " and ".join(a.authors),
                  "date": a.published or "", "year": (a.published or "")[:4], "note": f"Source file: {a.source}",
                  "langid": "chinese"}
        body = ",\n".join(f"  {k} = {{{_bib_escape(v)}}}" for k, v in fields.items() if v)
        entries.append(f"@article{{{_key(a)},\n{body}\n}}")
    return "\n\n".join(entries) + "\n"


def csl_json(articles: list[Article]) -> str:
    items = []
    for a in articles:
        item = {"id": _key(a), "type": "webpage" if _is_web(a) else "article-newspaper", "title": a.title,
                "language": "zh-CN", "note": f"Source file: {a.source}"}
        if a.publication:
            item["container-title"] = a.publication
        if a.authors:
            item["author"] = [{"literal": name} for name in a.authors]
        if a.published:
            item["issued"] = {"date-parts": [[int(p) for p in a.published.split("-")]]}
        items.append(item)
    return json.dumps(items, ensure_ascii=False, indent=2)


def _gbt7714_list(articles: list[Article]) -> str:
    return "\n".join(gbt7714(a, i) for i, a in enumerate(articles, 1)) + "\n"


@dataclass(frozen=True)
class ReferenceStyle:
    label: str  # as shown to users
    file_ending: str  # of a downloaded reference list
    render: Callable[[list[Article]], str]


# The one list of reference styles: the CLI's --refs choices, the app's buttons and downloads read it.
REFERENCE_STYLES: dict[str, ReferenceStyle] = {
    "gbt7714": ReferenceStyle("GB/T 7714", "-gbt7714.txt", _gbt7714_list),
    "bibtex": ReferenceStyle("BibTeX", ".bib", lambda articles: bibtex(articles)),
    "csl-json": ReferenceStyle("CSL-JSON", "-csl.json", lambda articles: csl_json(articles)),
}


def references(articles: list[Article], style: str) -> str:
    """All references in one style (a key of REFERENCE_STYLES). Duplicates are listed once."""
    if style not in REFERENCE_STYLES:
        raise ValueError(f"unknown reference style {style!r}: use {', '.join(REFERENCE_STYLES)}")
    return REFERENCE_STYLES[style].render(list({a.id: a for a in articles}.values()))
