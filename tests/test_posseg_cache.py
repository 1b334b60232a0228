"""posseg_cut memoises jieba's pieces: every text must still get exactly jieba's own words and tags."""
from __future__ import annotations

import json
import re

from conftest import DEV_QUESTIONS, SCRIPT_ARTICLE, SEEDS
from vectorstore.keyword import POSSEG_PIECES_CACHED, _posseg, _posseg_piece, posseg_cut


def _jieba_cut(text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in _posseg().cut(text)]


def _texts() -> list[str]:
    """Whole seed files (English, traditional, scanned pages among them), their lines, their sentences, and
    prefixes that end inside a word (the checks cut sentence[:8] and sentence[:40]), and the dev questions."""
    texts = [SCRIPT_ARTICLE, "GDP增长6.5%，2023年\r\n第3季度  Hello world_2 a+b#c&d 海园小区", ""]
    for path in sorted(SEEDS.glob("*.txt")):
        whole = path.read_text(encoding="utf-8")
        texts.append(whole)
        for line in whole.splitlines():
            texts.append(line)
            for sentence in re.split(r"(?<=[。！？!?；;])", line):
                texts += [sentence, sentence[:8], sentence[:40], sentence[3:17]]
    texts += [json.loads(line)["q"] for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def test_memoised_cut_gives_jiebas_words_and_tags_for_every_text():
    texts = _texts()
    assert len(texts) > 1000
    _posseg_piece.cache_clear()
    expected = [_jieba_cut(t) for t in texts]
    assert [posseg_cut(t) for t in texts] == expected  # pieces cut for the first time
    assert _posseg_piece.cache_info().hits > 0
    assert [posseg_cut(t) for t in reversed(texts)] == expected[::-1]  # the same, read from the cache


def test_each_call_returns_its_own_list_and_the_cache_is_bounded():
    sentence = "宝林二村的居民议事会每月召开一次。"
    first = posseg_cut(sentence)
    first.append(("改", "x"))
    first[0] = ("x", "x")
    assert posseg_cut(sentence) == _jieba_cut(sentence)  # a caller's changes never reach the next caller
    assert _posseg_piece.cache_info().maxsize == POSSEG_PIECES_CACHED
