#!/usr/bin/env python3
"""Times Kelvin against NumPy, PyTorch, transformers and llama.cpp on the same logits, in one
run, single-threaded, and prints a table of medians and ratios, then Kelvin's figures as
ratios to a yardstick measured in the same run: benchmarks/limits.c, hand-written C of what
one core reaches (one L2 read of the row, argmax, a three-pass softmax), built here with
clang -O3 -march=native.

Run by hand (never by CI), from the repository root, after `swift build -c release`:
    python3 -m venv .venv && .venv/bin/pip install -r benchmarks/requirements.txt
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE .venv/bin/python benchmarks/compare.py [--vocab 128256] [--level avx2]

--level portable|avx2|avx512 (default: the best this CPU has) runs Kelvin's kernels at that
instruction-set level (through KELVIN_KERNEL_LEVEL; `kelvin bench` reports the level it ran
with, and the script checks it) and builds the yardstick for the same level: -march=x86-64
(SSE2) for portable, -march=x86-64-v3 (AVX2, FMA) for avx2, -march=x86-64-v4 (AVX-512) for
avx512; -march=native on other CPUs. The anchors (NumPy, torch, llama.cpp) run as installed.

Inputs: N(0, 3²) float32 logits from NumPy's seeded generator, written to a .npy that
`kelvin bench --input` reads, so every tool sees the same numbers. llama.cpp is timed through
llama-cpp-python's low-level sampler API on a llama_token_data_array (no model needed); the
cost of refilling that array each call is timed separately and subtracted.
"""
import argparse
import ctypes
import shutil
import json
import os
import subprocess
import tempfile
import time

import numpy as np

KELVIN = os.path.join(os.path.dirname(__file__), "..", ".build", "release", "kelvin")


def median_us(fn, iterations, warmup=5, setup=None):
    times = []
    for i in range(iterations + warmup):
        if setup:
            setup()
        start = time.perf_counter_ns()
        fn()
        elapsed = (time.perf_counter_ns() - start) / 1000
        if i >= warmup:
            times.append(elapsed)
    return float(np.median(times))


LEVEL = None  # the kernel level asked for (None: the detected one)
LEVELS_SEEN = set()  # the levels `kelvin bench` reported


def kelvin_bench(path, iterations, op=None, chain=None):
    args = [KELVIN, "bench", "--input", path, "--iterations", str(iterations), "--format", "json"]
    args += ["--chain", chain] if chain else ["--op", op, "--temperature", "0.7"]
    environment = dict(os.environ)
    if LEVEL:
        environment["KELVIN_KERNEL_LEVEL"] = LEVEL
    report = json.loads(subprocess.run(args, check=True, capture_output=True, text=True,
                                       env=environment).stdout)
    LEVELS_SEEN.add(report["kernel_level"])
    return report["median_us"]


YARDSTICK_FLAGS = {"portable": "-march=x86-64", "avx2": "-march=x86-64-v3",
                   "avx512": "-march=x86-64-v4"}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--vocab", type=int, default=128256)
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--level", choices=sorted(YARDSTICK_FLAGS), default=None)
    options = parser.parse_args()
    global LEVEL
    LEVEL = options.level
    vocab = options.vocab
    iterations = options.iterations
    logits = (np.random.default_rng(0).standard_normal(vocab) * 3).astype(np.float32)
    folder = tempfile.mkdtemp()
    path = os.path.join(folder, "logits.npy")
    np.save(path, logits)

    import torch
    torch.set_num_threads(1)
    from transformers.generation import logits_process as lp
    import llama_cpp as L

    rows = []

    # softmax with temperature 0.7
    rows.append(("softmax(z / 0.7)", kelvin_bench(path, iterations, op="softmax"), [
        ("NumPy", median_us(lambda: (lambda e: e / e.sum())(np.exp((logits - logits.max()) / np.float32(0.7))), iterations)),
        ("torch", median_us(lambda: torch.softmax(torch.from_numpy(logits) / 0.7, dim=-1), iterations)),
    ]))

    # llama.cpp: a token-data array refilled each call; the refill is subtracted.
    data = np.zeros(vocab, dtype=[("id", "<i4"), ("logit", "<f4"), ("p", "<f4")])
    data["id"] = np.arange(vocab)
    pointer = data.ctypes.data_as(ctypes.POINTER(L.llama_token_data))
    array = L.llama_token_data_array(data=pointer, size=vocab, selected=-1, sorted=False)

    def refill():
        data["logit"] = logits
        data["p"] = 0
        array.data = pointer
        array.size = vocab
        array.selected = -1
        array.sorted = False

    refill_cost = median_us(refill, iterations)

    def llama_chain(*samplers):
        chain = L.llama_sampler_chain_init(L.llama_sampler_chain_default_params())
        for s in samplers:
            L.llama_sampler_chain_add(chain, s)
        total = median_us(lambda: (refill(), L.llama_sampler_apply(chain, ctypes.byref(array))), iterations)
        L.llama_sampler_free(chain)
        return max(0.0, total - refill_cost)

    def hf_chain(warpers, rounds):
        ids = torch.zeros((1, 1), dtype=torch.long)
        scores = torch.from_numpy(logits)[None, :]

        def run():
            s = scores
            for w in warpers:
                s = w(ids, s)
            torch.multinomial(torch.softmax(s, dim=-1), 1)
        return median_us(run, rounds)

    rows.append(("temperature → top-k 40 → top-p 0.95 → min-p 0.05 → draw",
                 kelvin_bench(path, iterations, chain="temperature=0.7;top_k=40;top_p=0.95;min_p=0.05;dist"), [
        ("llama.cpp", llama_chain(L.llama_sampler_init_top_k(40), L.llama_sampler_init_top_p(0.95, 1), L.llama_sampler_init_min_p(0.05, 1), L.llama_sampler_init_temp(0.7), L.llama_sampler_init_dist(1))),
        ("transformers", hf_chain([lp.TemperatureLogitsWarper(0.7), lp.TopKLogitsWarper(40), lp.TopPLogitsWarper(0.95), lp.MinPLogitsWarper(0.05)], max(20, iterations // 10))),
    ]))
    rows.append(("temperature 0.7 → top-p 0.95 → draw",
                 kelvin_bench(path, max(20, iterations // 4), chain="temperature=0.7;top_p=0.95;dist"), [
        ("llama.cpp", llama_chain(L.llama_sampler_init_temp(0.7), L.llama_sampler_init_top_p(0.95, 1), L.llama_sampler_init_dist(1))),
        ("transformers", hf_chain([lp.TemperatureLogitsWarper(0.7), lp.TopPLogitsWarper(0.95)], max(20, iterations // 10))),
    ]))
    rows.append(("min-p 0.05 → temperature 0.7 → draw",
                 kelvin_bench(path, iterations, chain="min_p=0.05;temperature=0.7;dist"), [
        ("llama.cpp", llama_chain(L.llama_sampler_init_min_p(0.05, 1), L.llama_sampler_init_temp(0.7), L.llama_sampler_init_dist(1))),
    ]))
    rows.append(("greedy (argmax)", kelvin_bench(path, iterations, chain="greedy"), [
        ("llama.cpp", llama_chain(L.llama_sampler_init_greedy())),
        ("torch.argmax", median_us(lambda: torch.argmax(torch.from_numpy(logits)), iterations)),
    ]))

    rows.append(("top-k 40 → top-p 0.95 → min-p 0.05 → temperature → draw (llama.cpp's order)",
                 kelvin_bench(path, iterations, chain="top_k=40;top_p=0.95;min_p=0.05;temperature=0.7;dist"), [
        ("llama.cpp", llama_chain(L.llama_sampler_init_top_k(40), L.llama_sampler_init_top_p(0.95, 1), L.llama_sampler_init_min_p(0.05, 1), L.llama_sampler_init_temp(0.7), L.llama_sampler_init_dist(1))),
    ]))

    assert len(LEVELS_SEEN) == 1 and (LEVEL is None or LEVELS_SEEN == {LEVEL}), LEVELS_SEEN
    level = LEVELS_SEEN.pop()
    print(f"Kelvin's kernels at level {level}")
    print(f"V = {vocab:,}, one thread, medians in µs (llama.cpp: array refill of {refill_cost:.1f} µs subtracted)")
    print(f"{'operation':58s} {'Kelvin':>9s}  anchors (µs, anchor / Kelvin)")
    for name, ours, anchors in rows:
        text = ", ".join(f"{tool} {value:,.1f} ({value / ours:.2f}×)" for tool, value in anchors)
        print(f"{name:58s} {ours:9,.1f}  {text}")

    limits, flags = yardstick(path, folder, level)
    if limits is None:
        return
    figures = {name: ours for name, ours, _ in rows}
    print()
    print(f"Yardstick (benchmarks/limits.c, clang -O3 {flags}, medians): one L2 read {limits['read_us']:.1f} µs, "
          f"argmax {limits['argmax_us']:.1f} µs, softmax {limits['softmax_us']:.1f} µs")
    targets = [
        ("softmax(z / 0.7)", "softmax_us", 1.15),
        ("temperature 0.7 → top-p 0.95 → draw", "softmax_us", 1.6),
        ("temperature → top-k 40 → top-p 0.95 → min-p 0.05 → draw", "read_us", 1.8),
        ("top-k 40 → top-p 0.95 → min-p 0.05 → temperature → draw (llama.cpp's order)", "read_us", 1.8),
        ("min-p 0.05 → temperature 0.7 → draw", "read_us", 2.0),
        ("greedy (argmax)", "argmax_us", 1.1),
    ]
    for name, limit, target in targets:
        ours = figures[name]
        if limit is None:
            verdict = "met" if ours <= target else "not met"
            print(f"{name:78s} {ours:8.1f} µs   target ≤ {target:.0f} µs: {verdict}")
        else:
            ratio = ours / limits[limit]
            verdict = "met" if ratio <= target else "not met"
            print(f"{name:78s} {ratio:5.2f}× {limit[:-3]:8s} target ≤ {target:.2f}×: {verdict}")


def yardstick(path, folder, level):
    """Builds benchmarks/limits.c for Kelvin's kernel level (on x86-64) and runs it on the same
    logits; (None, None) without a C compiler."""
    compiler = shutil.which("clang") or shutil.which("cc")
    if compiler is None:
        print("no C compiler: the yardstick is skipped")
        return None, None
    binary = os.path.join(folder, "limits")
    source = os.path.join(os.path.dirname(__file__), "limits.c")
    import platform
    flags = YARDSTICK_FLAGS[level] if platform.machine() in ("x86_64", "AMD64") else "-march=native"
    subprocess.run([compiler, "-O3", flags, "-Wno-psabi", "-o", binary, source, "-lm"],
                   check=True, capture_output=True)
    return json.loads(subprocess.run([binary, path], check=True, capture_output=True,
                                     text=True).stdout), flags


if __name__ == "__main__":
    main()
