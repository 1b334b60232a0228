"""Legacy Word documents (.doc, Word 97–2003 binary, as WPS and older Word still save) → text.

Our own reader of the format's piece table ([MS-DOC] 2.4.1 "Retrieving Text"), on top of olefile for
the OLE container: no maintained pure-Python .doc reader exists, and shelling out to LibreOffice or
antiword would add a system dependency. It reads the main document text (not headers, footnotes or
comments), keeps a field's shown result and drops its code (`HYPERLINK "…"`), and turns tables into
the same lines a .docx table gives (`表头：值；表头：值。`), with rows and cells told apart by the
paragraph properties (an empty cell and a row's end look alike in the text).
"""
from __future__ import annotations

import bisect
import re
import struct
from pathlib import Path

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_IDENT = 0xA5EC
_F_WHICH_TABLE = 0x0200
_F_ENCRYPTED = 0x0100
_CCP_TEXT = 0x004C  # FibRgLw97.ccpText: characters in the main document
_FC_CLX, _LCB_CLX = 0x01A2, 0x01A6  # FibRgFcLcb97: where the piece table (Clx) lies in the table stream
_FC_PLCF_BTE_PAPX = 0x0102  # FibRgFcLcb97: where the paragraph property pages are listed

# Word's control characters: paragraph and cell ends, line and page breaks become line breaks;
# pictures, drawn objects, hyphenation marks and other markers are dropped.
_BREAKS = str.maketrans({"\r": "\n", "\x07": "\n", "\x0b": "\n", "\x0c": "\n", "\x0e": "\n", "\x1c": "\n", "\x1d": "\n",
                         "\x1e": "-", "\xa0": " "})
_DROPPED = re.compile(r"[\x00-\x06\x08\x1f\uf000-\uf0ff]")


class DocFormatError(ValueError):
    """The file is not a Word 97–2003 document this reader can take; the message says what to do."""


def _pieces(clx: bytes) -> list[tuple[int, int, int, bool]]:
    """(cp start, cp end, file offset, compressed) of every piece in the Clx's piece table."""
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: formatting we do not need
        (size,) = struct.unpack_from("<h", clx, pos + 1)
        if not 0 <= size <= 0x3FA2 or pos + 3 + size > len(clx):  # [MS-DOC] 2.9.209: a damaged file
            raise DocFormatError("the piece table is damaged (a formatting block of impossible size)")
        pos += 3 + size
    if pos >= len(clx) or clx[pos] != 0x02:
        raise DocFormatError("the piece table is missing")
    (lcb,) = struct.unpack_from("<I", clx, pos + 1)
    plc = clx[pos + 5: pos + 5 + lcb]
    count = (len(plc) - 4) // 12
    if count <= 0:
        raise DocFormatError("the piece table is empty")
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces = []
    for i in range(count):
        (fc,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 8 * i + 2)
        compressed = bool(fc & 0x40000000)
        offset = (fc & 0x3FFFFFFF) // 2 if compressed else fc & 0x3FFFFFFF
        pieces.append((cps[i], cps[i + 1], offset, compressed))
    return pieces


def _without_field_codes(text: str) -> str:
    """A field is \x13 code \x14 result \x15 (or \x13 code \x15): keep the result, drop the code."""
    out: list[str] = []
    stack: list[bool] = []  # per open field: are we in its result part?
    for ch in text:
        if ch == "\x13":
            stack.append(False)
        elif ch == "\x14" and stack:
            stack[-1] = True
        elif ch == "\x15" and stack:
            stack.pop()
        elif all(stack):
            out.append(ch)
    return "".join(out)


def _paragraph_runs(word: bytes, table: bytes) -> list[tuple[int, int, bool, bool]]:
    """(fc start, fc end, in a table, ends a table row) for every run of paragraphs, from the paragraph
    property pages ([MS-DOC] 2.8.20 PlcBtePapx, 2.9.175 PapxFkp): the text alone cannot tell an empty
    cell's mark from a row's end mark, both \x07. Empty when the document has no readable pages."""
    fc, lcb = struct.unpack_from("<II", word, _FC_PLCF_BTE_PAPX)
    if lcb < 12 or fc + lcb > len(table):
        return []
    count = (lcb - 4) // 8
    plc = table[fc: fc + lcb]
    runs = []
    for i in range(count):
        (pn,) = struct.unpack_from("<I", plc, 4 * (count + 1) + 4 * i)
        page = word[(pn & 0x3FFFFF) * 512: (pn & 0x3FFFFF) * 512 + 512]
        if len(page) < 512:
            continue
        crun = page[511]
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for j in range(crun):
            offset = page[4 * (crun + 1) + 13 * j] * 2
            sprms = _papx_sprms(page, offset) if offset else b""
            in_table, row_end = _table_flags(sprms)
            runs.append((fcs[j], fcs[j + 1], in_table, row_end))
    return runs


def _papx_sprms(page: bytes, pos: int) -> bytes:
    """The property modifiers of one PapxInFkp (after its 2-byte style index)."""
    cb = page[pos]
    grpprl = page[pos + 2: pos + 2 + 2 * page[pos + 1]] if cb == 0 else page[pos + 1: pos + 1 + 2 * cb - 1]
    return grpprl[2:]


_SPRM_IN_TABLE, _SPRM_TTP, _SPRM_INNER_TTP, _SPRM_ITAP = 0x2416, 0x2417, 0x244B, 0x6649
_OPERAND_SIZE = {0: 1, 1: 1, 2: 2, 3: 4, 4: 2, 5: 2, 7: 3}  # by the sprm's spra bits; 6 = variable


def _table_flags(sprms: bytes) -> tuple[bool, bool]:
    in_table = row_end = False
    i = 0
    while i + 2 <= len(sprms):
        (sprm,) = struct.unpack_from("<H", sprms, i)
        i += 2
        spra = sprm >> 13
        if spra == 6:
            if sprm == 0xD608 and i + 2 <= len(sprms):  # sprmTDefTable: a 2-byte length
                size = struct.unpack_from("<H", sprms, i)[0] + 1
            else:
                size = (sprms[i] if i < len(sprms) else 0) + 1
        else:
            size = _OPERAND_SIZE[spra]
        operand = sprms[i: i + size]
        if sprm in (_SPRM_IN_TABLE, _SPRM_TTP, _SPRM_INNER_TTP) and operand[:1] == b"\x01":
            in_table = True
            row_end = row_end or sprm != _SPRM_IN_TABLE
        elif sprm == _SPRM_ITAP and operand and operand[0] > 0:
            in_table = True
        i += size
    return in_table, row_end


def doc_text(word: bytes, table: bytes) -> str:
    """The main document's text from the WordDocument and table streams."""
    (ccp_text,) = struct.unpack_from("<i", word, _CCP_TEXT)
    fc_clx, lcb_clx = struct.unpack_from("<II", word, _FC_CLX)
    if lcb_clx == 0 or fc_clx + lcb_clx > len(table):
        raise DocFormatError("the piece table lies outside the file (damaged document)")
    try:
        runs = _paragraph_runs(word, table)
    except (struct.error, IndexError, KeyError):  # damaged property pages: the text is still readable
        runs = []
    starts = [r[0] for r in runs]
    parts: list[str] = []
    for start, end, offset, compressed in _pieces(table[fc_clx: fc_clx + lcb_clx]):
        if start >= ccp_text:
            break
        n = min(end, ccp_text) - start
        width = 1 if compressed else 2
        raw = word[offset: offset + width * n]
        # 8-bit text: Western documents only; Chinese text is always UTF-16
        chars = list(raw.decode("cp1252" if compressed else "utf-16-le", errors="replace"))
        if runs:  # mark row ends and paragraphs inside cells by their paragraph's properties
            for k, ch in enumerate(chars):
                if ch in "\r\x07":
                    r = bisect.bisect_right(starts, offset + width * k) - 1
                    if r >= 0 and runs[r][0] <= offset + width * k < runs[r][1]:
                        _, _, in_table, row_end = runs[r]
                        chars[k] = _ROW_END if row_end else (_CELL_PARAGRAPH if ch == "\r" and in_table else ch)
        parts.append("".join(chars))
    text = _without_field_codes("".join(parts))
    text = _with_tables_as_lines(text) if runs else _guess_tables_as_lines(text)
    return _DROPPED.sub("", text.translate(_BREAKS))


_ROW_END, _CELL_PARAGRAPH = "\x1c", "\x1d"  # our own marks, set from the paragraph properties


def _table_lines(rows: list[list[str]]) -> list[str]:
    """A table as the lines `data_table_lines` gives .docx tables (a header row labels every value),
    or, for a layout table (long or multi-paragraph cells), its cells' paragraphs in order."""
    from ingest.formats.docx import LAYOUT_CELL_CHARS, data_table_lines

    cells = [c for r in rows for c in r]
    if any("\n" in c or len(c) > LAYOUT_CELL_CHARS for c in cells):
        return [p for c in cells for p in c.split("\n") if p.strip()]
    return data_table_lines(rows)


def _with_tables_as_lines(text: str) -> str:
    """Paragraphs end in \r, paragraphs inside a cell in _CELL_PARAGRAPH, cells in \x07, rows in _ROW_END."""
    out: list[str] = []
    rows: list[list[str]] = []
    row: list[str] = []
    cell: list[str] = []
    for unit in re.findall(r"[^\r\x07\x1c\x1d]*[\r\x07\x1c\x1d]|[^\r\x07\x1c\x1d]+$", text):
        body, mark = (unit[:-1], unit[-1]) if unit[-1] in "\r\x07\x1c\x1d" else (unit, "")
        if mark == _CELL_PARAGRAPH:
            cell.append(body)
        elif mark == "\x07":
            row.append("\n".join([*cell, body]).strip())
            cell = []
        elif mark == _ROW_END:
            rows.append(row)
            row = []
        else:
            if rows or row:
                out.extend(_table_lines(rows + ([row] if row else [])))
                rows, row = [], []
            out.append(body)
    if rows or row or cell:
        out.extend(_table_lines(rows + ([row] if row else [])) + cell)
    return "\n".join(out)


def _guess_tables_as_lines(text: str) -> str:
    """Without paragraph properties: an \x07 right after a cell's \x07 is taken as the row's end
    (an empty cell is then misread as one)."""
    out: list[str] = []
    pending: list[str] = []  # paragraphs not yet known to be outside a table or inside a cell
    rows: list[list[str]] = []
    row: list[str] = []
    after_cell = False

    def flush_table() -> None:
        out.extend(_table_lines(rows + ([row] if row else [])))
        rows.clear()
        row.clear()

    for unit in re.findall(r"[^\r\x07]*[\r\x07]|[^\r\x07]+$", text):
        if unit.endswith("\x07"):
            if unit == "\x07" and after_cell:  # the row-end mark
                rows.append(list(row))
                row.clear()
                after_cell = False
                continue
            if not rows and not row:  # a new table: what came before it is ordinary text
                out.extend(pending)
                pending.clear()
            row.append("\n".join([*pending, unit[:-1]]).strip())
            pending.clear()
            after_cell = True
            continue
        if (rows or row) and not after_cell and not row:  # a paragraph after a row end: the table ended
            flush_table()
        after_cell = False
        pending.append(unit.rstrip("\r"))
    if rows or row:
        flush_table()
    out.extend(pending)
    return "\n".join(out)


def _title(ole) -> str | None:  # noqa: ANN001 - olefile.OleFileIO
    """The Title property, or None when it is missing or unreadable (the text is what matters)."""
    try:
        meta = ole.get_metadata()
        raw = meta.title
        if isinstance(raw, str):  # a Unicode (VT_LPWSTR) property, already decoded
            return raw.strip() or None
        codepage = (meta.codepage or 936) & 0xFFFF  # stored as a signed 16-bit number: 65001 reads as -535
        if not raw or codepage == 1200:  # olefile strips the NULs of UTF-16 strings: not recoverable
            return None
        codec = "utf-8" if codepage == 65001 else f"cp{codepage}"
        return raw.decode(codec, errors="ignore").strip() or None
    except Exception:  # noqa: BLE001 - a broken SummaryInformation stream must not cost the text
        return None


def read_doc(path: Path) -> tuple[str, str | None]:
    """(text, title) of a Word 97–2003 .doc; DocFormatError with what to do otherwise."""
    import olefile

    with open(path, "rb") as handle:
        head = handle.read(8)
    if head != OLE_MAGIC:
        kind = ("a .docx (zip) file" if head.startswith(b"PK") else "an RTF file" if head.startswith(b"{\\rtf")
                else "a web page" if head.lstrip().lower().startswith((b"<html", b"<!doc", b"<?xml")) else
                "not a Word 97–2003 document")
        raise DocFormatError(f"named .doc but {kind}; give it its real suffix (.docx, .html) or save it as .docx")
    with olefile.OleFileIO(str(path)) as ole:
        if not ole.exists("WordDocument"):
            raise DocFormatError("an OLE file without a WordDocument stream (an Excel or PowerPoint file?)")
        word = ole.openstream("WordDocument").read()
        (ident,) = struct.unpack_from("<H", word, 0)
        (flags,) = struct.unpack_from("<H", word, 0x0A)
        if ident != _WORD_IDENT:
            raise DocFormatError("not a Word 97–2003 document (Word 6/95 files must be saved again as .docx)")
        if flags & _F_ENCRYPTED:
            raise DocFormatError("the document is password-protected; save an unprotected copy as .docx")
        table_name = "1Table" if flags & _F_WHICH_TABLE else "0Table"
        if not ole.exists(table_name):
            raise DocFormatError(f"the {table_name} stream is missing (damaged document)")
        table = ole.openstream(table_name).read()
        title = _title(ole)
    try:
        text = doc_text(word, table)
    except struct.error as exc:
        raise DocFormatError(f"the document is truncated or damaged ({exc})") from exc
    return text, title
