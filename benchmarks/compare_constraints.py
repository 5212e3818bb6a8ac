#!/usr/bin/env python3
"""Kelvin's regex constraint against outlines-core's index, on the same byte-level
vocabulary and the same regular expression: the allowed token sets at a few prefixes must be
equal, then index build time and per-token cost side by side.

The vocabulary (V = 128,256 unless --vocab) is made here: the 256 bytes, the numbers 0–999,
JSON punctuation, the bundled corpus's words with and without a leading space, then seeded
random pieces, written as a byte-level tokenizer.json (GPT-2's bytes_to_unicode), with a
special end-of-sequence token. The pattern is the one Kelvin makes from its bench schema
(`kelvin bench --op constraint`), given to both libraries as text.

Run by hand, after `swift build -c release`:
    python3 -m venv .venv && .venv/bin/pip install -r benchmarks/requirements.txt
    .venv/bin/python benchmarks/compare_constraints.py
"""
import argparse
import json
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time

import outlines_core
from outlines_core import Index, Vocabulary

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KELVIN = os.path.join(ROOT, ".build", "release", "kelvin")
EOS = "<|eos|>"


def bytes_to_unicode():
    printable = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    table, shifted = {}, 0
    for byte in range(256):
        if byte in printable:
            table[byte] = chr(byte)
        else:
            table[byte] = chr(256 + shifted)
            shifted += 1
    return table


def vocabulary(size, seed):
    tokens, seen = [], set()

    def add(piece):
        if len(tokens) < size - 1 and piece and piece not in seen:
            seen.add(piece)
            tokens.append(piece)

    for byte in range(256):
        add(bytes([byte]))
    for number in range(1000):
        add(str(number).encode())
    for piece in ['{"', '":', '","', '":"', '"}', ',"', "true", "false", "null", "[]", '["', '"]']:
        add(piece.encode())
    corpus = open(os.path.join(ROOT, "Sources/KelvinDecoding/Resources/corpus.txt"), encoding="utf-8").read()
    for word in sorted(set(re.findall(r"[A-Za-z]+", corpus))):
        add(word.encode())
        add((" " + word).encode())
    rng = random.Random(seed)
    while len(tokens) < size - 1:
        add(bytes(0x80 + rng.randrange(0x40) if rng.randrange(16) == 0 else 0x61 + rng.randrange(26)
                  for _ in range(2 + rng.randrange(8))))
    return tokens


def kelvin(*arguments):
    out = subprocess.run([KELVIN, *arguments], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vocab", type=int, default=128_256)
    parser.add_argument("--iterations", type=int, default=50)
    arguments = parser.parse_args()
    tokens = vocabulary(arguments.vocab, seed=0)
    eos_id = len(tokens)
    table = bytes_to_unicode()
    folder = tempfile.mkdtemp()
    tokenizer = os.path.join(folder, "tokenizer.json")
    with open(tokenizer, "w", encoding="utf-8") as handle:
        json.dump({
            "added_tokens": [{"id": eos_id, "content": EOS, "special": True}],
            "pre_tokenizer": {"type": "ByteLevel"},
            "model": {"type": "BPE", "vocab": {
                **{"".join(table[b] for b in token): i for i, token in enumerate(tokens)}, EOS: eos_id}},
        }, handle)

    # Kelvin: the pattern of its bench schema, and its figures on this vocabulary.
    bench = kelvin("bench", "--op", "constraint", "--tokenizer", tokenizer, "--eos", EOS,
                   "--iterations", str(arguments.iterations), "--format", "json")
    pattern = bench["pattern"]

    # outlines-core on the same tokens and pattern.
    start = time.perf_counter()
    vocab = Vocabulary(eos_id, {token: [i] for i, token in enumerate(tokens)})
    index = Index(pattern, vocab)
    build_ms = (time.perf_counter() - start) * 1e3

    # The allowed sets after a few prefixes, walked byte by byte (ids 0–255 are the bytes).
    prefixes = ['', '{"name":"', '{"name":"Ann","age":1', '{"name":"Ann","age":12,"score":3.5',
                '{"name":"A","age":0,"score":0,"member":true,"tier":"pro","tags":["x"']
    agreed = 0
    for prefix in prefixes:
        state = index.get_initial_state()
        for byte in prefix.encode():
            state = index.get_next_state(state, byte)
        theirs = sorted(index.get_allowed_tokens(state))
        ours = [entry["id"] for entry in kelvin(
            "constrain", "--vocab", tokenizer, "--eos", EOS, "--regex", pattern, "--prefix", prefix,
            "--format", "json")["allowed"]]
        same = ours == theirs
        agreed += same
        print(f"{'same' if same else 'DIFFERENT'} allowed set after {prefix!r}: Kelvin {len(ours)}, outlines-core {len(theirs)}")

    # outlines-core per token: the allowed list and the next state along a seeded path.
    rng = random.Random(1)
    path, state = [], index.get_initial_state()
    while not index.is_final_state(state) or (len(path) < 40 and rng.randrange(8) != 0):
        allowed = [t for t in index.get_allowed_tokens(state) if t != eos_id]
        if not allowed:
            break
        token = max(allowed, key=lambda t: len(tokens[t])) if rng.randrange(2) == 0 else rng.choice(allowed)
        path.append(token)
        state = index.get_next_state(state, token)
    per_token = []
    for _ in range(arguments.iterations):
        state = index.get_initial_state()
        begin = time.perf_counter_ns()
        for token in path:
            index.get_allowed_tokens(state)
            state = index.get_next_state(state, token)
        per_token.append((time.perf_counter_ns() - begin) / 1e3 / len(path))
    theirs_us = statistics.median(per_token)

    print(f"V = {len(tokens) + 1:,}, pattern of {len(pattern)} characters; outlines-core 0.2.14 (its Python API)")
    print(f"{'':34}{'Kelvin':>12}{'outlines-core':>16}{'ratio':>9}")
    print(f"{'index build (ms)':34}{bench['index_build_ms']:12.0f}{build_ms:16.0f}{build_ms / bench['index_build_ms']:8.2f}×")
    print(f"{'mask per token, median (µs)':34}{bench['mask_median_us']:12.3f}{theirs_us:16.3f}{theirs_us / bench['mask_median_us']:8.0f}×")
    print(f"{'mask applied to V logits (µs)':34}{bench['apply_median_us']:12.3f}{'—':>16}")
    print(f"{agreed} of {len(prefixes)} allowed sets equal")
    sys.exit(0 if agreed == len(prefixes) else 1)


if __name__ == "__main__":
    main()
