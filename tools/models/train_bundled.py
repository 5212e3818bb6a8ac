#!/usr/bin/env python3
"""Trains the small GPT-2 that ships with Kelvin, on the bundled corpus, with a fixed seed.

The tokenizer is a byte-level BPE trained by `tokenizers` on the same text (GPT-2's pre-tokenizer
pattern); the model is transformers' GPT2LMHeadModel, trained with AdamW on 128-token windows of
the corpus for at most --minutes of wall-clock time on the CPU, keeping the weights with the
lowest loss on the held-out Isaiah 40-55 (never trained on). The result is written with
save_pretrained in f16, with tokenizer.json and the measured figures (train.json).

Usage: python3 tools/models/train_bundled.py [--minutes 16] [--out DIR]
       python3 tools/models/train_bundled.py --resave DIR   (cut a saved model's positions)
"""
import argparse
import json
import math
import pathlib
import time

import torch
from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
from transformers import GPT2Config, GPT2LMHeadModel

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "Sources" / "KelvinDecoding" / "Resources"


def train_tokenizer(text, size):
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=size, special_tokens=["<|endoftext|>"],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(), show_progress=False)
    tokenizer.train_from_iterator([text], trainer)
    return tokenizer


def save(model, out, window):
    """Saves in f16 with the position table cut to the trained window: training never showed
    the model a position beyond it, so those rows are their random initialisation."""
    model.config.n_positions = window
    with torch.no_grad():
        table = model.transformer.wpe.weight[:window].clone()
    model.transformer.wpe = torch.nn.Embedding.from_pretrained(table, freeze=False)
    model.half().save_pretrained(out, safe_serialization=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=16)
    parser.add_argument("--resave", help="a directory saved before the position cut")
    parser.add_argument("--out", default=str(ROOT / "Sources" / "KelvinModels" / "Resources" / "kelvin-gpt2"))
    args = parser.parse_args()
    if args.resave:
        model = GPT2LMHeadModel.from_pretrained(args.resave, dtype=torch.float32).eval()
        save(model, pathlib.Path(args.resave), 128)
        return
    torch.manual_seed(0)
    torch.set_num_threads(2)
    corpus = (RESOURCES / "corpus.txt").read_text()
    heldout = (RESOURCES / "heldout.txt").read_text()
    tokenizer = train_tokenizer(corpus, 1024)
    eos = tokenizer.token_to_id("<|endoftext|>")
    # Lines are verses; the end of text separates them, as the 6-gram's newline does.
    def ids(text):
        out = []
        for line in text.split("\n"):
            if line:
                out += tokenizer.encode(line + "\n").ids
        return out
    train = torch.tensor(ids(corpus))
    valid = torch.tensor(ids(heldout))
    config = GPT2Config(
        vocab_size=tokenizer.get_vocab_size(), n_positions=256, n_embd=192, n_layer=4, n_head=6,
        resid_pdrop=0.1, embd_pdrop=0.1, attn_pdrop=0.1, bos_token_id=eos, eos_token_id=eos)
    model = GPT2LMHeadModel(config)
    parameters = sum(p.numel() for p in model.parameters())
    window, batch = 128, 32
    optimizer = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=0.1)
    generator = torch.Generator().manual_seed(0)

    def evaluate():
        model.eval()
        total, count = 0.0, 0
        with torch.no_grad():
            for start in range(0, len(valid) - 1, window):
                chunk = valid[start:start + window + 1]
                if len(chunk) < 2:
                    continue
                out = model(chunk[None, :-1], labels=chunk[None, :-1])
                logits = out.logits[0]
                loss = torch.nn.functional.cross_entropy(logits, chunk[1:], reduction="sum")
                total += float(loss)
                count += len(chunk) - 1
        model.train()
        return total / count

    began = time.time()
    deadline = began + args.minutes * 60
    best, best_state, step, history = math.inf, None, 0, []
    model.train()
    while time.time() < deadline:
        starts = torch.randint(0, len(train) - window - 1, (batch,), generator=generator)
        x = torch.stack([train[s:s + window] for s in starts])
        y = torch.stack([train[s + 1:s + window + 1] for s in starts])
        logits = model(x).logits
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        step += 1
        if step % 100 == 0:
            held = evaluate()
            history.append({"step": step, "train_loss": float(loss), "heldout_loss": held,
                            "seconds": time.time() - began})
            print(history[-1], flush=True)
            if held < best:
                best = held
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
    if best_state is not None:
        model.load_state_dict(best_state)
    model.eval()
    out = pathlib.Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    save(model, out, window)
    tokenizer.save(str(out / "tokenizer.json"))
    characters = sum(len(line) + 1 for line in heldout.split("\n") if line)
    tokens = len(valid)
    figures = {
        "parameters": parameters, "steps": step, "seconds": time.time() - began,
        "heldout_nats_per_token": best, "heldout_tokens": tokens, "heldout_characters": characters,
        "heldout_perplexity_per_character": math.exp(best * tokens / characters),
        "history": history,
    }
    (out / "train.json").write_text(json.dumps(figures, indent=1))
    print({k: v for k, v in figures.items() if k != "history"})


if __name__ == "__main__":
    main()
