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
from transformers import (
    GPT2Config, GPT2LMHeadModel, LlamaConfig, LlamaForCausalLM, MistralConfig,
    MistralForCausalLM, Qwen2Config, Qwen2ForCausalLM)

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Tests" / "KelvinModelsTests" / "Fixtures"
TOKENIZERS = ROOT / "Tests" / "KelvinTokenizersTests" / "Fixtures" / "tokenizers"
TOKENIZER = TOKENIZERS / "gpt2.json"
PROMPTS = [
    "In the beginning God created the heaven and the earth.",
    "And the LORD said unto Moses,",
    "Comfort ye, comfort ye my people",
]


def write_expected(model, tokenizer, directory, eos):
    cases = []
    for prompt in PROMPTS:
        ids = tokenizer.encode(prompt).ids
        with torch.no_grad():
            logits = model(torch.tensor([ids])).logits[0].float().numpy()
            generated = model.generate(
                torch.tensor([ids]), do_sample=False, max_new_tokens=32, min_new_tokens=32,
                pad_token_id=eos, eos_token_id=eos, output_logits=True,
                return_dict_in_generate=True)
        continuation = generated.sequences[0, len(ids):].tolist()
        gaps = []
        for step in generated.logits:
            top = torch.topk(step[0].float(), 2).values
            gaps.append(float(top[0] - top[1]))
        cases.append({
            "prompt": prompt, "ids": ids, "end_of_sequence": eos, "logits": logits.astype(np.float32).tolist(),
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
    write_expected(model, tokenizer, directory, 0)


def llama_family(directory, make_config, make_model, tokenizer_file, bf16=False):
    """A Llama-family model: RMSNorm, rotary positions, grouped-query attention, SiLU-gated
    feed-forward; the configuration decides biases, tying and the rotary scaling."""
    torch.manual_seed(1)
    tokenizer = Tokenizer.from_file(str(TOKENIZERS / tokenizer_file))
    eos = tokenizer.token_to_id("</s>") or tokenizer.token_to_id("<|endoftext|>") or 0
    config = make_config(tokenizer.get_vocab_size(), eos)
    model = make_model(config).eval()
    directory.mkdir(parents=True, exist_ok=True)
    if bf16:
        # Saved in bf16; the expected logits are float32 arithmetic on those bf16 weights, the
        # checkpoint loaded again as a user would (so the rotary frequencies are recomputed in
        # float32, not the bf16-rounded copy the cast model holds).
        model.to(torch.bfloat16).save_pretrained(directory, safe_serialization=True)
        model = make_model.from_pretrained(directory, dtype=torch.float32).eval()
    else:
        model.save_pretrained(directory, safe_serialization=True)
    shutil.copy(TOKENIZERS / tokenizer_file, directory / "tokenizer.json")
    write_expected(model, tokenizer, directory, eos)


def llama_config(vocabulary, eos):
    # Grouped-query attention (4 query heads, 2 key-value heads), untied output layer, the
    # llama3 rotary scaling with a short original context so that it changes frequencies.
    return LlamaConfig(
        vocab_size=vocabulary, hidden_size=48, intermediate_size=96, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=128,
        rms_norm_eps=1e-5, initializer_range=0.3, tie_word_embeddings=False,
        rope_scaling={"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                      "high_freq_factor": 4.0, "original_max_position_embeddings": 16},
        rope_theta=500000.0, bos_token_id=eos, eos_token_id=eos)


def qwen2_config(vocabulary, eos):
    # Biases on the query, key and value projections (always, in Qwen2), tied embeddings.
    return Qwen2Config(
        vocab_size=vocabulary, hidden_size=48, intermediate_size=96, num_hidden_layers=2,
        num_attention_heads=6, num_key_value_heads=2, max_position_embeddings=128,
        rms_norm_eps=1e-6, initializer_range=0.3, tie_word_embeddings=True,
        rope_theta=1000000.0, bos_token_id=eos, eos_token_id=eos)


def mistral_config(vocabulary, eos):
    # Saved in bf16; the linear rotary scaling.
    return MistralConfig(
        vocab_size=vocabulary, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
        num_attention_heads=4, num_key_value_heads=1, max_position_embeddings=128,
        rms_norm_eps=1e-5, initializer_range=0.3, tie_word_embeddings=False,
        sliding_window=None, rope_scaling={"rope_type": "linear", "factor": 2.0},
        bos_token_id=eos, eos_token_id=eos)


if __name__ == "__main__":
    gpt2(OUT / "gpt2-tiny")
    llama_family(OUT / "llama-tiny", llama_config, LlamaForCausalLM, "llama3.json")
    llama_family(OUT / "qwen2-tiny", qwen2_config, Qwen2ForCausalLM, "qwen2.json")
    llama_family(OUT / "mistral-bf16-tiny", mistral_config, MistralForCausalLM, "llama2.json",
                 bf16=True)
    for path in sorted(OUT.rglob("*")):
        if path.is_file():
            print(path.relative_to(ROOT), path.stat().st_size)
