"""Question analysis: language, normalisation, English→Chinese term expansion, key terms."""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from langdetect import DetectorFactory, LangDetectException, detect

from assistant import areas
from assistant import dictionary as dictionary_module
from assistant.dictionary import common_word
from assistant.interrogatives import INTERROGATIVE_MORPHEME as _INTERROGATIVE
from ingest.clean import to_simplified
from ingest.enrich import DATA, NOT_A_NAME, gazetteer, read_tsv
from ingest.regions import COUNTRY
from vectorstore.keyword import PERSON_FLAGS, PROPER_FLAGS, STOPWORDS, dictionary_tags, posseg_cut
from vectorstore.pinyin import NameLookup, is_pinyin, romanise
from vectorstore.script import CJK as _CJK
from vectorstore.script import has_chinese

DetectorFactory.seed = 0

# Chinese: what a question is about is told by part of speech (jieba's flags), not by a word list.
# Pronouns and interrogative pronouns (r: 什么 怎么 哪些 各自), auxiliaries (u*), modal particles (y),
# prepositions (p), conjunctions (c: 何时 too), adverbs (d: 分别 率先), numerals and measure words
# (m, q, mq: 多少 几届 一下; numbers themselves are kept), localisers (f: 以下 沿线), interjections,
# onomatopoeia and punctuation carry no topic.
FUNCTION_FLAGS = frozenset({"r", "rr", "rz", "ry", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "p", "c", "d",
                            "m", "q", "mq", "f", "e", "o", "x", "w", "zg"})
# jieba tags some interrogatives as nouns or verbs (多长时间/n, 是否/v, 哪一年/r): interrogatives.INTERROGATIVE_MORPHEME.
_NUMBER = re.compile(r"\d|^第")  # 2021, 1000户, 第二届: numbers and ordinals are constraints, kept
VERB_FLAGS = frozenset({"v", "vd", "vn", "vi", "vg"})
# English has no tagger here: its closed-class words (articles, pronouns, auxiliaries, prepositions,
# conjunctions, wh-words) are listed once, as every English stop-word list does, with the light verbs
# (come, go, take, give, put, let, get, make, set: "come into force") that carry no topic of their own.
LIGHT_VERBS = frozenset("come go take give put let get make set".split())
ENGLISH_FUNCTION_WORDS = frozenset(
    "what how which who whom whose why when where is are was were do does did have has had the a an of to in on "
    "for and or it its this that these those there their they them themselves itself can could should would "
    "will be been being about with by at as from into set up get make did much many any some all each other "
    "than then also just only very not no our we you your i me my he she his her him us like such via".split()
) | LIGHT_VERBS


def is_function_word(word: str, flag: str) -> bool:
    """Does this Chinese word (with jieba's flag) shape the question rather than name its topic?"""
    if _INTERROGATIVE.search(word):
        return True
    if flag in {"m", "mq"} and _NUMBER.search(word):
        return False
    return flag in FUNCTION_FLAGS


def question_lang(question: str) -> str:
    """`zh` (simplified), `zh-hant` (traditional), or langdetect's code for other scripts (default `en`)."""
    if _CJK.search(question):
        simplified = to_simplified(question)
        changed = sum(1 for a, b in zip(question, simplified) if a != b)
        return "zh-hant" if changed >= 1 and changed >= len(_CJK.findall(question)) * 0.1 else "zh"
    try:
        code = detect(question)
    except LangDetectException:
        return "en"
    return code if code in {"en", "fr", "de", "es", "ja", "ko", "ru"} else "en"


def normalise_query(question: str) -> str:
    return to_simplified(question.strip())


@lru_cache(maxsize=1)
def glossary() -> list[tuple[str, list[str]]]:
    """English term → Chinese terms, longest English term first."""
    rows = [(r["en"].strip().lower(), [z.strip() for z in r["zh"].split(",") if z.strip()])
            for r in read_tsv(DATA / "glossary_en_zh.tsv")]
    return sorted(rows, key=lambda r: -len(r[0]))


@lru_cache(maxsize=1)
def synonyms() -> dict[str, tuple[str, ...]]:
    """Question word → words reports use for it (ingest/lexicon/synonyms_zh.tsv): 出资 is reported as 认领, 资金."""
    return {r["word"].strip(): tuple(a.strip() for a in r["alternatives"].split(",") if a.strip())
            for r in read_tsv(DATA / "synonyms_zh.tsv")}


@dataclass
class Term:
    text: str  # what to look for (Chinese word, or the English word itself)
    alternatives: tuple[str, ...]  # any of these in a passage covers the term
    entity: bool  # a name (place, person, organisation): must be found for the answer to count
    searched: tuple[str, ...] = ()  # Chinese forms added to an English question's search (not the places inside)
    verb: bool = False  # reports describe an action in their own verbs (运作 → 承担, 聘请): it weighs less
    optional: bool = False  # an English word outside the glossary: counts when found, never as missing
    pos: str = ""  # jieba's part-of-speech flag (Chinese questions)
    glossed: bool = False  # an English word or phrase the general dictionary translates (assistant/dictionary.py)
    located: str = ""  # the local area this place name locates in the question (深圳 of 深圳水围社区: 水围社区)
    # a word jieba tags as a place or body that CC-CEDICT knows only as a common word (东西/ns, 上门/ns): an entity
    # to every check but the grounding's, where its absence counts against the coverage, not as a missing name
    common: bool = False
    # an English name of the country the collection's places lie in ("China", "Chinese": 中国, 中国籍): where it
    # locates another name of the question (Longgang), a report placed in one of its provinces implies it (我国, or
    # nothing at all), as a street implies its city; otherwise it is a name the evidence must show (grounding)
    country: bool = False
    # a name jieba cut into characters in the question (沌/口/街道: query.pieced_runs), matched as those characters
    pieced: bool = False


def _pinyin_runs(text: str, lowered: str, names: NameLookup, terms: list[Term]) -> str:
    """"Jiangqiu Xinyuan" may be one name (江秋新苑): the longest run of capitalised words the collection
    knows becomes one entity term; returns `lowered` with those words blanked."""
    for run in re.finditer(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+", text):
        words = list(re.finditer(r"[A-Z][a-z]+", run.group(0)))
        for size in range(len(words), 1, -1):
            for first in range(len(words) - size + 1):
                start, end = run.start() + words[first].start(), run.start() + words[first + size - 1].end()
                if lowered[start:end] != text[start:end].lower():
                    continue  # partly a glossary term already
                if chinese := names(text[start:end]):
                    terms.append(Term(text[start:end].lower(), (text[start:end], *chinese), entity=True,
                                      searched=chinese))
                    lowered = lowered[:start] + " " * (end - start) + lowered[end:]
    return lowered


# A list of capitalised examples after "like", "such as", "including" ("companies like B&Q and Metro").
_EXAMPLES = re.compile(r"\b(?:like|such as|including|e\.g\.)\s+((?:[A-Z][\w&'’-]*(?:\s*,\s*|\s+(?:and|or)\s+|\s+))*"
                       r"[A-Z][\w&'’-]*)")


MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")


def _month(word: str, original: str) -> Term | None:
    """A month ("December", "Dec."): a date the reports write as 12月, not a name to be found in English."""
    if not original[:1].isupper():
        return None  # "may" the verb
    n = next((i + 1 for i, m in enumerate(MONTHS) if word == m or (len(word) >= 3 and word == m[:3])), None)
    return Term(word, (f"{n}月",), entity=False, searched=(f"{n}月",)) if n else None


def _title_head(text: str, start: int, titled: list[int]) -> bool:
    """Is the capitalised word at `start` in the same title-cased run as an earlier capitalised glossary term
    (a common noun: "Community Governance Regulation")? An English noun phrase ends in its head: a name
    comes before it ("Tokyo Community Garden", "Longgang's …"), so only words after the glossary term."""
    return any(end <= start and re.fullmatch(r"(?:[\s-]+[A-Z][a-z]+)*[\s-]+", text[end:start]) for end in titled)


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


def _common_words(text: str) -> list[re.Match[str]]:
    """The words of the text that are no names: lower case, or capitalised only as the sentence's first word."""
    words = list(_WORD.finditer(text))
    return [m for i, m in enumerate(words) if m.group(0).islower() or i == 0 and m.group(0)[1:].islower()]


def dictionary_phrases(text: str, dictionary: bool = True) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, Chinese words) of the phrases of two to four common words the general dictionary translates
    ("street lamps" → 路灯, "take effect" → 施行), longest first, not overlapping; none with dictionary=False.
    A phrase neither starts nor ends with a function word, but may start with a light verb ("take effect")."""
    if not dictionary:
        return []
    words = _common_words(text)
    found: list[tuple[int, int, tuple[str, ...]]] = []
    for size in range(dictionary_module.MAX_WORDS, 1, -1):
        for i in range(len(words) - size + 1):
            run = words[i:i + size]
            if any(text[a.end():b.start()].strip(" -") for a, b in zip(run, run[1:])):
                continue  # the words are not adjacent
            first, last = run[0].group(0).lower(), run[-1].group(0).lower()
            if first in ENGLISH_FUNCTION_WORDS - LIGHT_VERBS or last in ENGLISH_FUNCTION_WORDS:
                continue
            start, end = run[0].start(), run[-1].end()
            if any(s < end and start < e for s, e, _ in found):
                continue
            if chinese := dictionary_module.translate(" ".join(m.group(0).lower() for m in run)):
                found.append((start, end, chinese))
    return found


# jieba's flags of the grammatical classes (FUNCTION_FLAGS) without numerals and measure words — "third" (三次/m)
# is a constraint — and without adverbs, as jieba's dictionary tags some verbs (更新/d for "renew"): "after"
# (之后/f, 以后/f), "during" (之中/r, 之际/f) and "through" (通过/p) shape the question
_GRAMMAR_FLAGS = FUNCTION_FLAGS - {"m", "q", "mq", "d"}


def translates_to_function_words(chinese: Sequence[str]) -> bool:
    """Are at least half of the translations jieba's dictionary tags (of an English word) Chinese function
    words — localisers, prepositions, pronouns, conjunctions, particles (after → 之后/f, 以后/f; among → 之中, 之间;
    through → 通过/p)? Then the English word is one too: a preposition or conjunction the closed-class list
    lacks, which a report does not write as a word of its own. Read from the dictionary, not listed."""
    known = dictionary_tags()
    flags = [known[word] for word in chinese if word in known]
    return bool(flags) and 2 * sum(flag in _GRAMMAR_FLAGS for flag in flags) >= len(flags)


def _transliterated(english: str, chinese: Sequence[str]) -> bool:
    """Is the English the toneless pinyin of one of its Chinese words (zhenru ~ 真如): a name, not a word?"""
    letters = re.sub(r"[^a-z]", "", english.lower())
    return any(has_chinese(z) and romanise(z) == letters for z in chinese)


def _country_forms(word: str) -> tuple[str, ...]:
    """The Chinese CC-CEDICT gives a capitalised English word as a proper noun, when one of them names the
    country of the collection's place table (COUNTRY: "China" → 中国, 中华…; "Chinese" → 中国籍); else ()."""
    forms = dictionary_module.proper_name(word)
    return forms if any(form.startswith(COUNTRY) for form in forms) else ()


# The closed-class words that tell the part of speech of the English word right after them (`word_part`): the
# infinitive's "to", modal auxiliaries and subject pronouns before a verb ("to issue", "they look"); articles,
# demonstratives and possessive determiners before a noun or its adjective ("the issue", "their address").
# ("that" may be a relative pronoun before a verb, "may" a month: neither tells.)
_BEFORE_VERB = frozenset("to can could will would should shall might must they we you he she i".split())
_BEFORE_NOUN = frozenset("a an the this these those its their his our your my each every".split())


def word_part(text: str, start: int) -> str:
    """dictionary.VERB or NOUN when the word of the English text at `start` comes right after a word that tells
    which it is (_BEFORE_VERB, _BEFORE_NOUN), else "" (jieba tags Chinese; English has no tagger here)."""
    before = re.findall(r"[A-Za-z']+", text[:start])
    last = before[-1].lower() if before else ""
    return dictionary_module.VERB if last in _BEFORE_VERB else dictionary_module.NOUN if last in _BEFORE_NOUN else ""


def english_terms(question: str, names: NameLookup | None = None, dictionary: bool = True) -> list[Term]:
    """The key terms of an English text: glossary terms (with their Chinese), phrases and words of the general
    dictionary (assistant/dictionary.py), the collection's pinyin names, and the other content words
    (optional). A dictionary phrase longer than a glossary term it holds wins ("street lamps" is 路灯, not the
    glossary's 街道 for "street"). names: Store.names_read_as, or None for the glossary alone;
    dictionary: False for the glossary alone (the LLM verifier's claims)."""
    text = " " + re.sub(r"[^\w'’ -]", " ", question) + " "
    lowered = text.lower()
    terms: list[Term] = []
    titled: list[int] = []  # where a capitalised glossary term ends ("Community Governance" Regulation)
    phrases = dictionary_phrases(text, dictionary)
    for en, zh in glossary():
        pattern = rf"(?<![\w]){re.escape(en)}(?:s|es)?(?![\w])"
        hits = [m for m in re.finditer(pattern, lowered) if not any(
            s <= m.start() and m.end() <= e and len(text[s:e].split()) > len(en.split()) for s, e, _ in phrases)]
        if hits:
            places = [form for z in zh for form in place_forms(z)]  # "Xujiahui" → 徐家汇: a place, required
            # "Zhenru" (真如) capitalised: the pinyin of its Chinese is a name, required like a place
            named = not places and any(text[m.start()].isupper() for m in hits) and _transliterated(en, zh)
            terms.append(Term(en, tuple(dict.fromkeys([*zh, *places])), entity=bool(places) or named,
                              searched=tuple(zh)))
            titled += [m.end() for m in hits if text[m.start()].isupper() and not places and not named]
            for m in hits:  # blanked, keeping offsets
                lowered = lowered[:m.start()] + " " * (m.end() - m.start()) + lowered[m.end():]
    for start, end, chinese in phrases:
        if lowered[start:end] == text[start:end].lower():  # not partly a glossary term already
            terms.append(_glossed(text[start:end].lower(), chinese))
            lowered = lowered[:start] + " " * (end - start) + lowered[end:]
    if names is not None:
        lowered = _pinyin_runs(text, lowered, names, terms)
    examples = [m.span(1) for m in _EXAMPLES.finditer(text)]
    for m in re.finditer(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]", lowered):
        word = re.sub(r"['’]s$", "", m.group(0))  # Longgang's → longgang: the possessive is no part of the name
        if word in ENGLISH_FUNCTION_WORDS or word in STOPWORDS or len(word) < 3:
            continue
        original = text[m.start():m.start() + len(word)]
        if word == "may" and m.start() <= 1:
            continue  # "May I ask …": the verb
        if month := _month(word, original):
            terms.append(month)
            continue
        # A pinyin name ("Haiyuan") also matches the collection's Chinese names that read so (海园).
        chinese = names(word) if original[:1].isupper() and names is not None else ()
        is_name = original[:1].isupper() and (m.start() > 1 or bool(chinese))  # capitalised inside the sentence
        if is_name and not chinese and _title_head(text, m.start(), titled):
            is_name = False  # "Community Governance Regulation", "Community Garden": a title's common head noun
        if is_name and not chinese and any(s <= m.start() < e for s, e in examples):
            # "companies like B&Q and Metro": examples illustrate the kind asked about, they do not name the
            # case; a brand no reading or translation gives in Chinese counts where shown, never as missing
            terms.append(Term(word, (original, word), entity=False, optional=True))
            continue
        if is_name and not chinese and dictionary and (country := _country_forms(word)):
            # "China's county-level cities": a Chinese report placed in China writes 我国 or nothing (grounding)
            terms.append(Term(word, (original, word, *country), entity=False, glossed=True, country=True))
            continue
        if not is_name and not chinese and dictionary and (
                glossed := dictionary_module.translate(word, word_part(text, m.start()))):
            if not translates_to_function_words(glossed):  # after, during, among: grammar, not topic
                terms.append(_glossed(word, glossed))
            continue
        if is_name and not chinese and dictionary and not is_pinyin(word) and (
                glossed := dictionary_module.translate(word)):
            # "Party", "Century" (龙元世纪), "Typhoon": capitalised English, no pinyin: a name or a part of
            # one the reports write in Chinese; still a name, found where a passage prints a translation
            terms.append(Term(word, (original, word, *glossed), entity=True, glossed=True))
            continue
        if is_name and not chinese and dictionary and not is_pinyin(word):
            # a name no pinyin reads (Tokyo, Kaohsiung): the Chinese the general dictionary gives it as a proper
            # noun (东京, 高雄) is what a report prints; still required, so "Tokyo" against Shanghai is refused
            chinese = dictionary_module.proper_name(word)
        # Outside the glossary and the dictionary and no name, an English word cannot be looked up in Chinese
        # reports: it counts when a passage happens to show it, and is never held against the rest.
        terms.append(Term(word, (original, word, *chinese), entity=is_name, searched=chinese,
                          optional=not is_name and not chinese))
    return terms


# Does a word the general dictionary translates count as missing when no passage shows any of its Chinese
# words (like a glossary term), or only when shown (like an untranslated word)?
GLOSSED_REQUIRED = True


def glossed_search_forms(terms: Sequence[Term], doc_freq: Callable[[str], int],
                         postings: Callable[[str], np.ndarray] | None = None) -> list[str]:
    """For the search of an English question: one translation of each dictionary term that the collection uses
    (法院 for "court", not 朝廷), none for a term no report says in any of its translations. doc_freq: the
    keyword index's (KeywordIndex.doc_freq): without postings, the commonest translation. postings
    (KeywordIndex.postings): the translation whose chunks hold most of the question's other terms (`_in_context`),
    of those at least a tenth as common as the commonest."""
    forms = []
    for i, term in enumerate(terms):
        if term.glossed and not term.optional:
            counts = [(doc_freq(form), form) for form in term.alternatives if len(form) >= 2]
            used = [(df, form) for df, form in counts if df]
            if not used:
                continue
            # a form far rarer than the commonest is no sense the reports use for the word (手势 "signal", df 1,
            # beside 信号, df 48): chosen by context, it would be by one chunk's chance
            used = [(df, form) for df, form in used if df * _RARE_SHARE >= max(used)[0]]
            if postings is not None and len(used) > 1:
                forms.append(_in_context(used, [t for j, t in enumerate(terms) if j != i], postings))
            else:
                forms.append(max(used)[1])
    return forms


_RARE_SHARE = 10  # a form used in fewer than a tenth of the chunks of the commonest one is not chosen
_CONTEXT_PRIOR = 5  # chunks' worth of the collection's average the context score of a rare form is drawn toward


def _in_context(used: list[tuple[int, str]], others: Sequence[Term], postings: Callable[[str], np.ndarray]) -> str:
    """The form (of (doc freq, form) pairs) whose chunks show, on average, most of the other terms of the question
    (any of each one's Chinese forms): the sense the question's context selects — 开发商 beside 交付 and 纠纷 for "the
    developer refused to hand over the flat", not 开发者; 学习 for a "study session", not 研究. The average is
    drawn toward the whole collection's by _CONTEXT_PRIOR chunks, so that a rare form is not chosen by one chunk;
    ties go to the commoner form."""
    hits = [[found for a in dict.fromkeys(term.alternatives) if len(a) >= 2 and has_chinese(a)
             and len(found := postings(a))] for term in others]
    hits = [h for h in hits if h]
    own = [postings(form) for _df, form in used]
    size = 1 + max(int(p.max()) for p in [*own, *(a for h in hits for a in h)])
    shown = np.zeros(size, dtype=np.int32)
    for arrays in hits:
        mask = np.zeros(size, dtype=bool)
        for array in arrays:
            mask[array] = True
        shown += mask
    prior = float(shown.mean())  # the other terms a chunk of the collection shows, on average (~)

    def score(i: int) -> tuple[float, int]:
        return (float(shown[own[i]].sum()) + _CONTEXT_PRIOR * prior) / (used[i][0] + _CONTEXT_PRIOR), used[i][0]

    return used[max(range(len(used)), key=score)][1]


# Words that name the kind of fact asked, not what it is about ("how much money", "what did it cost", "on
# what date"): the answer-type check wants the fact itself (answer_type.py), a report need not say the word,
# as 时间 of 发布时间 (answer_type._FRAME_NOUNS). A closed class, like the question words.
ANSWER_KIND_WORDS = re.compile(r"(?:money|costs?|cost(?:ed|ing)|spen[dt]|spending|price|amount|sum|number|figure|"
                               r"total|date|day|time|year|place|location|name|person|people)")


def _glossed(english: str, chinese: tuple[str, ...]) -> Term:
    """A term the general dictionary translates: any of its Chinese words covers it. Not searched: a word has
    many translations, most of them in no report, and they would dilute the search. A word naming the kind of
    fact asked (ANSWER_KIND_WORDS) counts only where shown."""
    frame = ANSWER_KIND_WORDS.fullmatch(english) is not None
    return Term(english, chinese, entity=False, optional=frame or not GLOSSED_REQUIRED, glossed=True)


_SHANGHAI = frozenset({"上海", "上海市"})
_AREA_SUFFIX = ("居民区", "小区", "新村", "街道", "镇", "乡")
_GENERIC_AREAS = frozenset({"社区", "村", "街区", "城区", "新区", "园区", "地区", "辖区", "市区"})
# Kinds of area, not names, though jieba may tag them as places (新建 is a county in Jiangxi).
_AREA_KINDS = re.compile(r"新建|农村|城中村|售后公房|试点|示范|典型|普通|一般|高档|大型|动迁|安置|保障房|廉租房")


@lru_cache(maxsize=1)
def _places_named() -> dict[str, tuple[int, ...]]:
    """word → the gazetteer entries (positions, in order) it names: their alias, their unit, or a street's or
    town's unit without its suffix (石泉路 for 石泉路街道). A dict rather than a scan of the gazetteer for each
    word of each question (~1 ms a word)."""
    named: dict[str, list[int]] = {}
    for i, p in enumerate(gazetteer()):
        words = {p.alias, p.unit}
        if p.kind != "district":
            words |= {p.unit[:-len(suffix)] for suffix in _AREA_SUFFIX if p.unit.endswith(suffix)}
        for word in words:
            named.setdefault(word, []).append(i)
    return {word: tuple(positions) for word, positions in named.items()}


@lru_cache(maxsize=4096)
def place_forms(word: str) -> tuple[str, ...]:
    """A Shanghai place named in a question, with every name that puts a passage inside it (gazetteer):
    上海 → any district, street or town; 静安区 → 静安, 静安寺街道, …; 徐家汇 → 徐家汇街道. () if not a place.
    Local reports rarely say 上海 or the district: 静安寺街道 is evidence for a question about 静安区."""
    places = gazetteer()
    if word in _AREA_SUFFIX or word in _GENERIC_AREAS:  # 新村 alone is no place (新村乡 is one)
        return ()
    if word in _SHANGHAI:
        return ("上海", *dict.fromkeys(p.alias for p in places))
    hits = [places[i] for i in _places_named().get(word, ())]
    if not hits:
        return ()
    districts = {p.district for p in hits if p.kind == "district"}
    units = {p.unit for p in hits}
    inside = [p.alias for p in places if p.district in districts or p.unit in units]
    return (word, *dict.fromkeys(a for a in inside if a != word))


# The units of an address after its number (弄, 号, 号楼, 栋, 幢: measure words of the grammar), longest first.
ADDRESS_UNITS = "(?:号楼|弄|号|栋|幢)"
# A house number: digits followed by the unit of an address.
HOUSE_NUMBER = re.compile(rf"(\d+)\s*{ADDRESS_UNITS}")
_ADDRESS_UNIT = re.compile(f"^{ADDRESS_UNITS}")
# An address's road or estate name stops at a higher-level area (长寿路街道, 普陀区) before it.
_HIGHER_AREA = re.compile(r"(?:区|县|市|省|镇|乡|街道)$")
_ADDRESS_NAME = 6  # characters of a road or estate name before its house number, at most


def address_runs(words: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """(first, end) word indexes of each address the question writes: a road or estate name, its house number
    and the number's unit (平顺路790弄, 陕西南路188弄, 淞南五村272号楼), as jieba cuts it (平/顺路/790/弄). The
    address names the subject, however jieba tags its pieces."""
    runs = []
    for i, (word, _) in enumerate(words):
        if not (re.fullmatch(r"\d+", word) and i + 1 < len(words) and _ADDRESS_UNIT.match(words[i + 1][0])):
            continue
        end = i + 2
        if words[i + 1][0] == "号" and end < len(words) and words[end][0] == "楼":
            end += 1  # 272/号/楼
        first, length = i, 0
        while first > 0:
            before, flag = words[first - 1]
            if (not _CJK.fullmatch(before[:1]) or is_function_word(before, flag) or flag.startswith("v")
                    or len(before) >= 2 and _HIGHER_AREA.search(before) or length + len(before) > _ADDRESS_NAME):
                break
            first, length = first - 1, length + len(before)
        if length >= 2:
            runs.append((first, end))
    return runs


# jieba's tags of a character it could not place in a word: a morpheme that does not stand alone (ng, vg, zg, g…)
# or an unknown character (x). Two or more one-character pieces around one are the pieces of a word it cut apart
_BOUND_FLAG = re.compile(r"^(?:x|[adnrtvyz]?g)$")
_NUMERAL = re.compile(r"[\d一二三四五六七八九十百千万亿两几]")


def _piece(word: str, flag: str) -> bool:
    """A one-character piece that may be part of a name jieba cut apart: a Chinese character, not a word of the
    grammar (的, 还, 在; a stop word) unless tagged as a bound morpheme, unknown or a particle jieba guessed
    (榅/y 桲/y of 榅桲)."""
    if len(word) != 1 or not _CJK.match(word) or word in STOPWORDS or _NUMERAL.match(word):
        return False
    # a measure word or numeral character may be a name's (口 of 沌口, 许 of 许申); a particle or preposition is not
    return bool(_BOUND_FLAG.match(flag)) or flag in {"y", "m", "q"} or not is_function_word(word, flag)


def _bound(word: str, flag: str) -> bool:
    """A character jieba could not place in a word: tagged a bound morpheme or unknown, or a particle it guessed for
    a character its dictionary does not hold as one (榅/y)."""
    return bool(_BOUND_FLAG.match(flag)) or flag == "y" and dictionary_tags().get(word) != "y"


_NAME_WORD_FLAGS = PERSON_FLAGS | {"ns", "nz"}


def _name_tail(words: Sequence[tuple[str, str]], i: int) -> int:
    """The index of the name word a lone character at i belongs to (安昌/ns 浩/nr: the person 安昌浩; 淞/g 南五村/nr),
    or -1: a character tagged a person's or place's name, or a bound morpheme, next to a word tagged a name — a
    name is no single character, so jieba cut one off the name beside it."""
    word, flag = words[i]
    if not (_piece(word, flag) and (flag in PERSON_FLAGS or flag == "ns" or _bound(word, flag))):
        return -1
    return next((j for j in (i - 1, i + 1) if 0 <= j < len(words) and 2 <= len(words[j][0]) <= 4
                 and words[j][1] in _NAME_WORD_FLAGS and _CJK.match(words[j][0])), -1)


def pieced_runs(words: Sequence[tuple[str, str]]) -> list[tuple[int, int]]:
    """(first, end) word indexes of each run of two or more one-character pieces holding a bound morpheme or an
    unknown character (沌/x 口/q, 榅/x 桲/zg, 长/a 齿/n 锯/v 犁/n 鳗/ng): a name jieba's dictionary lacks, cut into
    characters — in the question as in the reports, so no word of either names it. With the area word after it
    (沌/口/街道) the run names a place."""
    runs, i = [], 0
    while i < len(words):
        end = i
        while end < len(words) and _piece(*words[end]) and not (
                words[end][1] == "m" and end and _NUMERAL.search(words[end - 1][0][-1:])):  # 1733年/时: a date's unit
            end += 1
        if end - i >= 2 and any(_bound(*word) for word in words[i:end]):
            if end < len(words) and words[end][0] in _AREA_SUFFIX + ("社区",):
                end += 1
            runs.append((i, end))
        elif end - i == 1 and (j := _name_tail(words, i)) >= 0 and not (runs and runs[-1][1] > min(i, j)):
            runs.append((min(i, j), max(i, j) + 1))
            end = max(i, j) + 1
        i = max(end, i + 1)
    return runs


def chinese_terms(words: Sequence[tuple[str, str]]) -> list[Term]:
    """The key terms of a Chinese question, from its words as jieba tags them (posseg_cut of the question).
    The pieces of an address (平/顺路/790/弄) are tagged as a place name: together they name the subject
    (answer_type.names_subject), whatever jieba calls each. A name jieba cut into characters (沌/口/街道,
    榅/桲: pieced_runs) is one term, matched in the reports as the characters it is."""
    terms: list[Term] = []
    known = dictionary_tags()
    in_address = {i for first, end in address_runs(words) for i in range(first, end)}
    pieced = {first: end for first, end in pieced_runs(words)}
    skip = 0
    for i, (word, flag) in enumerate(words):
        if i < skip:
            continue
        if i in pieced:
            skip = pieced[i]
            pieces = words[i:skip]
            name = "".join(w for w, _ in pieces)
            area = pieces[-1][0] in _AREA_SUFFIX + ("社区",)
            base = name[:-len(pieces[-1][0])] if area else name
            # the name word a character was cut off (安昌 of 安昌浩) still shows it where the report cuts it alike
            whole = [w for w, f in pieces if len(w) >= 2 and f in _NAME_WORD_FLAGS]
            lone = [f for w, f in pieces if len(w) == 1]
            person = not area and bool(whole) and any(f in PERSON_FLAGS for f in lone + [pieces[0][1], pieces[-1][1]])
            place = area or bool(whole) and not person and any(f == "ns" for _, f in pieces)
            # a place (沌口街道) is a name the evidence must show, a person's name a word it must (as jieba's nr);
            # other pieced words (榅桲, but also 埴写 of 曹文/埴/写) count where the reports write them, never as
            # missing: their characters were no term before
            terms.append(Term(name, tuple(dict.fromkeys((name, base, *whole))), entity=place,
                              pos="ns" if place else "nr" if person else "nz", optional=not (place or whole),
                              pieced=True))
            continue
        if len(word) > 2 and word[0] in FUSED_JOINERS and word not in known:
            word = word[1:]  # jieba's guess "和高华" in "海园和高华小区": the conjunction is not the name
        if i > 0 and words[i - 1][0] == "多" and len(word) > 2 and word[0] in "大长高远久重宽深厚":
            word = word[1:]  # 多 + 大面积 is "how large an area": the degree asks, 面积 is asked about
        if word in STOPWORDS or is_function_word(word, flag):
            continue
        written_as_area = i + 1 < len(words) and words[i + 1][0] in _AREA_SUFFIX  # 马陆/镇, 百乐/居民区
        # a gazetteer name of one character (庙 of 庙镇) is a place only before an area word. (Common words among
        # its names — 建设 of 建设镇, 中兴 — stay places: making them words moved the judge on an RGB test question)
        if (forms := place_forms(word)) and (written_as_area or len(word) > 1):
            terms.append(Term(word, forms, entity=True))
            continue
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9.\-]+|\d+[A-Za-z][A-Za-z0-9]*", word):  # CVPR2022, ChatGPT: names
            terms.append(Term(word, (word,), entity=True))
            continue
        if not _CJK.search(word) and not re.fullmatch(r"\d+(\.\d+)?", word):
            continue
        if len(word) == 1 and _CJK.search(word):
            continue
        place_like = (bool(re.search(r"(区|县|市|省|镇|街道)$", word))
                      and not re.search(r"(社|小|园|景|校|城|民|辖|地|市|郊|街)区$", word))  # 居民区, 辖区: no name
        # 百乐 in 百乐居民区: the name of the area, whatever jieba's dictionary calls the word.
        names_an_area = written_as_area and flag not in {"v", "a", "d", "r", "b"}
        # 老旧公房小区, 新建小区 name no area; NOT_A_NAME (本, 各, 该…) only judges the word before an area
        # suffix, as it would strip 日本 or 本溪市 of their names
        describes_an_area = _AREA_KINDS.fullmatch(word) or names_an_area and NOT_A_NAME.search(word)
        # jieba's dictionary tags some common words as places (东西/ns, 上门/ns, 开发区): the general dictionary
        # knows them as words, not names (Term.common); a name before an area word stays one (海滨 of 海滨新村).
        # The noun a which-question asks for (哪些城市) stays a name: the answer-type check reads 哪些城市 as a
        # what-question, and a passage that never speaks of 城市 was refused by it (an RGB dev negative)
        asked_kind = i > 0 and words[i - 1][0].startswith("哪")
        tagged = flag in {"ns", "nt"} or place_like and len(word) > 2
        entity = (tagged or names_an_area) and not describes_an_area
        common = entity and not names_an_area and not asked_kind and common_word(word)
        # 德国队 as 德国, 高雄市 as 高雄; 最佳影片奖 is reported as 最佳影片
        shortened = len(word) > 2 and (entity and word[-1] in "队市省" or word[-1] == "奖")
        alternatives = (word, word[:-1]) if shortened else (word, *synonyms().get(word, ()))
        verb = (flag in VERB_FLAGS or verb_complement(word, known)) and not entity
        located = located_area(words, i + 1) if entity else ""
        pos = "ns" if i in in_address and flag not in PROPER_FLAGS else flag
        terms.append(Term(word, alternatives, entity=entity, verb=verb, pos=pos, located=located, common=common))
    return terms


# The words that join two things (X和Y, X与Y…): conjunctions of the grammar, a closed class. jieba fuses the first
# four with a name after them it does not know (和高华 of 海园和高华小区); 同 opens many words of its own (同时, 同样),
# so a word opening with it is not read as 同 + a name (FUSED_JOINERS).
JOINERS = "和与及跟同"
FUSED_JOINERS = "和与及跟"


# The kinds of local area a question names after the city or district it lies in (深圳 水围社区): the area words.
_LOCAL_AREA = areas.ending()


def located_area(words: Sequence[tuple[str, str]], at: int) -> str:
    """The local area named right at words[at] (水围社区, 方西居民区: a name and an area word, or one word
    ending in one), or "": what a place name written before it (深圳, 松江) locates. A report names its
    area and rarely the city around it, as place_forms knows of Shanghai's streets."""
    name = ""
    for word, flag in words[at:at + 3]:
        if not _CJK.match(word) or is_function_word(word, flag) or flag.startswith("v"):
            return ""
        name += word
        if _LOCAL_AREA.search(name) and len(name) > 2 and not _LOCAL_AREA.fullmatch(name):
            return name if not _LOCAL_AREA.fullmatch(word) or len(name) - len(word) >= 2 else ""
    return ""




# Directional and resultative complements (a closed class of the grammar): 挖掘+出, 找+到, 建+成, 装+好.
_COMPLEMENTS = frozenset("出到来去起上下进回开过完好成")


def verb_complement(word: str, known: dict[str, str]) -> bool:
    """Is the word a verb and its complement (挖掘出, 发掘到), whatever jieba's dictionary tags the whole
    (it has 挖掘出 as a noun)? Then it weighs as the verb it is."""
    return len(word) >= 3 and word[-1] in _COMPLEMENTS and known.get(word[:-1], "")[:1] == "v"


def key_terms(question: str, names: NameLookup | None = None) -> list[Term]:
    """The terms a passage must contain to be about this question.
    names: the collection's pinyin lookup (Store.names_read_as), for English questions."""
    query = normalise_query(question)
    return chinese_terms(posseg_cut(query)) if _CJK.search(query) else english_terms(query, names)


def expand_query(question: str, names: NameLookup | None = None) -> str:
    """For keyword search: an English question gains the Chinese terms of its glossary and pinyin matches."""
    query = normalise_query(question)
    if _CJK.search(query):
        return query
    extra = [zh for term in english_terms(query, names) for zh in term.searched]
    return query + " " + " ".join(extra)
