"""Among governance reports, does this one tell a practice (who did what, how) or only talk about one?

ingest/practice_signal.py tells governance reports from other news (it is fit on the pool against its
distractors); it cannot tell a report of a practice from a governance report that describes none — an opinion
piece that only cites examples, an exchange or cultural event (a festival of delegations, a lecture, a speech
show), residents' suggestions and an official's promises. This second stage reads how the report is told, not
its topic, as shares of its sentences:

- talk: reported speech and the verbs of a talk (表示, 说, 讲解, 分享, 交流, 建议, 回应…) — what a lecture, an
  exchange, a hearing or a speech show is made of;
- questions: rhetorical or reported questions (？), how commentary and speeches argue;
- mechanism: the mean of the three highest probabilities the card's mechanism-sentence model
  (ingest/card_sentences.py) gives the report's sentences — does any sentence tell how something was done;
the first stage's log-odds, and acting: how many sentences tell a governance body doing something (the first
stage's log_acting, log1p of the sentences with a GOVERNANCE actor and an ACTION verb) — a report of a practice
tells several acts; a talk, a festival or a commentary few. A logistic regression over them is fit by
bench/report_genre.py on hand labels — the development-pool reports (eval/pool_practice.jsonl and the tuning rows
of eval/pool_cards.jsonl) and the 72 distractors of eval/distractor_practice.jsonl — with grouped
cross-validation choosing the threshold, and kept in ingest/lexicon/report_genre.json.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from ingest.enrich import DATA
from ingest.weights import load_weights, logistic

WEIGHTS_FILE = DATA / "report_genre.json"
FEATURES = ["talk", "questions", "mechanism", "stage1", "acting"]
TOP = 3  # the mechanism feature averages this many of the highest sentence probabilities
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
# Talk: reported speech (…表示，…), and the verbs of a lecture, an exchange or a hearing.
_TALK = re.compile(r"(?:表示|说|介绍|认为|坦言|说道|指出|强调)[，：:,“]|讲解|讲述|宣讲|授课|分享|交流|发言|畅谈|建议|回应|"
                   r"谈到|座谈|演讲|心得|体会")
_MIN_SENTENCE = 6


def sentences(text: str) -> list[str]:
    """The report's sentences of at least _MIN_SENTENCE characters (captions and headings left out)."""
    return [s.strip() for s in _SENTENCE.findall(text) if len(s.strip()) >= _MIN_SENTENCE]


def features(text: str, stage1: float) -> list[float]:
    """The classifier's inputs, in FEATURES order; stage1 is practice_signal's probability for the text."""
    from ingest import card_sentences, practice_signal

    found = sentences(text) or [text]
    n = len(found)
    mechanism = sorted(card_sentences.probability("mechanism", s, i, n) for i, s in enumerate(found))[-TOP:]
    p = min(max(stage1, 1e-6), 1 - 1e-6)
    return [
        sum(1 for s in found if _TALK.search(s)) / n,
        sum(1 for s in found if "？" in s or "?" in s) / n,
        sum(mechanism) / len(mechanism),
        math.log(p / (1 - p)),
        practice_signal.features(text)[practice_signal.FEATURES.index("log_acting")],
    ]


@lru_cache(maxsize=1)
def _model() -> dict:
    return load_weights(WEIGHTS_FILE, FEATURES, "ingest/report_genre.py", "bench/report_genre.py")


def practice_told_probability(text: str, stage1: float) -> float:
    """P(the governance report tells a practice) from how it is told."""
    model = _model()
    return logistic(model["intercept"], model["weights"], features(text, stage1))


def tells_practice(text: str, stage1: float) -> bool:
    return practice_told_probability(text, stage1) >= _model()["threshold"]
