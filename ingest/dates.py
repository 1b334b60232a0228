"""The publication date of a record, from the export's `date` field in any of its shapes.

Shapes seen in web exports: `2023-07-28 16:40`, `2023-07-28 16：40`, `2023/08/03  08:33`,
`2023年08月01日`, `来源：央视网 | 2023年08月01日 10:00:00`, `23-08-08 18:25` (two-digit year),
`202308/14 07:48:20` (year and month run together), and month-day forms without a year:
`8-2 19:21`, `07-26 11:48`, `08/03  08:33`, `08/17`.

A month-day without a year takes its year from the text only where the text ties a year to that
same date (`2023年8月14日`, or `2023年8月` for the same month); otherwise the year is unknown and
the record stays undated (None): the store holds ISO dates (YYYY-MM-DD, YYYY-MM, YYYY), and a
guessed year (the ingest year, the neighbours' year) would put a wrong year on a case card and pass
a year filter it should not. Times of day are dropped.

Written here rather than with a date library: dateutil and jionlp's time parser read `8-2` as a
date in the current year, which is the guess this module refuses to make.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_YMD = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})(?!\d)\s*日?")
_YMD_RUN = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(?:\s*[/\-.]\s*(\d{2})|(\d{2})(?!\d))")  # 202308/14, 20230814
_YY_MD = re.compile(r"^(\d{2})-(\d{1,2})-(\d{1,2})(?:\s|$)")  # 23-08-08 18:25
_MD = re.compile(r"^(\d{1,2})\s*[\-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}\s*[:：]\s*\d{2}(?:\s*[:：]\s*\d{2})?)?$")
_YM = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*月?$")


@dataclass(frozen=True)
class FieldDate:
    """What the field says: year may be None (month-day only)."""
    year: int | None
    month: int
    day: int | None

    def iso(self) -> str | None:
        if self.year is None:
            return None
        return f"{self.year:04d}-{self.month:02d}" + (f"-{self.day:02d}" if self.day else "")


def _valid(month: int, day: int | None) -> bool:
    return 1 <= month <= 12 and (day is None or 1 <= day <= 31)


def read_field(raw: str | None) -> FieldDate | None:
    """The date a `date` field holds, year possibly unknown; None when it holds no date."""
    if not raw:
        return None
    text = str(raw).strip().replace("：", ":")
    for pattern in (_YMD, _YMD_RUN):
        if m := pattern.search(text):
            y, mo, d = (int(g) for g in m.groups() if g is not None)
            if _valid(mo, d):
                return FieldDate(y, mo, d)
    if m := _YY_MD.match(text):
        y, mo, d = (int(g) for g in m.groups())
        if _valid(mo, d):
            return FieldDate(2000 + y, mo, d)
    if m := _MD.match(text):
        mo, d = int(m.group(1)), int(m.group(2))
        if _valid(mo, d):
            return FieldDate(None, mo, d)
    if m := _YM.search(text):
        y, mo = int(m.group(1)), int(m.group(2))
        if _valid(mo, None):
            return FieldDate(y, mo, None)
    return None


def year_in_text(text: str, month: int, day: int | None) -> int | None:
    """The year the text writes with this same month-day (or, failing that, this month)."""
    for m in re.finditer(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?", text):
        if int(m.group(2)) == month and day is not None and m.group(3) and int(m.group(3)) == day:
            return int(m.group(1))
    years = {int(m.group(1)) for m in re.finditer(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月", text)
             if int(m.group(2)) == month}
    return years.pop() if len(years) == 1 else None


def published_date(raw: str | None, text: str = "") -> str | None:
    """ISO date of the record: the field's date, its year from the text when the field has none."""
    found = read_field(raw)
    if found is None:
        return None
    if found.year is None:
        year = year_in_text(text, found.month, found.day)
        if year is None:
            return None
        found = FieldDate(year, found.month, found.day)
    return found.iso()
