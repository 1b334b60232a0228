"""posseg_cut memoises jieba's pieces and tags with a faster Viterbi (vectorstore/posseg_fast.py): every text must
still get exactly the words and tags of jieba's own tagger over the same dictionary."""
from __future__ import annotations

import json
import re
from functools import lru_cache

import jieba.posseg
from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
from jieba.posseg.viterbi import viterbi as jieba_viterbi

from conftest import DEV_QUESTIONS, SCRIPT_ARTICLE, SEEDS
from vectorstore import posseg_fast
from vectorstore.keyword import POSSEG_PIECES_CACHED, _jieba, _posseg, _posseg_piece, posseg_cut


@lru_cache(maxsize=1)
def _stock() -> jieba.posseg.POSTokenizer:
    """jieba's own tagger over the index's dictionary, with its domain words' tags (ns, n)."""
    posseg_cut("预热")  # the tagger in use has read the domain words into its tag table
    stock = jieba.posseg.POSTokenizer(_jieba())
    stock.word_tag_tab = dict(_posseg().word_tag_tab)
    return stock


def _jieba_cut(text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in _stock().cut(text)]


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


def test_fast_viterbi_finds_jiebas_path_and_probability_on_every_run_of_characters():
    runs = [run for text in _texts() for run in re.findall(r"[\u4E00-\u9FD5]+", text)]
    runs += [run[i:i + n] for run in runs[::7] for i, n in ((0, 2), (1, 5), (2, 13))]
    runs = [r for r in dict.fromkeys(runs) if r]
    assert len(runs) > 1000
    model = (char_state_tab_P, start_P, trans_P, emit_P)
    assert [posseg_fast.viterbi(r, *model) for r in runs] == [jieba_viterbi(r, *model) for r in runs]


def test_the_tagger_in_use_runs_the_fast_viterbi(monkeypatch):
    calls = []
    monkeypatch.setattr(posseg_fast, "viterbi", lambda *a: calls.append(a[0]) or jieba_viterbi(*a))
    _posseg_piece.cache_clear()
    assert posseg_cut("张马定向居民区党总支提出") == _jieba_cut("张马定向居民区党总支提出")
    assert calls  # an unknown name (张马定) is tagged by the HMM
