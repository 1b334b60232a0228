"""Saved web pages (.html/.htm, and .mhtml/.mht as browsers save them) → the article's main text,
its own title and its publication date.

Library: trafilatura (Apache-2.0). It scores the page's blocks and keeps the article body, leaving
out navigation, breadcrumbs, share bars, comments ("网友评论") and "related articles" lists, and it
reads title and date from the page itself (Open Graph / article meta, <h1>, visible dates, via
htmldate). readability-lxml keeps the body too but extracts no date.
When trafilatura finds no article (a bare fragment, a page that is all list), the caller falls back
to the page's whole visible text.

WeChat article pages saved from a browser keep their date only in a script variable
(`var ct = "1574467200"`); it is read from there.
"""
from __future__ import annotations

import email
import email.policy
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

_WECHAT_CT = re.compile(r"""var\s+ct\s*=\s*["']?(\d{10})["']?""")
_WECHAT_DATE = re.compile(r"""publish_time\s*=\s*["'](\d{4}-\d{2}-\d{2})""")
_CST = timezone(timedelta(hours=8))


@dataclass
class WebArticle:
    text: str
    title: str | None
    published: str | None


def _wechat_date(markup: str) -> str | None:
    if "js_content" not in markup and "rich_media" not in markup:
        return None
    if m := _WECHAT_CT.search(markup):
        return datetime.fromtimestamp(int(m.group(1)), _CST).date().isoformat()
    if m := _WECHAT_DATE.search(markup):
        return m.group(1)
    return None


def extract_article(markup: str, url: str | None = None) -> WebArticle | None:
    """Main content, title and date of a saved page; None when no article body is found."""
    import trafilatura

    # WeChat hides the article body until its scripts run; the saved markup still holds it
    markup = markup.replace('style="visibility: hidden;"', "")
    doc = trafilatura.bare_extraction(markup, url=url, with_metadata=True, include_comments=False,
                                      include_tables=True, include_images=False, include_links=False,
                                      output_format="python",
                                      date_extraction_params={"original_date": True, "extensive_search": True})
    if doc is None or not (doc.text or "").strip():
        return None
    published = _wechat_date(markup) or doc.date or None
    return WebArticle(text=doc.text, title=(doc.title or None), published=published)


@dataclass
class MhtmlPage:
    html: str
    url: str | None
    subject: str | None


def read_mhtml(data: bytes) -> MhtmlPage | None:
    """The HTML document inside an MHTML archive (MIME multipart/related), decoded; None if absent."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    url = message.get("Snapshot-Content-Location")
    for part in message.walk():
        if part.get_content_type() != "text/html":
            continue
        try:
            html = part.get_content()
        except (LookupError, UnicodeDecodeError):
            payload = part.get_payload(decode=True) or b""
            html = payload.decode("utf-8", errors="replace")
        if isinstance(html, bytes):
            html = html.decode("utf-8", errors="replace")
        return MhtmlPage(html=html, url=url or part.get("Content-Location"), subject=message.get("Subject"))
    return None
