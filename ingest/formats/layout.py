"""Reading order for printed pages: text fragments with boxes → paragraphs, column by column.

Shared by the PDF text layer (characters with boxes) and OCR (one box per detected text line),
so a newspaper page reads the same whichever way its text was obtained.

1. Fragments on one baseline are joined into lines; a gap wider than `SPLIT_GAP` ems starts a new
   line (a column gutter), a visible gap inside a line becomes one space (bylines and two-part
   headlines keep their separator; clean.py removes spaces inside Chinese body text).
2. Recursive XY-cut orders the lines: a region is split at vertical gutters first (left column
   before right); a region without a gutter is cut into horizontal bands. Consecutive bands that
   keep clear of the same gutters are read together as one multi-column region (a baseline grid
   makes every row its own band, and the rows of a two-column story must not be read across);
   a headline across the columns, or a page number set in the gutter, ends such a run of bands.
   Bands without gutters stack up as one single-column flow.
3. Lines become paragraphs by geometry: a new paragraph starts at a first-line indent, after a line
   that stops short of its column's right edge, at a change of type size, or after more leading
   than the column's usual. A paragraph continues across a column break when the column's last
   line is full and the next column's first line — higher up and further right — is not indented:
   the case naive extraction gets wrong.
Lines of one paragraph are joined without spaces (Chinese) or with one (Latin words).
"""
from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

SPLIT_GAP = 0.8  # ems: a wider gap between fragments on one baseline separates two lines (a gutter)
SPACE_GAP = 0.3  # ems: a wider gap inside a line is a visible space
COLUMN_GAP = 0.5  # ems: the narrowest vertical gutter that separates columns
WIDE_GAP = 3.0  # ems: a gap on one row this wide separates columns even without rows above or below
INDENT = 1.0  # ems: first-line indent that starts a paragraph
SHORT_LINE = 1.5  # ems short of the column's right edge: the line ends its paragraph
EXTRA_LEADING = 0.9  # ems of white space between lines that separates paragraphs (at least; more when
# the column's lines are set wide apart: then half an em more than its usual gap)
SIZE_CHANGE = 0.18  # relative change of type size that separates a heading from body text
BOLDER = 1.5  # ink density against the body text's: a bold line of the same size inks this much more (a
# body line of dense characters reached 1.35×; stroked-bold fixture headlines 1.8–2.4×)
DISPLAY_MAX = 40  # characters: a longer line is body text whatever its type

HANGING = "，。、；：！？”’」』）》,.;:!?)"
_SENTENCE_END = re.compile(r"[。！？!?；;…][”’」』\"')）]*$")
_LATIN_END = re.compile(r"[A-Za-z0-9]$")
_LATIN_START = re.compile(r"^[A-Za-z0-9]")


@dataclass
class Box:
    """Text with its box (y grows downwards), its type size and its confidence."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    size: float
    conf: float = 1.0


@dataclass
class Fragment(Box):
    """A piece of text on a line."""

    space_before: bool = False  # an explicit space character preceded it on the line
    weight: float = 0.0  # ink density of its box (OCR; 0 when unknown): bold type inks more

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Line(Box):
    """Fragments joined into one line of a column."""

    parts: list[Fragment] = field(default_factory=list, repr=False)
    display: bool = False  # set larger or bolder than the page's body text, not a sentence (a headline)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def weight(self) -> float:
        """Ink density of its fragments (0 when unknown)."""
        weights = [p.weight for p in self.parts if p.weight > 0]
        return statistics.median(weights) if weights else 0.0

    @property
    def x1_core(self) -> float:
        """Right edge without hanging punctuation (标点悬挂 may reach into the gutter)."""
        hang = len(self.text) - len(self.text.rstrip(HANGING))
        if not hang or hang == len(self.text):
            return self.x1
        if len(self.parts) > 1:  # character boxes: the first hanging character's left edge
            chars = [p for p in self.parts if p.text.strip()]
            if len(chars) > hang:
                return chars[-hang].x0
        return self.x1 - hang * 0.9 * self.size


@dataclass
class Paragraph:
    text: str
    size: float
    conf: float  # the lowest confidence of its lines
    lines: list[Line] = field(default_factory=list, repr=False)


def join_text(left: str, right: str, space: bool) -> str:
    """Join two pieces of one line or paragraph: Latin words keep a space, Chinese does not."""
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and _LATIN_START.match(right) and re.search(r"[A-Za-z]-$", left):
        return left[:-1] + right  # a hyphenated word broken at the line end
    if space or (_LATIN_END.search(left) and _LATIN_START.match(right)):
        return left + " " + right
    return left + right


def _make_line(parts: list[Fragment]) -> Line:
    text = ""
    prev: Fragment | None = None
    for frag in parts:
        gap = frag.x0 - prev.x1 if prev else 0.0
        em = max(frag.size, prev.size) if prev else frag.size
        space = bool(prev) and (frag.space_before or gap > SPACE_GAP * em)
        text = f"{text} {frag.text}" if space and text else text + frag.text
        prev = frag
    return Line(x0=min(p.x0 for p in parts), y0=min(p.y0 for p in parts), x1=max(p.x1 for p in parts),
                y1=max(p.y1 for p in parts), text=text.strip(), size=statistics.median(p.size for p in parts),
                conf=min(p.conf for p in parts), parts=parts)


def build_lines(fragments: list[Fragment]) -> list[Line]:
    """Group fragments that share a baseline into rows, and cut rows at gutters into lines."""
    rows: list[list[Fragment]] = []
    for frag in sorted(fragments, key=lambda f: (f.cy, f.x0)):
        if not frag.text.strip():
            continue
        for row in reversed(rows[-12:]):  # rows of neighbouring columns may interleave by a few points
            ref = row[0]
            if abs(ref.cy - frag.cy) <= 0.35 * max(ref.size, frag.size) and \
                    0.75 <= frag.size / max(ref.size, 1e-6) <= 1.33:
                row.append(frag)
                break
        else:
            rows.append([frag])
    lines: list[Line] = []
    for row in rows:
        row.sort(key=lambda f: f.x0)
        current = [row[0]]
        for frag in row[1:]:
            em = max(frag.size, current[-1].size)
            if frag.x0 - current[-1].x1 > SPLIT_GAP * em:
                lines.append(_make_line(current))
                current = []
            current.append(frag)
        lines.append(_make_line(current))
    return [ln for ln in lines if ln.text]


# --- reading order -------------------------------------------------------------------------------

def _em(lines: list[Line]) -> float:
    return statistics.median(ln.size for ln in lines) if lines else 1.0


Gutter = tuple[float, float]
Column = tuple[float, float]


def _gutters(lines: list[Line], em: float, support: int = 2) -> list[Gutter]:
    """Vertical strips at least `COLUMN_GAP` ems wide that no line crosses, between the lines, with at
    least `support` lines ending at the strip's left edge and as many starting at its right edge.

    A column gutter is flanked by line after line; a wide space inside one line (`谱新篇 百年`, a
    dash the detector boxes apart) is flanked once, and reading it as a gutter put the rest of that
    line after the lines below it."""
    if len(lines) < 2:
        return []
    spans = sorted((ln.x0, ln.x1_core) for ln in lines)
    out: list[Gutter] = []
    end = spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - end >= COLUMN_GAP * em:
            out.append((end, x0))
        end = max(end, x1)
    if support <= 1:
        return out
    return [(a, b) for a, b in out
            if sum(1 for ln in lines if a - 2 * em <= ln.x1_core <= a + 1e-6) >= support
            and sum(1 for ln in lines if b - 1e-6 <= ln.x0 <= b + em) >= support]


def _overlap(g: Gutter, others: list[Gutter]) -> bool:
    return any(a < g[1] and g[0] < b for a, b in others)


def _keeps(gutters: list[Gutter], lines: list[Line], em: float) -> bool:
    """Do these lines keep to the columns either side of every gutter? A line that runs across a
    gutter (a headline over both columns) or sits inside it (a folio) does not; one that ends a little
    into it, or starts inside it and runs on into the next column, does: a gutter measured from a few
    lines (a centred headline over a column, a photo beside it) is wider than the real one."""
    if not gutters:
        return False
    tol = COLUMN_GAP * em / 2
    for a, b in gutters:
        for ln in lines:
            if (ln.x0 < a + tol and ln.x1_core > b - tol) or (ln.x0 > a - tol and ln.x1_core < b + tol):
                return False
    return True


def _y_bands(lines: list[Line]) -> list[list[Line]]:
    """Horizontal bands separated by white space (boxes shrunk to their middle half, since OCR boxes
    are padded and may touch the next line)."""
    def core(ln: Line) -> tuple[float, float]:
        q = (ln.y1 - ln.y0) / 4
        return ln.y0 + q, ln.y1 - q

    ordered = sorted(lines, key=lambda ln: core(ln)[0])
    bands: list[list[Line]] = [[ordered[0]]]
    bottom = core(ordered[0])[1]
    for ln in ordered[1:]:
        top, low = core(ln)
        if top > bottom:
            bands.append([ln])
            bottom = low
        else:
            bands[-1].append(ln)
            bottom = max(bottom, low)
    return bands


@dataclass
class Placed:
    """A line in reading order, with the column it was read in."""

    line: Line
    column: Column
    first: bool  # first line of its column
    last: bool  # last line of its column
    gap: float = 0.0  # the usual white space between two lines of this column


def _order(lines: list[Line], em: float, out: list[Placed]) -> None:
    gutters = _gutters(lines, em)
    if gutters:  # columns, left to right
        edges = [float("-inf"), *[(a + b) / 2 for a, b in gutters], float("inf")]
        for lo, hi in zip(edges, edges[1:]):
            part = [ln for ln in lines if lo <= (ln.x0 + ln.x1) / 2 < hi]
            if part:
                _order(part, em, out)
        return
    # no gutter through the whole region: bands top to bottom. Bands that share a column structure
    # are read as one region; bands without one stack up as a single-column flow.
    bands = _y_bands(lines)
    # a band's gutter counts when a neighbouring band has one there too (the rows of two columns) or
    # when it is wider than any space inside a line (two headlines side by side, a photo beside one),
    # not when one line of a single column has a wide space in it
    raw = [_gutters(band, em, support=1) for band in bands]
    confirmed = [[g for g in gs if g[1] - g[0] >= WIDE_GAP * em or (i and _overlap(g, raw[i - 1]))
                  or (i + 1 < len(raw) and _overlap(g, raw[i + 1]))]
                 for i, gs in enumerate(raw)]
    group: list[Line] = []
    group_gutters: list[Gutter] = []
    for band, band_gutters in zip(bands, confirmed):
        if not group:
            group, group_gutters = list(band), band_gutters
            continue
        union = group + band
        if all(ln.display for ln in band) and not all(ln.display for ln in group):
            # a row of headlines below body text starts new stories, even where it keeps to the
            # columns above (a story in the left column under a story set across both)
            _emit(group, group_gutters, em, out)
            group, group_gutters = list(band), band_gutters
            continue
        if group_gutters:
            if _keeps(group_gutters, band, em):
                group = union
                group_gutters = _gutters(union, em) or group_gutters
                continue
        else:
            union_gutters = _gutters(union, em)
            if union_gutters or not band_gutters:
                group, group_gutters = union, union_gutters
                continue
        _emit(group, group_gutters, em, out)
        group, group_gutters = list(band), band_gutters
    if group:
        _emit(group, group_gutters, em, out)


def _emit(group: list[Line], gutters: list[Gutter], em: float, out: list[Placed]) -> None:
    if gutters and len(group) < 2:
        gutters = []
    if gutters and _gutters(group, em):  # columns the whole group keeps to: read column by column
        _order(group, em, out)
    else:
        _leaf(group, out)


def _leaf(lines: list[Line], out: list[Placed]) -> None:
    """One column, top to bottom; pieces that share a row (cut apart by a wide space) are rejoined.
    The column's width is that of its body-size lines (a wider headline above it does not count)."""
    rows: list[list[Line]] = []
    for ln in sorted(lines, key=lambda ln: (ln.cy, ln.x0)):
        if rows and abs(rows[-1][0].cy - ln.cy) <= 0.35 * max(rows[-1][0].size, ln.size):
            rows[-1].append(ln)
        else:
            rows.append([ln])
    merged: list[Line] = []
    for row in rows:
        row.sort(key=lambda ln: ln.x0)
        if len(row) == 1:
            merged.append(row[0])
            continue
        merged.append(Line(x0=row[0].x0, y0=min(ln.y0 for ln in row), x1=max(ln.x1 for ln in row),
                           y1=max(ln.y1 for ln in row), text=" ".join(ln.text for ln in row),
                           size=statistics.median(ln.size for ln in row), conf=min(ln.conf for ln in row),
                           parts=[p for ln in row for p in ln.parts], display=all(ln.display for ln in row)))
    body = statistics.median(ln.size for ln in merged)
    core = [ln for ln in merged if abs(ln.size - body) <= SIZE_CHANGE * body] or merged
    lefts = sorted(ln.x0 for ln in core)
    rights = sorted((ln.x1 for ln in core), reverse=True)
    column = (lefts[len(lefts) // 5], rights[len(rights) // 5])  # robust to a folio, an overhanging 、
    gaps = [b.y0 - a.y1 for a, b in zip(merged, merged[1:])
            if b.y0 > a.y1 and abs(a.size - b.size) <= SIZE_CHANGE * body]
    gap = statistics.median(gaps) if gaps else 0.0
    for i, ln in enumerate(merged):
        out.append(Placed(ln, column, i == 0, i == len(merged) - 1, gap))


def reading_order(lines: list[Line]) -> list[Placed]:
    """Lines in reading order, each with the column it was read in."""
    out: list[Placed] = []
    if lines:
        em = _em(lines)
        mark_display(lines, em)
        _order(lines, em, out)
    return out


def is_sentence_end(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.strip()))


def pitch(line: Line) -> float:
    """Advance per character (a CJK character is one em wide, a Latin letter or digit about half):
    the type size read from a line's width, which quotes or commas do not stretch as they do an
    OCR box's height. 0 for lines of fewer than 3 characters."""
    units = sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in line.text if not ch.isspace())
    return (line.x1 - line.x0) / units if units >= 3 else 0.0


def mark_display(lines: list[Line], em: float) -> None:
    """Flag the lines set larger or bolder than the body text (headlines), from their size and ink.
    Larger means a taller box and, where it can be measured, a wider character pitch: a body line
    holding quotation marks has a taller OCR box but the body's pitch."""
    body = [ln for ln in lines if abs(ln.size - em) <= SIZE_CHANGE * em]
    weights = [ln.weight for ln in body if ln.weight > 0]
    body_weight = statistics.median(weights) if weights else 0.0
    pitches = [p for p in (pitch(ln) for ln in body) if p > 0]
    body_pitch = statistics.median(pitches) if pitches else 0.0
    for ln in lines:
        chars = len(re.sub(r"\W", "", ln.text))
        if not 2 <= chars <= DISPLAY_MAX or is_sentence_end(ln.text):
            continue
        wider = bool(body_pitch and pitch(ln) and pitch(ln) >= body_pitch * (1 + SIZE_CHANGE))
        # a taller box that keeps the body's pitch is a body line with quotes; a wider pitch is larger type
        # even when OCR's box height, close to the body's, was snapped to it
        larger = wider or (ln.size >= em * (1 + SIZE_CHANGE) and not (body_pitch and pitch(ln) and not wider))
        ln.display = larger or bool(body_weight and ln.weight >= BOLDER * body_weight)


# --- paragraphs ----------------------------------------------------------------------------------

def _continues(prev: Placed, cur: Placed) -> bool:
    """Does `cur` continue the paragraph that `prev` belongs to?"""
    a, b = prev.line, cur.line
    em = max(a.size, b.size)
    if abs(b.size - a.size) > SIZE_CHANGE * em or a.display != b.display:  # a headline is its own paragraph
        return False
    if a.x1 < prev.column[1] - SHORT_LINE * em:  # the previous line stopped short: paragraph end
        return False
    if b.x0 > cur.column[0] + INDENT * em:  # first-line indent (or a centred heading)
        return False
    if cur.column == prev.column and not cur.first:
        return b.y0 - a.y1 <= max(EXTRA_LEADING * em, cur.gap + 0.5 * em) and b.y0 >= a.y0
    # a column break: the paragraph runs on from the bottom of one column to the top of the next,
    # which starts higher up and further right (a line below the column is a new block: a folio, a box)
    return prev.last and cur.first and b.y0 < a.y0 and b.x0 >= prev.column[1] - em


def paragraphs(ordered: list[Placed]) -> list[Paragraph]:
    out: list[Paragraph] = []
    prev: Placed | None = None
    for cur in ordered:
        line = cur.line
        if prev is not None and out and _continues(prev, cur):
            para = out[-1]
            para.text = join_text(para.text, line.text, space=False)
            para.conf = min(para.conf, line.conf)
            para.lines.append(line)
        else:
            out.append(Paragraph(text=line.text, size=line.size, conf=line.conf, lines=[line]))
        prev = cur
    return out


def page_paragraphs(fragments: list[Fragment]) -> list[Paragraph]:
    """Fragments of one page → its paragraphs in reading order."""
    return paragraphs(reading_order(build_lines(fragments)))
