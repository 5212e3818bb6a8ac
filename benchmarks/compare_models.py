#!/usr/bin/env python3
"""Decode speed of a checkpoint in Kelvin and in torch (eager, one thread), same prompt, one run.

Kelvin is timed end to end through `kelvin generate --model DIR --chain greedy` at two
lengths; the difference over the difference in tokens is its decode rate (loading and the
prompt cancel out). torch runs transformers' GPT2LMHeadModel / LlamaForCausalLM with its key-value
cache, one token per step, after the prompt. Both decode greedily with the end of sequence
banned, so both produce the same number of tokens.

Usage: python3 benchmarks/compare_models.py DIR [--kelvin .build/release/kelvin] [--tokens 64]
  (DIR may be builtin-gpt2; with --random-gpt2-small, a random GPT-2-small-shaped model is written to DIR first)
"""
import argparse
import json
import pathlib
import subprocess
import time

import torch
from transformers import AutoModelForCausalLM, GPT2Config, GPT2LMHeadModel

ROOT = pathlib.Path(__file__).resolve().parents[1]


def kelvin_seconds(binary, directory, tokens, eos):
    start = time.perf_counter()
    out = subprocess.run(
        [binary, "generate", "--model", directory, "--prompt", "And the LORD said unto Moses,",
         "--chain", f"min_tokens(n={tokens},eos={eos});greedy", "--max-tokens", str(tokens),
         "--format", "json"], capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    return seconds, len(json.loads(out.stdout)["tokens"])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("directory")
    parser.add_argument("--kelvin", default=str(ROOT / ".build" / "release" / "kelvin"))
    parser.add_argument("--tokens", type=int, default=64)
    parser.add_argument("--random-gpt2-small", action="store_true")
    args = parser.parse_args()
    directory = args.directory
    if args.random_gpt2_small:
        torch.manual_seed(0)
        # GPT-2 small's layers (12 × 768, 85 M parameters in the blocks) over the 1,203-token
        # fixture tokenizer, so every generated id decodes.
        tokenizer = ROOT / "Tests" / "KelvinTokenizersTests" / "Fixtures" / "tokenizers" / "gpt2.json"
        vocabulary = len(json.loads(tokenizer.read_text())["model"]["vocab"]) + 3
        model = GPT2LMHeadModel(GPT2Config(
            n_positions=1024, vocab_size=vocabulary, bos_token_id=0, eos_token_id=0)).eval()
        model.save_pretrained(directory, safe_serialization=True)
        (pathlib.Path(directory) / "tokenizer.json").write_bytes(tokenizer.read_bytes())
    local = directory
    if directory == "builtin-gpt2":
        local = str(ROOT / "Sources" / "KelvinModels" / "Resources" / "kelvin-gpt2")
    config = json.loads((pathlib.Path(local) / "config.json").read_text())
    eos = config.get("eos_token_id") or 0
    if isinstance(eos, list):
        eos = eos[0]
    # The fastest of five runs at each length.
    short, n1 = min(kelvin_seconds(args.kelvin, directory, 1, eos) for _ in range(5))
    long, n2 = min(kelvin_seconds(args.kelvin, directory, 1 + args.tokens, eos) for _ in range(5))
    kelvin_rate = (n2 - n1) / (long - short)

    torch.set_num_threads(1)
    model = AutoModelForCausalLM.from_pretrained(local, dtype=torch.float32).eval()
    ids = torch.tensor([[eos, 1, 2, 3, 4, 5, 6, 7]])
    with torch.no_grad():
        out = model(ids, use_cache=True)
        past = out.past_key_values
        token = out.logits[:, -1:].argmax(-1)
        start = time.perf_counter()
        for _ in range(args.tokens):
            out = model(token, past_key_values=past, use_cache=True)
            past = out.past_key_values
            token = out.logits[:, -1:].argmax(-1)
        torch_rate = args.tokens / (time.perf_counter() - start)
    parameters = sum(p.numel() for p in model.parameters())
    print(json.dumps({
        "model": directory, "parameters": parameters, "tokens": args.tokens,
        "kelvin_decode_tokens_per_s": round(kelvin_rate, 1),
        "torch_eager_1_thread_tokens_per_s": round(torch_rate, 1),
        "ratio": round(kelvin_rate / torch_rate, 2),
    }))


if __name__ == "__main__":
    main()
