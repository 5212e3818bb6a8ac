#!/usr/bin/env python3
"""Builds the tiny transformer checkpoints the KelvinModels tests load, with transformers'
logits and greedy continuations as the expected values.

Each model is random-initialised by transformers itself (fixed seed), saved with
`save_pretrained` (config.json, model.safetensors), next to the byte-level BPE tokenizer the
tokenizer tests use (Tests/KelvinTokenizersTests/Fixtures/tokenizers/gpt2.json). For every
prompt, `expected.json` holds the prompt's ids, transformers' logits at every position (float32,
as the model computes them in eval mode) and its greedy continuation of 32 tokens
(`generate(do_sample=False)`), with the smallest gap between the best and second-best logit
along the way, so a test knows the continuation is not decided by a rounding.

Usage: python3 tools/models/make_fixtures.py   (torch and transformers from PyPI; CPU only)
"""
import json
import pathlib
import shutil

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import GPT2Config, GPT2LMHeadModel

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "KelvinModelsTests" / "Fixtures"
TOKENIZER = ROOT / "Tests" / "KelvinTokenizersTests" / "Fixtures" / "tokenizers" / "gpt2.json"
PROMPTS = [
    "In the beginning God created the heaven and the earth.",
    "And the LORD said unto Moses,",
    "Comfort ye, comfort ye my people",
]


def write_expected(model, tokenizer, directory):
    cases = []
    for prompt in PROMPTS:
        ids = tokenizer.encode(prompt).ids
        with torch.no_grad():
            logits = model(torch.tensor([ids])).logits[0].float().numpy()
            generated = model.generate(
                torch.tensor([ids]), do_sample=False, max_new_tokens=32, min_new_tokens=32,
                pad_token_id=0, output_logits=True, return_dict_in_generate=True)
        continuation = generated.sequences[0, len(ids):].tolist()
        gaps = []
        for step in generated.logits:
            top = torch.topk(step[0].float(), 2).values
            gaps.append(float(top[0] - top[1]))
        cases.append({
            "prompt": prompt, "ids": ids, "logits": logits.astype(np.float32).tolist(),
            "greedy": continuation, "smallest_gap": min(gaps),
        })
    (directory / "expected.json").write_text(json.dumps({"cases": cases}))


def gpt2(directory):
    torch.manual_seed(0)
    tokenizer = Tokenizer.from_file(str(TOKENIZER))
    config = GPT2Config(
        vocab_size=tokenizer.get_vocab_size(), n_positions=128, n_embd=48, n_layer=2, n_head=4,
        resid_pdrop=0, embd_pdrop=0, attn_pdrop=0, initializer_range=0.3,
        bos_token_id=0, eos_token_id=0)
    model = GPT2LMHeadModel(config).eval()
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(directory, safe_serialization=True)
    shutil.copy(TOKENIZER, directory / "tokenizer.json")
    write_expected(model, tokenizer, directory)


if __name__ == "__main__":
    gpt2(OUT / "gpt2-tiny")
    for path in sorted(OUT.rglob("*")):
        if path.is_file():
            print(path.relative_to(ROOT), path.stat().st_size)
