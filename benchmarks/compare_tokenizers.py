#!/usr/bin/env python3
"""Kelvin's tokenizer against Hugging Face `tokenizers` (one thread), on the same
`tokenizer.json` files and the same text: the ids must be equal, then encode and decode speed
in MB/s side by side, and the memory of loading a 128k-token tokenizer.json.

Texts: a 1 MB text (the bundled corpus and held-out text, repeated to 1,048,576 bytes), encoded
whole, and the same text line by line (what a server sees: many short requests). Tokenizers:
the GPT-2, Llama 3, Qwen2 and Llama 2 layouts of the test fixtures, and a 128,000-token
byte-level BPE trained here (seeded) on synthetic Zipf-distributed words, written to a
temporary directory (not committed).

Kelvin's figures come from `kelvin bench --op tokenize` (median of --iterations calls);
`tokenizers` is timed in this process with RAYON_NUM_THREADS=1, the median of the same number
of calls. Memory: the peak resident set of `kelvin tokenize` with the tokenizer minus that
with a small one, against the file's size (target: under 3×).

Run by hand, after `swift build -c release`:
    python3 -m venv .venv && .venv/bin/pip install -r benchmarks/requirements.txt
    .venv/bin/python benchmarks/compare_tokenizers.py
"""
import argparse
import functools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KELVIN = os.path.join(ROOT, ".build", "release", "kelvin")
FIXTURES = os.path.join(ROOT, "Tests", "KelvinTokenizersTests", "Fixtures", "tokenizers")
RESOURCES = os.path.join(ROOT, "Sources", "KelvinDecoding", "Resources")


def text_1mb():
    data = b""
    for name in ("corpus.txt", "heldout.txt"):
        with open(os.path.join(RESOURCES, name), "rb") as f:
            data += f.read()
    data = (data * (1 + (1 << 20) // len(data)))[:1 << 20]
    while True:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            data = data[:-1]


def kelvin_bench(tokenizer, text_path, iterations, lines=False):
    out = subprocess.run([KELVIN, "bench", "--op", "tokenize", "--tokenizer", tokenizer,
                          "--input", text_path, "--iterations", str(iterations), "--format", "json"]
                         + (["--lines"] if lines else []),
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def kelvin_ids(tokenizer, text_path):
    out = subprocess.run([KELVIN, "tokenize", "--tokenizer", tokenizer, "--input", text_path,
                          "--format", "json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["ids"]


def hf_times(tokenizer, texts, iterations):
    tokenizer.encode_special_tokens = True
    encode, decode = [], []
    for _ in range(iterations + max(1, iterations // 10)):
        start = time.perf_counter()
        ids = [tokenizer.encode(t, add_special_tokens=False).ids for t in texts]
        encode.append(time.perf_counter() - start)
        start = time.perf_counter()
        for i in ids:
            tokenizer.decode(i, skip_special_tokens=False)
        decode.append(time.perf_counter() - start)
    return statistics.median(encode[-iterations:]), statistics.median(decode[-iterations:]), ids


def train_big(directory, size):
    rng = random.Random(128000)
    syllables = [a + b for a in "bcdfghjklmnprstvwz" for b in "aeiouy"] + list("aeiou")
    words = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 5))) for _ in range(400000)]
    cumulative, total = [], 0.0
    for k in range(len(words)):
        total += 1 / (k + 1) ** 1.05
        cumulative.append(total)
    lines = [" ".join(rng.choices(words, cum_weights=cumulative, k=40)) for _ in range(120000)]
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=size, special_tokens=["<|endoftext|>"],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  show_progress=False)
    tokenizer.train_from_iterator(lines, trainer=trainer)
    path = os.path.join(directory, "big.json")
    tokenizer.save(path)
    return path, tokenizer.get_vocab_size()


def peak_rss_kb(tokenizer):
    result = subprocess.run(["/usr/bin/time", "-f", "%M", KELVIN, "tokenize", "--tokenizer", tokenizer,
                             "--text", "hello", "--ids"], check=True, capture_output=True, text=True)
    return int(result.stderr.strip().splitlines()[-1])


print = functools.partial(print, flush=True)  # noqa: A001 (progress as it goes)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=5)
    parser.add_argument("--vocab", type=int, default=128000)
    args = parser.parse_args()
    text = text_1mb()
    size = len(text.encode("utf-8"))
    with tempfile.TemporaryDirectory() as directory:
        whole = os.path.join(directory, "text.txt")
        with open(whole, "w", encoding="utf-8") as f:
            f.write(text)
        print(f"text: {size} bytes; {args.iterations} timed calls each; tokenizers one thread")
        print(f"{'tokenizer':<10} {'ids':>5} {'kelvin enc':>11} {'hf enc':>8} {'ratio':>6} "
              f"{'kelvin dec':>11} {'hf dec':>8} {'ratio':>6}   MB/s")
        for name in ("gpt2", "llama3", "qwen2", "llama2"):
            path = os.path.join(FIXTURES, f"{name}.json")
            hf = Tokenizer.from_file(path)
            encode, decode, ids = hf_times(hf, [text], args.iterations)
            same = kelvin_ids(path, whole) == ids[0]
            k = kelvin_bench(path, whole, args.iterations)
            ke, kd = k["encode_mb_per_s"], k["decode_mb_per_s"]
            he, hd = size / encode / 1e6, size / decode / 1e6
            print(f"{name:<10} {'equal' if same else 'DIFF':>5} {ke:>11.2f} {he:>8.2f} {ke / he:>6.2f} "
                  f"{kd:>11.2f} {hd:>8.2f} {kd / hd:>6.2f}")
        lines = text.split("\n")
        line_bytes = sum(len(line.encode("utf-8")) for line in lines)
        print(f"line by line ({len(lines)} texts, one call each, {line_bytes} bytes):")
        for name in ("gpt2", "llama3", "qwen2", "llama2"):
            path = os.path.join(FIXTURES, f"{name}.json")
            hf = Tokenizer.from_file(path)
            encode, decode, _ = hf_times(hf, lines, args.iterations)
            k = kelvin_bench(path, whole, args.iterations, lines=True)
            ke, kd = k["encode_mb_per_s"], k["decode_mb_per_s"]
            he, hd = line_bytes / encode / 1e6, line_bytes / decode / 1e6
            print(f"{name:<10} {'':>5} {ke:>11.2f} {he:>8.2f} {ke / he:>6.2f} "
                  f"{kd:>11.2f} {hd:>8.2f} {kd / hd:>6.2f}")
        big, vocab = train_big(directory, args.vocab)
        file_size = os.path.getsize(big)
        base = peak_rss_kb(os.path.join(FIXTURES, "gpt2.json"))
        peak = peak_rss_kb(big)
        start = time.perf_counter()
        Tokenizer.from_file(big)
        hf_load = time.perf_counter() - start
        k = kelvin_bench(big, whole, 1)
        print(f"{vocab}-token tokenizer.json: {file_size / 1e6:.1f} MB; Kelvin loads it in "
              f"{k['load_ms']:.0f} ms (tokenizers {hf_load * 1e3:.0f} ms); peak memory "
              f"{(peak - base) / 1024:.1f} MiB above a small tokenizer's = "
              f"{(peak - base) * 1024 / file_size:.2f}× the file")


if __name__ == "__main__":
    sys.exit(main())
