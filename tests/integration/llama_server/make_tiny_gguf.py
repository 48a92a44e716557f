#!/usr/bin/env python3
# mypy: disable-error-code="import-not-found"
"""Generate a tiny, deterministic llama-architecture GGUF for integration tests.

Nothing is downloaded: the tokenizer and the weights are built here with the
``gguf`` package. The result is a real llama transformer (2 layers, attention
and a SwiGLU feed-forward network, f32, about 11.5 MB), but its weights make
the next token depend only on the current one:

* the token embedding is one-hot (so ``n_embd >= n_vocab``);
* ``output.weight`` is a successor table, ``W[next(i), i] = 3``, which after
  RMSNorm gives the successor a margin of about 65 logits;
* attention and FFN matrices are random, but their output projections are tiny
  (std 0.002), so they barely perturb the residual stream.

Whatever the sampling settings, the model therefore always says its script:

``chat``
    ``<think>\\nThe user says hello.\\n</think>\\n\\nHello! I am a tiny test model.``
    then end-of-turn. With ``chat_template_kwargs: {"enable_thinking": false}``
    the template pre-fills ``<think>\\n\\n</think>\\n\\n`` and only the answer
    is generated.
``tool``
    ``<tool_call>\\n{"name": "get_weather", "arguments": {"city": "Paris"}}\\n</tool_call>``
    then end-of-turn.

The chat template is Qwen3's, so llama-server's reasoning and tool-call
parsers recognise the output. Its text is not part of this project: pass the
path of ``models/templates/Qwen-Qwen3-0.6B.jinja`` from the llama.cpp sources
(``build.sh`` copies it into the cache) with ``--template``.

Usage::

    python make_tiny_gguf.py OUT.gguf --script chat --template Qwen-Qwen3-0.6B.jinja
"""

from __future__ import annotations

import argparse
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeAlias

import gguf
import numpy as np
import numpy.typing as npt

# Each piece becomes exactly one token. A piece must be unique and longer than
# one byte (single bytes are already in the vocabulary).
SCRIPTS: dict[str, tuple[str, ...]] = {
    "chat": (
        "<think>",
        "\nThe",
        " user",
        " says",
        " hello",
        ".\n",
        "</think>",
        "\n\n",
        "Hello!",
        " I",
        " am",
        " a",
        " tiny",
        " test",
        " model.",
    ),
    "tool": (
        "<tool_call>",
        '\n{"name": "get_weather", ',
        '"arguments": {"city": "Paris"}}\n',
        "</tool_call>",
    ),
}
CONTROL_TOKENS = ("<|endoftext|>", "<|im_start|>", "<|im_end|>")
USER_DEFINED_TOKENS = ("<think>", "</think>", "<tool_call>", "</tool_call>")

HEAD_DIM = 64
SUCCESSOR_WEIGHT = 3.0
INPUT_STD = 0.02
OUTPUT_STD = 0.002

# Runs in the tool venv, which has gguf and numpy; the project venv may not
# (hence the mypy line at the top).
FloatArray: TypeAlias = "npt.NDArray[np.float32]"
IntArray: TypeAlias = "npt.NDArray[np.int64]"


def gpt2_byte_alphabet() -> dict[int, str]:
    """Map each byte to the printable character GPT-2's byte-level BPE uses for it."""
    printable = [
        *range(ord("!"), ord("~") + 1),
        *range(ord("¡"), ord("¬") + 1),
        *range(ord("®"), ord("ÿ") + 1),
    ]
    alphabet = {b: chr(b) for b in printable}
    shifted = 0
    for b in range(256):
        if b not in alphabet:
            alphabet[b] = chr(256 + shifted)
            shifted += 1
    return alphabet


BYTE_ALPHABET = gpt2_byte_alphabet()


def byte_level(text: str) -> str:
    """Spell ``text`` the way it appears in a GPT-2 byte-level vocabulary."""
    return "".join(BYTE_ALPHABET[b] for b in text.encode("utf-8"))


# The vocabulary's only merge, "\n" + "\n" -> "\n\n".
NEWLINE_MERGE = byte_level("\n") + " " + byte_level("\n")


@dataclass
class Vocab:
    tokens: list[str] = field(default_factory=list)
    types: list[gguf.TokenType] = field(default_factory=list)

    def add(self, token: str, kind: gguf.TokenType) -> int:
        if token in self.tokens:
            raise ValueError(f"duplicate token {token!r}")
        self.tokens.append(token)
        self.types.append(kind)
        return len(self.tokens) - 1

    def id(self, token: str) -> int:
        return self.tokens.index(token)

    def __len__(self) -> int:
        return len(self.tokens)


def build_vocab(script: tuple[str, ...]) -> tuple[Vocab, list[int]]:
    """Return the vocabulary and the token ids of ``script``, in order."""
    vocab = Vocab()
    for b in range(256):
        vocab.add(BYTE_ALPHABET[b], gguf.TokenType.NORMAL)
    for token in CONTROL_TOKENS:
        vocab.add(token, gguf.TokenType.CONTROL)
    for token in USER_DEFINED_TOKENS:
        vocab.add(token, gguf.TokenType.USER_DEFINED)
    script_ids: list[int] = []
    for piece in script:
        if piece in USER_DEFINED_TOKENS:
            script_ids.append(vocab.id(piece))
        else:
            script_ids.append(vocab.add(byte_level(piece), gguf.TokenType.NORMAL))
    # The single merge (llama.cpp rejects a BPE vocabulary without merges)
    # produces "\n\n", so that token must exist.
    if byte_level("\n\n") not in vocab.tokens:
        vocab.add(byte_level("\n\n"), gguf.TokenType.NORMAL)
    return vocab, script_ids


def successor_table(vocab: Vocab, script_name: str, script_ids: list[int]) -> IntArray:
    """For each token id, the id the model must emit next."""
    successor = np.full(len(vocab), script_ids[0], dtype=np.int64)  # anything starts the script
    for current, following in itertools.pairwise(script_ids):
        successor[current] = following
    successor[script_ids[-1]] = vocab.id("<|im_end|>")
    if script_name == "chat":
        # With enable_thinking=false the prompt ends in a pre-filled "\n\n":
        # continue straight into the answer.
        answer_start = SCRIPTS["chat"].index("\n\n") + 1
        successor[vocab.id(byte_level("\n\n"))] = script_ids[answer_start]
    return successor


@dataclass(frozen=True)
class Shape:
    n_vocab: int
    n_embd: int
    n_head: int
    n_head_kv: int
    n_ff: int
    layers: int

    @classmethod
    def for_vocab(cls, n_vocab: int, layers: int) -> Shape:
        n_embd = max(256, -(-n_vocab // 128) * 128)  # one-hot embeddings need n_embd >= n_vocab
        n_head = n_embd // HEAD_DIM
        return cls(n_vocab, n_embd, n_head, n_head // 2, 2 * n_embd, layers)


def add_metadata(writer: gguf.GGUFWriter, shape: Shape, vocab: Vocab, *, name: str, template: str, ctx: int) -> None:
    writer.add_name(name)
    writer.add_context_length(ctx)
    writer.add_embedding_length(shape.n_embd)
    writer.add_block_count(shape.layers)
    writer.add_feed_forward_length(shape.n_ff)
    writer.add_head_count(shape.n_head)
    writer.add_head_count_kv(shape.n_head_kv)
    writer.add_rope_dimension_count(HEAD_DIM)
    writer.add_rope_freq_base(10000.0)
    writer.add_layer_norm_rms_eps(1e-6)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("gpt2")
    writer.add_tokenizer_pre("qwen2")
    writer.add_token_list(vocab.tokens)
    writer.add_token_types(vocab.types)
    writer.add_token_merges([NEWLINE_MERGE])
    writer.add_eos_token_id(vocab.id("<|im_end|>"))
    writer.add_pad_token_id(vocab.id("<|endoftext|>"))
    writer.add_add_bos_token(False)
    writer.add_chat_template(template)


def add_tensors(writer: gguf.GGUFWriter, shape: Shape, successor: IntArray) -> None:
    rng = np.random.default_rng(0)

    def random_matrix(rows: int, cols: int, std: float = INPUT_STD) -> FloatArray:
        return (rng.standard_normal((rows, cols)) * std).astype(np.float32)

    ones = np.ones(shape.n_embd, dtype=np.float32)
    token_ids = np.arange(shape.n_vocab)
    embedding = np.zeros((shape.n_vocab, shape.n_embd), dtype=np.float32)
    embedding[token_ids, token_ids] = 1.0
    output = np.zeros((shape.n_vocab, shape.n_embd), dtype=np.float32)
    output[successor, token_ids] = SUCCESSOR_WEIGHT
    writer.add_tensor("token_embd.weight", embedding)
    writer.add_tensor("output_norm.weight", ones)
    writer.add_tensor("output.weight", output)
    q_dim, kv_dim = shape.n_head * HEAD_DIM, shape.n_head_kv * HEAD_DIM
    # The order of the random draws below fixes the weights; keep it stable.
    for layer in range(shape.layers):
        blk = f"blk.{layer}."
        writer.add_tensor(blk + "attn_norm.weight", ones)
        writer.add_tensor(blk + "attn_q.weight", random_matrix(q_dim, shape.n_embd))
        writer.add_tensor(blk + "attn_k.weight", random_matrix(kv_dim, shape.n_embd))
        writer.add_tensor(blk + "attn_v.weight", random_matrix(kv_dim, shape.n_embd))
        writer.add_tensor(blk + "attn_output.weight", random_matrix(shape.n_embd, q_dim, OUTPUT_STD))
        writer.add_tensor(blk + "ffn_norm.weight", ones)
        writer.add_tensor(blk + "ffn_gate.weight", random_matrix(shape.n_ff, shape.n_embd))
        writer.add_tensor(blk + "ffn_up.weight", random_matrix(shape.n_ff, shape.n_embd))
        writer.add_tensor(blk + "ffn_down.weight", random_matrix(shape.n_embd, shape.n_ff, OUTPUT_STD))


def write_model(out: Path, script_name: str, template: str, *, layers: int, ctx: int) -> str:
    """Write the model for ``script_name`` to ``out``; return a one-line summary."""
    vocab, script_ids = build_vocab(SCRIPTS[script_name])
    shape = Shape.for_vocab(len(vocab), layers)
    writer = gguf.GGUFWriter(str(out), "llama")
    add_metadata(writer, shape, vocab, name=f"tiny-scripted-{script_name}", template=template, ctx=ctx)
    add_tensors(writer, shape, successor_table(vocab, script_name, script_ids))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return f"wrote {out}: script={script_name} vocab={shape.n_vocab} n_embd={shape.n_embd} layers={layers}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="GGUF file to write")
    parser.add_argument("--script", choices=sorted(SCRIPTS), default="chat")
    parser.add_argument(
        "--template",
        type=Path,
        required=True,
        help="path to Qwen-Qwen3-0.6B.jinja from llama.cpp's models/templates/",
    )
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--ctx", type=int, default=4096, help="trained context length")
    args = parser.parse_args(argv)
    template = args.template.read_text(encoding="utf-8")
    print(write_model(args.out, args.script, template, layers=args.layers, ctx=args.ctx))


if __name__ == "__main__":
    main()
