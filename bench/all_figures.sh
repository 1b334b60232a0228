#!/usr/bin/env bash
# Every figure a stop reports, part by part, with this checkout's code: bash bench/all_figures.sh OUTPREFIX [PARTS...]
# PARTS (default all): abcd e g h i (pool question sets, bench/pool_eval.py) rgb mrc np (RGB rejection, MRC answering,
# MRC noun phrases, both splits) seeds (the dev questions on the seeds store) cards (bench/cards_quality.py).
# Writes OUTPREFIX_<part>.txt. Stores: POOL_STORE, RGB_STORES, MRC_STORE, SEEDS_STORE (defaults under
# GONGZHI_BENCH_STORES, ../stores beside the checkout). The runs write caches into the stores: to compare two versions
# of the code, give each a fresh copy of the same stores.
set -u
out=$1; shift
parts=${*:-abcd e g h i rgb mrc np seeds cards}
repo=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$repo/.venv/bin/python}
shared=${GONGZHI_BENCH_SHARED:-$repo/../shared}
stores=${GONGZHI_BENCH_STORES:-$repo/../stores}
pool=${POOL_STORE:-$stores/pool}; rgb=${RGB_STORES:-$stores}; mrc=${MRC_STORE:-$stores/mrc-base}
seeds=${SEEDS_STORE:-$stores/seeds}
export PYTHONPATH=$repo GONGZHI_BENCH_SHARED=$shared GONGZHI_BENCH_STORES=$stores
cd "$repo" || exit 1
for part in $parts; do
  case $part in abcd|e|f|g|h|i|rgb|mrc|np|seeds|cards) ;; *) echo "unknown part: $part (see the head of $0)" >&2; exit 2 ;; esac
done
for part in $parts; do
  case $part in
    abcd) "$python" bench/pool_eval.py eval/pool_questions.jsonl eval/pool_questions_b.jsonl eval/pool_questions_c.jsonl \
            eval/pool_questions_d.jsonl --store "$pool" ;;
    e|f|g|h|i) "$python" bench/pool_eval.py "eval/pool_questions_$part.jsonl" --store "$pool" ;;
    rgb) "$python" bench/rgb_rejection.py --stores "$rgb" --split both ;;
    mrc) "$python" bench/mrc_answering.py --store "$mrc" --split both ;;
    np) "$python" bench/mrc_noun_phrases.py --store "$mrc" --split both ;;
    seeds) [ -d "$seeds" ] || "$python" -m ingest "$shared/corpus/seeds" --store "$seeds" --quiet
           GONGZHI_STORE=$seeds "$python" -m assistant eval "$shared/eval/dev_questions.jsonl" ;;
    cards) "$python" bench/cards_quality.py ;;
  esac > "${out}_$part.txt" 2>&1
  echo "$part: rc=$? → ${out}_$part.txt"
done
