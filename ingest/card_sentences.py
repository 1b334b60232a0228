"""Which sentences of a report tell how a practice works (mechanism) and what it achieved (outcomes).

A sentence's role is read from its structure, not its topic: how many governance acts it reports (verbs of
doing, ingest/cards._STEP_VERBS) and how concretely (numbers, named documents, routines), whether it is
done or still planned (perfective markers, the future tense of assistant/sentence_role.py), whether it is
speech, a purpose clause or exhortation (cards._not_done), how much of it is evaluation (adjectives,
adverbs, idioms by part of speech) and how much action (verbs), whether a named body acts in it, whether
it reports a change (result vocabulary), and where it stands in the report (lede, body, closing outlook).
The sentence's grammar is read as well (structure_words): its parts of speech, its closed-class words
(adverbs such as 已/将/进一步, prepositions 由/通过/为, particles 了/的, conjunctions) and verbs, and which part of
speech follows which (a verb then 了, a modal then an adverb).
Two logistic regressions over these features, one per field, are fit by bench/card_sentences.py on the
hand-checked cards of the tuning split (eval/pool_cards.jsonl) and kept in ingest/lexicon/card_sentences.json:
per field the weights of the structure features (fit on standardised values, stored for raw ones), one weight
per grammar word seen in at least three tuning sentences, and the threshold.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache

from ingest.enrich import DATA
from ingest.weights import load_weights, logistic

WEIGHTS_FILE = DATA / "card_sentences.json"
FEATURES = ["step_verbs", "detail", "outcome_cues", "done", "not_done", "action", "evaluative", "concrete",
            "outlook", "first", "position", "length", "quoted", "actor", "count", "change"]
# A change of state told as a result: 由X变为Y, 从X到Y, X得到了Y, a resultative complement (…好了, …完毕).
_CHANGE = re.compile(r"变为|变成|成为|从[^，。]{1,20}到|得到了?|有了|焕然|完毕|完成|实现了|已[^，。]{0,6}(?:了|完成)")


def features(sentence: str, index: int, total: int) -> list[float]:
    """The classifiers' inputs, in FEATURES order, for the index-th of total sentences of a report."""
    from assistant.sentence_role import role
    from ingest.cards import _COUNT, _DETAIL, _DONE, _OUTCOME_CUES, _STEP_VERBS, ACTOR_TYPES, _not_done

    r = role(sentence)
    quoted = sum(len(q) for q in re.findall(r"“[^”]*”?", sentence)) / max(len(sentence), 1)
    return [
        float(len(set(_STEP_VERBS.findall(sentence)))),
        float(bool(_DETAIL.search(sentence))),
        float(len(set(_OUTCOME_CUES.findall(sentence)))),
        float(bool(_DONE.search(sentence))),
        float(_not_done(sentence)),
        r.action,
        r.evaluative,
        math.log1p(r.concrete),
        float(r.outlook),
        float(index == 0),
        index / max(total - 1, 1),
        math.log(max(len(sentence), 1)),
        quoted,
        float(any(p.search(sentence) for p in ACTOR_TYPES.values())),
        float(bool(_COUNT.search(sentence))),
        float(bool(_CHANGE.search(sentence))),
    ]


# Reported speech: a speaker's words (…书记表示，…; 居民王女士说：“…”), testimony rather than the report's own account.
_SPEECH = re.compile(r"(?:表示|说|介绍|认为|坦言|说道)[，：:,“]")


def eligible(sentence: str, field: str = "mechanism") -> bool:
    """Plans and wishes in the future tense (下一步…将…) and exhortation (各社区要进一步…: what ought to be done)
    never tell what was done or achieved (assistant/sentence_role.py); an outcome is the report's own account
    of a change, not a speaker's words about it; a fragment under 12 characters is a caption or heading."""
    from assistant.sentence_role import role

    r = role(sentence)
    if len(sentence) < 12 or r.outlook or r.exhortation:
        return False
    return field != "outcomes" or not _SPEECH.search(sentence)


# Parts of speech whose words are kept as words: verbs (what is done) and the closed classes that carry
# aspect, mood and role (adverbs 已/将/进一步, prepositions 由/通过, particles 了, conjunctions).
_GRAMMAR_FLAGS = ("v", "d", "p", "u", "c")


def structure_words(sentence: str) -> list[str]:
    """The sentence's grammar as words for the classifiers: every part-of-speech flag (pos:v), every verb and
    closed-class word (word:已), and every pair of neighbouring flags (pair:v_ul)."""
    from assistant.sentence_role import tags

    tokens = tags(sentence)
    return ([f"pos:{f}" for _, f in tokens] + [f"word:{w}" for w, f in tokens if f.startswith(_GRAMMAR_FLAGS)]
            + [f"pair:{a}_{b}" for (_, a), (_, b) in zip(tokens, tokens[1:])])


@lru_cache(maxsize=1)
def _models() -> dict:
    return load_weights(WEIGHTS_FILE, FEATURES, "ingest/card_sentences.py", "bench/card_sentences.py")


def probability(field: str, sentence: str, index: int, total: int) -> float:
    """P(the sentence belongs in the card's field), for the index-th of total sentences of a report."""
    model = _models()[field]
    words = model["words"]
    grammar = sum(words.get(w, 0.0) for w in set(structure_words(sentence)))
    return logistic(model["intercept"] + grammar, model["weights"], features(sentence, index, total))


def threshold(field: str) -> float:
    return _models()[field]["threshold"]
