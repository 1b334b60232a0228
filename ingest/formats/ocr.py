"""OCR of page images with RapidOCR (PP-OCRv4 Chinese detection + recognition, ONNX Runtime, CPU).

The models ship inside the `rapidocr-onnxruntime` wheel, so OCR works offline. The engine is loaded
once per process, on first use.

Each detected text line comes with a recognition confidence in [0, 1]:
- below `DROP_BELOW` (0.5) the line is dropped and counted (at that level it is almost always a
  photo, an ornament or a stain read as text, and mixing it in would only add noise);
- below `MARK_BELOW` (0.8) the line is kept but wrapped as `〔OCR存疑：…〕`, so a reader of an
  answer or citation sees which words the machine was unsure of;
- otherwise it is used as is.
The lines are then put in reading order (columns, paragraphs) by `layout`, like a PDF text layer.

Progress: every OCR'd page is reported to the callback set with `set_progress` (default: one line
per page on stderr and the `gongzhi.ocr` logger; the web app can route it to its progress display).
"""
from __future__ import annotations

import logging
import math
import statistics
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported where used: numpy and PIL are only needed when a page is read
    import numpy as np
    from PIL import Image

from ingest.formats.layout import SPLIT_GAP, Fragment, Paragraph, page_paragraphs
from ingest.formats.stories import story_starts

DROP_BELOW = 0.5
MARK_BELOW = 0.8
MARK_OPEN, MARK_CLOSE = "〔OCR存疑：", "〕"
# part of an OCR page's content hash: changing the engine or thresholds re-OCRs on the next ingest
FEW_CHARS = 20  # confident characters below which a page is tried in other orientations
SKEW_MIN, SKEW_MAX = 0.7, 25.0  # degrees of tilt that are levelled before reading
# "-stories": reading order with confirmed gutters and headline rows, one article per story (issue 22)
OCR_VERSION = f"rapidocr-ppocrv4-nocls-{DROP_BELOW}-{MARK_BELOW}-upright{FEW_CHARS}-level{SKEW_MIN}-stories-pitch"
BODY_SNAP = 0.25
MAX_SIDE = 3000  # pixels: larger scans are scaled down before OCR (detection works on ≤2000 anyway)
MIN_SIDE = 32

log = logging.getLogger("gongzhi.ocr")


@dataclass
class OcrLine:
    text: str
    conf: float
    box: tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels


@dataclass
class OcrPage:
    text: str
    paragraphs: list[Paragraph]
    lines: list[OcrLine]
    marked: int = 0  # lines kept with the 〔OCR存疑：…〕 mark
    dropped: list[OcrLine] = field(default_factory=list)  # lines below DROP_BELOW, left out
    seconds: float = 0.0
    stories: list[int] = field(default_factory=list)  # offsets in `text` where a further story begins

    @property
    def mean_conf(self) -> float:
        return sum(ln.conf for ln in self.lines) / len(self.lines) if self.lines else 0.0


@dataclass
class OcrProgress:
    """One OCR'd page, as reported to the progress callback."""

    source: str
    page: int  # 1-based
    pages: int  # pages to OCR in this file (0 when unknown)
    lines: int
    marked: int
    dropped: int
    seconds: float

    def message(self) -> str:
        of = f"/{self.pages}" if self.pages else ""
        return (f"OCR {self.source} p.{self.page}{of}: {self.lines} lines, {self.marked} low-confidence marked, "
                f"{self.dropped} dropped, {self.seconds:.1f} s")


def _default_progress(event: OcrProgress) -> None:
    """One line per OCR'd page on stderr (above the ingest progress bar on a terminal), and the log."""
    log.info(event.message())
    if sys.stderr.isatty():
        from tqdm import tqdm

        tqdm.write(event.message(), file=sys.stderr)
    else:
        print(event.message(), file=sys.stderr, flush=True)


_progress: Callable[[OcrProgress], None] = _default_progress


def set_progress(callback: Callable[[OcrProgress], None] | None) -> Callable[[OcrProgress], None]:
    """Route per-page OCR progress to `callback` (None restores the default); returns the previous one."""
    global _progress
    previous = _progress
    _progress = callback or _default_progress
    return previous


def report(event: OcrProgress) -> None:
    try:
        _progress(event)
    except Exception:  # a broken progress display never stops an ingest
        log.exception("OCR progress callback failed")


_lock = threading.Lock()


@lru_cache(maxsize=1)
def engine() -> Any:  # rapidocr_onnxruntime.RapidOCR
    """The RapidOCR engine (models from the wheel; no network)."""
    from rapidocr_onnxruntime import RapidOCR

    # our own thresholds apply afterwards: let RapidOCR return every line it recognised
    return RapidOCR(text_score=0.05, use_cls=False, print_verbose=False)


def _prepare(image: Image.Image) -> np.ndarray:
    """PIL image → RGB numpy array, scaled into the range OCR handles well."""
    import numpy as np
    from PIL import Image, ImageOps

    image = ImageOps.exif_transpose(image)  # phone photos carry their rotation in EXIF
    if image.mode not in ("RGB", "L"):
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A") if "A" in image.getbands() else None)
        image = background
    image = image.convert("RGB")
    scale = min(1.0, MAX_SIDE / max(image.size))
    if scale < 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
    return np.asarray(image), scale


def split_at_gutters(line: OcrLine, char_boxes: list | None, chars: list[str] | None) -> list[OcrLine]:
    """Cut a detected line where its characters are further apart than a column gutter.

    The detector joins the lines of neighbouring columns into one box when the gutter is narrow
    (it dilates its text map); the recogniser's per-character boxes show where the gutter is.
    """
    if not char_boxes or not chars or "".join(chars) != line.text or len(chars) != len(char_boxes):
        return [line]
    x0, y0, x1, y1 = line.box
    em = (y1 - y0) * 0.8
    spans = [(min(p[0] for p in b), max(p[0] for p in b)) for b in char_boxes]
    pieces: list[OcrLine] = []
    start = 0
    for i in range(1, len(chars) + 1):
        if i == len(chars) or spans[i][0] - spans[i - 1][1] > SPLIT_GAP * em:
            text = "".join(chars[start:i]).strip()
            if text:
                pieces.append(OcrLine(text, line.conf, (spans[start][0], y0, spans[i - 1][1], y1)))
            start = i
    # one piece: the detected box is the better outline (character boxes are estimates)
    return pieces if len(pieces) > 1 else [line]


def mark(text: str) -> str:
    return f"{MARK_OPEN}{text}{MARK_CLOSE}"


def _recognise(array) -> list:  # noqa: ANN001 - numpy array
    with _lock:  # one ONNX session, used by one thread at a time
        result, _ = engine()(array, use_cls=False, text_score=0.05, return_word_box=True)
    return result or []


def _confident_chars(result: list) -> int:
    """Characters read with confidence on lines lying flat: a page on its side also reads, its tall
    boxes turned by the recogniser, but its lines stand upright and its layout is lost."""
    count = 0
    for item in result:
        xs, ys = [p[0] for p in item[0]], [p[1] for p in item[0]]
        if float(item[2]) >= MARK_BELOW and max(xs) - min(xs) >= max(ys) - min(ys):
            count += len(str(item[1]).strip())
    return count


def skew_degrees(result: list) -> float:
    """The page's tilt from its long detected lines (median angle of their top edges), in degrees;
    positive when lines run down to the right."""
    angles = []
    for item in result:
        (x0, y0), (x1, y1), _, (xb, yb) = item[0][:4]
        width, height = math.hypot(x1 - x0, y1 - y0), math.hypot(xb - x0, yb - y0)
        if width > 4 * height:
            angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
    return statistics.median(angles) if len(angles) >= 3 else 0.0


def ink_density(gray, box: tuple[float, float, float, float]) -> float:  # noqa: ANN001 - numpy array
    """Share of a line box's pixels that are ink (darker than halfway between its paper and its ink):
    bold type of the same size inks about half as much again as regular type."""
    import numpy as np

    x0, y0, x1, y1 = (int(round(v)) for v in box)
    x0, y0 = max(x0, 0), max(y0, 0)
    crop = gray[y0:max(y1, y0 + 1), x0:max(x1, x0 + 1)]
    if crop.size < 16:
        return 0.0
    paper, ink = np.percentile(crop, 95), np.percentile(crop, 3)
    if paper - ink < 40:  # no contrast: not a printed line
        return 0.0
    return float((crop < (paper + ink) / 2).mean())


def _upright(array) -> tuple[list, object]:  # noqa: ANN001 - numpy array
    """Recognised lines of the page the right way up and level, and the page image they were read from.

    A scan fed in sideways or upside down (no EXIF to say so) reads as nothing: when the page gives
    fewer than FEW_CHARS confident characters, the three other quarter turns are tried and the best
    kept. A tilted photo or scan (SKEW_MIN..SKEW_MAX degrees) reads line by line but its boxes overlap
    in reading order (5° cut character recall of the test page to 0.69): it is rotated level and read
    again. A level upright page costs one pass; a tilted page two; a page with fewer than FEW_CHARS flat
    characters (turned, vertical columns, a photo with a caption, a blank page) up to four — on a
    blank page these are detection passes only, with nothing to recognise."""
    import numpy as np
    from PIL import Image

    result = _recognise(array)
    if _confident_chars(result) < FEW_CHARS:  # a page on its side may detect nothing at all
        original = array
        for turn in (1, 3, 2):  # each a turn of the page as it came
            turned_array = np.ascontiguousarray(np.rot90(original, turn))
            turned = _recognise(turned_array)
            if _confident_chars(turned) > max(_confident_chars(result), FEW_CHARS // 2):
                result, array = turned, turned_array
    angle = skew_degrees(result)
    if SKEW_MIN <= abs(angle) <= SKEW_MAX:
        level = np.asarray(Image.fromarray(array).rotate(angle, expand=True, fillcolor="white",
                                                         resample=Image.BICUBIC))
        again = _recognise(level)
        if _confident_chars(again) >= 0.9 * _confident_chars(result):
            result, array = again, level
    return result, array


def ocr_image(image: Image.Image) -> OcrPage:
    """OCR one page image (a PIL image); text in reading order, low-confidence lines marked or dropped."""
    started = time.perf_counter()
    array, _ = _prepare(image)
    if min(array.shape[:2]) < MIN_SIDE:
        return OcrPage("", [], [], seconds=time.perf_counter() - started)
    result, array = _upright(array)
    gray = array.mean(axis=2) if array.ndim == 3 else array
    lines: list[OcrLine] = []
    for item in result or []:
        box, text, score = item[0], str(item[1]).strip(), float(item[2])
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        if text:
            line = OcrLine(text, score, (min(xs), min(ys), max(xs), max(ys)))
            lines += split_at_gutters(line, item[3] if len(item) > 4 else None, item[4] if len(item) > 4 else None)
    kept = [ln for ln in lines if ln.conf >= DROP_BELOW]
    dropped = [ln for ln in lines if ln.conf < DROP_BELOW]
    fragments = []
    heights = sorted(ln.box[3] - ln.box[1] for ln in kept)
    body = heights[len(heights) // 2] if heights else 0.0
    for ln in kept:
        x0, y0, x1, y1 = ln.box
        height = y1 - y0
        # detected boxes vary in height with the glyphs they hold (quotes, commas): a line within
        # BODY_SNAP of the page's usual height is body text set in the usual size
        if body and abs(height - body) <= BODY_SNAP * body:
            height = body
        size = height * 0.8  # a detected box is padded around the glyphs
        text = mark(ln.text) if ln.conf < MARK_BELOW else ln.text
        fragments.append(Fragment(x0, y0, x1, y1, text, max(size, 1.0), ln.conf,
                                  weight=ink_density(gray, ln.box)))
    paragraphs = page_paragraphs(fragments)
    text, stories, starts = "", [], set(story_starts(paragraphs, body * 0.8))
    for i, p in enumerate(paragraphs):
        if i in starts and i:
            stories.append(len(text) + 1)
        text = f"{text}\n{p.text}" if i else p.text
    marked = sum(1 for ln in kept if ln.conf < MARK_BELOW)
    return OcrPage(text, paragraphs, kept, marked, dropped, time.perf_counter() - started, stories)
