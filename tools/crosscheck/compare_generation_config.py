#!/usr/bin/env python3
"""Builds, for a set of generation_config.json files, the logits processors transformers'
generate() builds (`_prepare_generation_config`, then `_get_logits_processor`, on a tiny
randomly initialised GPT-2 made here, no download) and compares them, item by item, with the
chain `kelvin generate --generation-config FILE` reports.

Run by hand (never by CI), after `swift build -c release`:
    python3 -m venv .venv && .venv/bin/pip install -r tools/crosscheck/requirements.txt
    .venv/bin/python tools/crosscheck/compare_generation_config.py
"""
import json
import os
import subprocess
import sys
import tempfile

import transformers
from transformers import GenerationConfig, GPT2Config, GPT2LMHeadModel, LogitsProcessorList
import torch

KELVIN = os.path.join(os.path.dirname(__file__), "..", "..", ".build", "release", "kelvin")
EOS = 0  # the built-in model's end of sequence (the newline), which Kelvin's CLI bans

CONFIGS = {
    "empty (greedy)": {},
    "do_sample only": {"do_sample": True},
    "Llama 3.1": {"do_sample": True, "temperature": 0.6, "top_p": 0.9},
    "every key": {
        "do_sample": True, "temperature": 0.7, "top_k": 20, "top_p": 0.95, "min_p": 0.05,
        "typical_p": 0.9, "repetition_penalty": 1.2, "no_repeat_ngram_size": 3,
        "epsilon_cutoff": 0.0003, "eta_cutoff": 0.001, "min_new_tokens": 4,
        "bad_words_ids": [[7], [3, 4], [EOS]], "eos_token_id": EOS, "max_new_tokens": 9,
    },
    "greedy with warpers set": {
        "do_sample": False, "temperature": 0.6, "top_p": 0.9, "repetition_penalty": 1.1,
    },
    "warpers off": {"do_sample": True, "top_k": 0, "top_p": 1.0, "min_p": 0.0},
    "greedy at temperature 0": {"do_sample": False, "temperature": 0.0},
}


def number(value):
    value = float(value)
    return str(int(value)) if value.is_integer() else repr(value)


def transformers_chain(config):
    model = GPT2LMHeadModel(GPT2Config(
        n_layer=1, n_head=1, n_embd=4, vocab_size=97, n_positions=32, bos_token_id=1,
        eos_token_id=EOS))
    model.generation_config = GenerationConfig.from_dict({"eos_token_id": EOS, **config})
    generation_config, _ = model._prepare_generation_config(None)
    model._prepare_special_tokens(generation_config, device="cpu")
    ids = torch.tensor([[1, 2, 3]])
    processors = model._get_logits_processor(
        generation_config=generation_config, input_ids_seq_length=3, encoder_input_ids=ids,
        prefix_allowed_tokens_fn=None, logits_processor=LogitsProcessorList(), device="cpu",
        model_kwargs={})
    items = []
    for processor in processors:
        name = type(processor).__name__
        if name == "RepetitionPenaltyLogitsProcessor":
            items.append(f"penalties(last_n=-1,repeat={number(processor.penalty)},frequency=0,presence=0,prompt=counted)")
        elif name == "NoRepeatNGramLogitsProcessor":
            items.append(f"no_repeat_ngram={processor.ngram_size}")
        elif name == "NoBadWordsLogitsProcessor":
            # The effective bans (`bad_word_ids` keeps the list before the end-of-sequence filter).
            sequences = "|".join(":".join(map(str, s)) for s in processor.sequence_bias)
            items.append(f"bad_words(sequences={sequences})")
        elif name == "MinNewTokensLengthLogitsProcessor":
            for eos in processor.eos_token_id.tolist():
                items.append(f"min_tokens(n={processor.min_new_tokens},eos={eos})")
        elif name == "TemperatureLogitsWarper":
            items.append(f"temperature={number(processor.temperature)}")
        elif name == "TopKLogitsWarper":
            items.append(f"top_k(k={processor.top_k},keep_ties=1,min_keep={processor.min_tokens_to_keep})")
        elif name == "TopPLogitsWarper":
            items.append(f"top_p(p={number(processor.top_p)},min_keep={processor.min_tokens_to_keep})")
        elif name == "MinPLogitsWarper":
            items.append(f"min_p(p={number(processor.min_p)},min_keep={processor.min_tokens_to_keep})")
        elif name == "TypicalLogitsWarper":
            items.append(f"typical_p(p={number(processor.mass)},keep_ties=1,min_keep={processor.min_tokens_to_keep})")
        elif name == "EpsilonLogitsWarper":
            items.append(f"epsilon(e={number(generation_config.epsilon_cutoff)},min_keep={processor.min_tokens_to_keep})")
        elif name == "EtaLogitsWarper":
            items.append(f"eta(e={number(generation_config.eta_cutoff)},min_keep={processor.min_tokens_to_keep})")
        else:
            items.append(f"<{name}>")
    items.append("dist" if generation_config.do_sample else "greedy")
    return items


def kelvin_chain(config):
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump(config, handle)
    out = subprocess.run(
        [KELVIN, "generate", "--generation-config", handle.name, "--max-tokens", "1",
         "--format", "json"], check=True, capture_output=True, text=True).stdout
    os.unlink(handle.name)
    return json.loads(out)["chain"].split(";")


def main():
    print(f"transformers {transformers.__version__}, torch {torch.__version__}")
    failures = 0
    for name, config in CONFIGS.items():
        expected, actual = transformers_chain(config), kelvin_chain(config)
        same = expected == actual
        failures += not same
        print(f"{'same' if same else 'DIFFERENT'}: {name}: {len(actual)} items")
        if not same:
            print(f"  transformers: {';'.join(expected)}\n  kelvin:       {';'.join(actual)}")
    print(f"{len(CONFIGS) - failures} of {len(CONFIGS)} configs give transformers' chain")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
