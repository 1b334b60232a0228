"""Which practice tags a card keeps: the kinds of practice the report is about, not every word in passing.

ingest/enrich.detect_practices tags an article for retrieval when a tag's synonym is in the title or lede, is
named as set up or as the means of an act, or occurs twice. A card wants less: the practices the report *is
about* (eval/README.md, `practice`). A 党群服务中心 used as a venue, 志愿者 among the helpers of a flood patrol,
物业 as one party of a residents' committee's repair are mentions, not the practice. Whether a mentioned tag is
the report's practice is read from how the report mentions it, the same way for every tag (no tag has a weight of
its own):

- how much: mentions (log), mentions per 1,000 characters, the share of the report's sentences that mention it,
  and its rank among the report's mentioned tags (the report's main practice is its most mentioned);
- where: in the title, in the lede, how early the first mention stands;
- how: named as set up or as the means of an act (enrich._set_up, enrich._as_means), inside an organisation's
  name (a participant, not the practice), in a sentence that tells an act (cards._STEP_VERBS), the tag's own
  name written (志愿服务, not only 志愿者), whether enrich.detect_practices keeps it, the share of mentions in a
  list (、, 和, 及, 与 beside them: one of several parties or items) and the share naming people or a party (an
  agent suffix: 志愿者, 网格员, 物业人员).

A logistic regression over these inputs is fit by bench/practice_tags.py on the tuning split of the hand-checked
cards (eval/pool_cards.jsonl) with grouped cross-validation choosing the threshold, and kept in
ingest/lexicon/practice_tags.json.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from ingest.enrich import DATA, _as_means, _practice_patterns, _set_up, detect_practices
from ingest.weights import load_weights, logistic

WEIGHTS_FILE = DATA / "practice_tags.json"
FEATURES = ["log_mentions", "density", "sentence_share", "rank", "top", "title", "lede", "first_position",
            "set_up", "means", "in_name", "in_act", "own_name", "detected", "in_list", "agent"]
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_LEDE_END = re.compile(r"[。！？\n]")
# A mention that names people or a party (志愿者, 网格员, 楼组长, 物业 + 人员) is someone taking part, not the practice:
# the closed class of agent suffixes of Chinese nouns (者, 员, 长, 师, 人员, 们, 公司…).
_AGENT_END = re.compile(r"(?:者|员|长|师|公司|企业)$")
_AGENT_AFTER = re.compile(r"(?:人员|工作人员|们|师傅|公司|企业|小哥|队员|代表)")
_LIST_MARK = re.compile(r"[、和及与]")


def mentioned_tags(text: str, title: str = "") -> dict[str, list[tuple[int, int]]]:
    """Each tag whose synonyms occur in the text or the title, with the spans of its mentions in the text."""
    out = {}
    for tag, pattern in _practice_patterns():
        spans = [m.span() for m in pattern.finditer(text)]
        if spans or pattern.search(title):
            out[tag] = spans
    return out


def features(text: str, title: str = "") -> dict[str, list[float]]:
    """Per mentioned tag, the model's inputs in FEATURES order."""
    from ingest.cards import _STEP_VERBS, ACTOR_TYPES

    tags = mentioned_tags(text, title)
    if not tags:
        return {}
    detected = set(detect_practices(text, title))
    sentences = [(m.start(), m.end(), m.group(0)) for m in _SENTENCE.finditer(text)] or [(0, len(text), text)]
    acts = [(s, e) for s, e, t in sentences if _STEP_VERBS.search(t)]
    names = [m.span() for p in ACTOR_TYPES.values() for m in p.finditer(text)]
    lede_end = len(_LEDE_END.split(text.lstrip(), 1)[0]) + (len(text) - len(text.lstrip()))
    counts = sorted({len(v) for v in tags.values()}, reverse=True)
    patterns = dict(_practice_patterns())
    out = {}
    for tag, spans in tags.items():
        n = len(spans)
        in_sentences = {i for i, (s, e, _) in enumerate(sentences) for a, _b in spans if s <= a < e}
        out[tag] = [
            math.log1p(n),
            1000 * n / max(len(text), 1),
            len(in_sentences) / len(sentences),
            float(counts.index(n)) if n else float(len(counts)),
            float(n > 0 and n == counts[0]),
            float(bool(patterns[tag].search(title))),
            float(any(a < lede_end for a, _b in spans)),
            spans[0][0] / max(len(text), 1) if spans else 1.0,
            float(any(_set_up(text, a, b) for a, b in spans)),
            float(any(_as_means(text, a, b) for a, b in spans)),
            sum(1 for a, b in spans if any(x <= a and b <= y for x, y in names)) / n if n else 0.0,
            sum(1 for a, _b in spans if any(s <= a < e for s, e in acts)) / n if n else 0.0,
            float(tag in text or tag in title),
            float(tag in detected),
            sum(1 for a, b in spans if _LIST_MARK.match(text[b:b + 1]) or _LIST_MARK.match(text[a - 1:a])) / n if n else 0.0,
            sum(1 for a, b in spans if _AGENT_END.search(text[a:b]) or _AGENT_AFTER.match(text, b)) / n if n else 0.0,
        ]
    return out


@lru_cache(maxsize=1)
def _model() -> dict:
    return load_weights(WEIGHTS_FILE, FEATURES, "ingest/practice_tags.py", "bench/practice_tags.py")


def tag_probabilities(text: str, title: str = "") -> dict[str, float]:
    """P(the report is about this practice) for every tag it mentions."""
    model = _model()
    return {tag: logistic(model["intercept"], model["weights"], x) for tag, x in features(text, title).items()}


def card_tags(text: str, title: str = "") -> list[str]:
    """The tags a card keeps, in the vocabulary's order."""
    threshold = _model()["threshold"]
    return [tag for tag, p in tag_probabilities(text, title).items() if p >= threshold]
