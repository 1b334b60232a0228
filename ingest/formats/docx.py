"""Word documents (.docx) → text in document order, tables included.

Library: python-docx (MIT). Paragraphs and tables are read in the order they appear; text boxes
(Word newsletters put whole stories in them) are read after the paragraph that anchors them.

Tables become text a reader (and the retriever) can use:
- a data table (a header row, short cells) → one sentence per row, `表头：值；表头：值。`, so every
  row carries its own labels into the chunk it lands in;
- a layout table (long cells, several paragraphs in a cell) → its cells' paragraphs in order.
The legacy binary .doc format has its own reader (doc.py); its tables share `data_table_lines`.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any  # python-docx objects (cells, rows, tables, paragraphs): its classes are private

LAYOUT_CELL_CHARS = 80  # a cell longer than this is running text, not a value


def _cell_text(cell: Any) -> str:
    return "".join(p.text for p in cell.paragraphs).strip()


def _unique_cells(row: Any) -> list:
    seen, out = set(), []
    for cell in row.cells:  # a merged cell is returned once per grid column it spans
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


def table_lines(table: Any) -> list[str]:
    rows = [_unique_cells(r) for r in table.rows]
    cells = [c for r in rows for c in r]
    is_layout = any(len([p for p in c.paragraphs if p.text.strip()]) > 1 or len(_cell_text(c)) > LAYOUT_CELL_CHARS
                    for c in cells) or any(c.tables for c in cells)
    if is_layout:
        out: list[str] = []
        for cell in cells:
            out += _block_lines(cell)
        return out
    return data_table_lines([[_cell_text(c) for c in r] for r in rows])


def data_table_lines(values: list[list[str]]) -> list[str]:
    """Rows of short cells → `表头：值；表头：值。` per row when the first row is a header, else `值；值。`."""
    values = [v for v in values if any(v)]
    if not values:
        return []
    header = values[0]
    if len(values) >= 2 and all(header) and len({len(v) for v in values}) == 1:
        lines = []
        for row in values[1:]:
            pairs = [f"{h}：{v}" for h, v in zip(header, row) if v]
            if pairs:
                lines.append("；".join(pairs) + "。")
        return lines
    return ["；".join(v for v in row if v) + "。" for row in values]


def _textbox_lines(paragraph: Any) -> list[str]:
    """Paragraphs of text boxes anchored in this paragraph (DrawingML first, VML fallback skipped)."""
    ns = paragraph._p.nsmap | {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    boxes = paragraph._p.xpath(".//w:txbxContent")
    out, seen = [], set()
    for box in boxes:
        texts = ["".join(t.text or "" for t in p.iter(f"{{{ns['w']}}}t")) for p in box.iter(f"{{{ns['w']}}}p")]
        key = "\n".join(texts)
        if key in seen:  # mc:AlternateContent stores each box twice
            continue
        seen.add(key)
        out += [t for t in texts if t.strip()]
    return out


def _block_lines(container: Any) -> list[str]:
    from docx.table import Table

    out: list[str] = []
    for block in container.iter_inner_content():
        if isinstance(block, Table):
            out += table_lines(block)
        else:
            out += [line for line in block.text.split("\n")]
            out += _textbox_lines(block)
    return out


def read_docx(path: Path) -> tuple[str, str | None]:
    """(text, title): paragraphs and table rows one per line, and the document's title property."""
    import docx

    document = docx.Document(str(path))
    lines = _block_lines(document)
    title = (document.core_properties.title or "").strip() or None
    return "\n".join(lines), title
