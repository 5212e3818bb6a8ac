#!/usr/bin/env python3
"""Feeds the same random logits to `kelvin process` and to the anchors' own code —
Hugging Face transformers' logits warpers and llama.cpp's samplers (through llama-cpp-python's
low-level API, no model needed) — and reports, per processor, whether the surviving token sets
agree and the largest difference of the processed logits.

Run by hand (never by CI), after `swift build -c release`:
    python3 -m venv .venv && .venv/bin/pip install -r tools/crosscheck/requirements.txt
    .venv/bin/python tools/crosscheck/compare_processors.py
"""
import ctypes
import argparse
import json
import os
import subprocess
import tempfile
import sys

import numpy as np

KELVIN = os.path.join(os.path.dirname(__file__), "..", "..", ".build", "release", "kelvin")
VOCAB = 2000
SEEDS = range(5)
HISTORY = [5, 17, 5, 99, 17, 5, 300, 17, 42, 5, 17]


def kelvin_process(logits, chain, history=None):
    if len(logits) > 4000:
        # Too long for a command line: through a .npy file.
        folder = tempfile.mkdtemp()
        path = os.path.join(folder, "logits.npy")
        np.save(path, np.asarray(logits, dtype=np.float32))
        args = [KELVIN, "process", "--input", path, "--chain", chain, "--format", "json"]
    else:
        args = [KELVIN, "process", "--logits", ",".join(repr(float(x)) for x in logits), "--chain", chain, "--format", "json"]
    if history:
        args += ["--history", ",".join(map(str, history))]
    out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
    return {c["token"]: c["logit"] for c in json.loads(out)["candidates"]}


def compare(name, ours, theirs):
    same = set(ours) == set(theirs)
    shared = set(ours) & set(theirs)
    diff = max((abs(ours[t] - theirs[t]) for t in shared), default=0.0)
    return same, diff, len(ours), len(theirs)


# transformers

def transformers_survivors(warper, logits, history=None):
    import torch
    ids = torch.tensor([history or [0]], dtype=torch.long)
    scores = torch.tensor(np.asarray(logits, dtype=np.float32)[None, :])
    out = warper(ids, scores)[0].numpy()
    return {i: float(v) for i, v in enumerate(out) if np.isfinite(v)}


def transformers_cases():
    from transformers.generation import logits_process as lp
    return [
        ("temperature(t=0.7)", "temperature=0.7", lambda: lp.TemperatureLogitsWarper(0.7), None),
        ("top_k(k=40,keep_ties=1)", "top_k(k=40,keep_ties=1)", lambda: lp.TopKLogitsWarper(40), None),
        ("top_p(p=0.9)", "top_p=0.9", lambda: lp.TopPLogitsWarper(0.9), None),
        ("min_p(p=0.1)", "min_p=0.1", lambda: lp.MinPLogitsWarper(0.1), None),
        ("typical_p(p=0.9)", "typical_p=0.9", lambda: lp.TypicalLogitsWarper(0.9), None),
        ("epsilon(e=0.001)", "epsilon=0.001", lambda: lp.EpsilonLogitsWarper(0.001), None),
        ("eta(e=0.001)", "eta=0.001", lambda: lp.EtaLogitsWarper(0.001), None),
        ("top_h(h=0.4)", "top_h=0.4", lambda: lp.TopHLogitsWarper(0.4), None),
        ("penalties(repeat=1.3,last_n=-1)", "penalties(last_n=-1,repeat=1.3)", lambda: lp.RepetitionPenaltyLogitsProcessor(1.3), HISTORY),
        ("no_repeat_ngram(n=2)", "no_repeat_ngram=2", lambda: lp.NoRepeatNGramLogitsProcessor(2), HISTORY),
        ("temperature(t=0.7),top_p(p=0.95)", "temperature=0.7;top_p=0.95", lambda: lp.LogitsProcessorList([lp.TemperatureLogitsWarper(0.7), lp.TopPLogitsWarper(0.95)]), None),
    ]


# llama.cpp

def llama_survivors(sampler, logits, history=None):
    import llama_cpp
    n = len(logits)
    data = (llama_cpp.llama_token_data * n)()
    for i, z in enumerate(logits):
        data[i].id = i
        data[i].logit = float(z)
        data[i].p = 0.0
    array = llama_cpp.llama_token_data_array(data=data, size=n, selected=-1, sorted=False)
    for token in history or []:
        llama_cpp.llama_sampler_accept(sampler, token)
    llama_cpp.llama_sampler_apply(sampler, ctypes.byref(array))
    # Read through array.data: XTC advances the data pointer; -inf entries are masked tokens
    # (top_n_sigma and temperature 0 mask rather than remove).
    result = {array.data[i].id: float(array.data[i].logit) for i in range(array.size) if array.data[i].logit != -np.inf}
    llama_cpp.llama_sampler_free(sampler)
    return result


def llama_cases():
    import llama_cpp as L
    return [
        ("top_k(k=40)", "top_k=40", lambda: L.llama_sampler_init_top_k(40), None),
        ("top_p(p=0.9)", "top_p=0.9", lambda: L.llama_sampler_init_top_p(0.9, 1), None),
        ("min_p(p=0.1)", "min_p=0.1", lambda: L.llama_sampler_init_min_p(0.1, 1), None),
        ("typical_p(p=0.9)", "typical_p=0.9", lambda: L.llama_sampler_init_typical(0.9, 1), None),
        ("top_n_sigma(n=1.5)", "top_n_sigma=1.5", lambda: L.llama_sampler_init_top_n_sigma(1.5), None),
        ("temperature(t=0.7)", "temperature=0.7", lambda: L.llama_sampler_init_temp(0.7), None),
        ("temperature(t=0)", "temperature=0", lambda: L.llama_sampler_init_temp(0.0), None),
        ("dynamic_temperature(0.8,0.3,1.2)", "dynamic_temperature(temperature=0.8,delta=0.3,exponent=1.2)", lambda: L.llama_sampler_init_temp_ext(0.8, 0.3, 1.2), None),
        ("xtc(probability=1,threshold=0.02)", "xtc(probability=1,threshold=0.02)", lambda: L.llama_sampler_init_xtc(1.0, 0.02, 1, 7), None),
        ("penalties(64,1.3,0.2,0.1)", "penalties(last_n=64,repeat=1.3,frequency=0.2,presence=0.1)", lambda: L.llama_sampler_init_penalties(VOCAB, 64, 1.3, 0.2, 0.1), HISTORY),
        ("adaptive_p(target=0.3,decay=0.9)", "adaptive_p(target=0.3,decay=0.9)", lambda: L.llama_sampler_init_adaptive_p(0.3, 0.9, 7), None),
        ("mirostat_v2(tau=3,eta=0.1)", "mirostat_v2(tau=3,eta=0.1)", lambda: L.llama_sampler_init_mirostat_v2(7, 3.0, 0.1), None),
        ("mirostat(tau=3,eta=0.1,m=100)", "mirostat(tau=3,eta=0.1,m=100)", lambda: L.llama_sampler_init_mirostat(VOCAB, 7, 3.0, 0.1, 100), None),
        ("temperature(t=0.7),top_p(p=0.95)", "temperature=0.7;top_p=0.95", lambda: llama_chain(L.llama_sampler_init_temp(0.7), L.llama_sampler_init_top_p(0.95, 1)), None),
    ]


def llama_chain(*samplers):
    import llama_cpp as L
    chain = L.llama_sampler_chain_init(L.llama_sampler_chain_default_params())
    for sampler in samplers:
        L.llama_sampler_chain_add(chain, sampler)  # the chain frees them
    return chain


def main():
    global VOCAB
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vocab", type=int, default=VOCAB, help="logits per case (default 2000)")
    parser.add_argument("--only", default="", help="only processors whose name contains this")
    parser.add_argument("--sigma", type=float, default=3, help="standard deviation of the logits (default 3)")
    options = parser.parse_args()
    VOCAB = options.vocab
    rows = []
    for label, anchor, cases, survivors in (
        ("transformers", "transformers", transformers_cases, transformers_survivors),
        ("llama.cpp", "llama.cpp", llama_cases, llama_survivors),
    ):
        for name, chain, make, history in cases():
            if options.only not in name:
                continue
            agree = 0
            worst = 0.0
            sizes = []
            for seed in SEEDS:
                rng = np.random.default_rng(seed)
                logits = (rng.standard_normal(VOCAB) * options.sigma).astype(np.float32)
                ours = kelvin_process(logits, chain, history)
                theirs = survivors(make(), logits, history)
                # Selecting samplers (mirostat) narrow and then pick one token: compare sizes.
                if name.startswith("mirostat"):
                    same, diff, a, b = len(ours) == len(theirs), 0.0, len(ours), len(theirs)
                    if name.startswith("mirostat_v2"):
                        same = len(ours) == len(theirs)
                else:
                    same, diff, a, b = compare(name, ours, theirs)
                agree += same
                worst = max(worst, diff)
                sizes.append(f"{a}/{b}")
            rows.append((anchor, name, agree, len(SEEDS), worst, " ".join(sizes)))
    print(f"{'anchor':13s} {'processor':36s} {'same set':9s} {'max |Δ logit|':14s} survivors (kelvin/anchor)")
    for anchor, name, agree, total, worst, sizes in rows:
        print(f"{anchor:13s} {name:36s} {agree}/{total:<7d} {worst:<14.3g} {sizes}")
    return 0 if all(a == t for _, _, a, t, _, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
