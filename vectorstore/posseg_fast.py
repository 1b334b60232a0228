"""jieba's part-of-speech tagger with a faster Viterbi over the same model: the same words and tags.

Our own loop rather than jieba's because jieba.posseg's Viterbi (the HMM that tags the characters no dictionary
word covers) builds a generator of tuples for every pair of states at every character, in pure Python: after
the piece cache (keyword.posseg_cut) it was most of what a question's checks spent cutting. This loop does the
same additions in the same order, V[prev] + trans + emit, and breaks ties as jieba's max over (prob, state)
tuples does (the greater state), so every path is jieba's own (tests/test_posseg_cache.py); ~3x faster.
"""
from __future__ import annotations

import jieba.posseg
from jieba.posseg import char_state_tab_P, emit_P, pair, start_P, trans_P
from jieba.posseg.viterbi import MIN_FLOAT, MIN_INF

State = tuple[str, str]


def viterbi(obs: str, states: dict, start_p: dict, trans_p: dict, emit_p: dict) -> tuple[float, list[State]]:
    """jieba.posseg.viterbi.viterbi, computed without a generator per cell: (log probability, state per char)."""
    all_states = trans_p.keys()
    v = {y: start_p[y] + emit_p[y].get(obs[0], MIN_FLOAT) for y in states.get(obs[0], all_states)}
    mem_path: list[dict] = [dict.fromkeys(v, "")]
    for char in obs[1:]:
        prev = [(y0, v[y0], trans_p[y0]) for y0 in v if trans_p[y0]]
        expect_next = {y for _, _, nexts in prev for y in nexts}
        obs_states = set(states.get(char, all_states)) & expect_next
        if not obs_states:
            obs_states = expect_next if expect_next else all_states
        v_next, path = {}, {}
        for y in obs_states:
            emit = emit_p[y].get(char, MIN_FLOAT)
            best, best_state = None, None
            for y0, v0, nexts in prev:  # jieba adds MIN_INF for a transition it lacks: such a state never wins…
                trans = nexts.get(y)
                if trans is None:
                    continue
                prob = v0 + trans + emit
                if best is None or prob > best or (prob == best and y0 > best_state):
                    best, best_state = prob, y0
            if best is None or best == MIN_INF:  # …unless every one scores -inf: then jieba's max over all of them
                best, best_state = max((v0 + nexts.get(y, MIN_INF) + emit, y0) for y0, v0, nexts in prev)
            v_next[y], path[y] = best, best_state
        v = v_next
        mem_path.append(path)
    prob, state = max((v[y], y) for y in mem_path[-1])
    route: list[State] = [("", "")] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = mem_path[i][state]
    return prob, route


class FastPOSTokenizer(jieba.posseg.POSTokenizer):
    """jieba.posseg.POSTokenizer whose HMM step (its private __cut) runs the Viterbi above."""

    def _POSTokenizer__cut(self, sentence: str):  # noqa: ANN202, N802 - overrides jieba's name-mangled __cut
        _, pos_list = viterbi(sentence, char_state_tab_P, start_P, trans_P, emit_P)
        begin, nexti = 0, 0
        for i, char in enumerate(sentence):  # as jieba's __cut from here
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                yield pair(sentence[begin:i + 1], pos_list[i][1])
                nexti = i + 1
            elif pos == "S":
                yield pair(char, pos_list[i][1])
                nexti = i + 1
        if nexti < len(sentence):
            yield pair(sentence[nexti:], pos_list[nexti][1])
