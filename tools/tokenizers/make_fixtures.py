#!/usr/bin/env python3
"""Writes the tokenizer fixtures of Tests/KelvinTokenizersTests/Fixtures with the real
Hugging Face `tokenizers` package: tokenizers trained on the bundled corpus in the layouts of
GPT-2, Llama 3, Qwen2, Llama 2 (SentencePiece with byte fallback), Mistral (Metaspace) and
two more, the test strings, and the ids `tokenizers` gives each string.

Run by hand (never by CI), in a virtual environment:
    python3 -m venv .venv && .venv/bin/pip install -r tools/tokenizers/requirements.txt
    .venv/bin/python tools/tokenizers/make_fixtures.py

Outputs:
  tokenizers/<name>.json   a tokenizer.json, as `Tokenizer.save` writes it
  strings.json             the test strings (a JSON array); index 0 is the empty string
  expected/<name>.txt      one line per string: "<nA> <hA> <nB> <hB> <decode>", where A is
                           `encode(s, add_special_tokens=False)` with `encode_special_tokens =
                           True` (special tokens in the text are plain text: Kelvin's default)
                           and B is `encode(s, add_special_tokens=True)` with special tokens
                           parsed; n is the number of ids and h the FNV-1a 32-bit hash of the
                           ids as little-endian u32; <decode> is "=" when `decode(idsA,
                           skip_special_tokens=False)` gives s back, else the FNV-1a hash of
                           the decoded text's UTF-8.
  pieces.json              pre-tokenizer, normalizer and decoder cases on their own:
                           [{"kind", "config", "cases": [[input, output], …]}]
The 1 MB string is not stored: it is corpus.txt followed by heldout.txt, repeated and cut at
the last character boundary at or below 1,048,576 bytes (the tests build it the same way);
its line in expected/ is the last.
"""
import json
import os
import random

import tokenizers
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models
from tokenizers import normalizers as N
from tokenizers import pre_tokenizers as P
from tokenizers import processors, trainers

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
RESOURCES = os.path.join(ROOT, "Sources", "KelvinDecoding", "Resources")
OUT = os.path.join(ROOT, "Tests", "KelvinTokenizersTests", "Fixtures")

# The pre-tokenizer patterns, quoted from the published tokenizer.json files (facts):
# GPT-2 (openai-community/gpt2; the ByteLevel pre-tokenizer's built-in pattern, from OpenAI's
# encoder.py):
GPT2 = r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
# Llama 3 (meta-llama/Meta-Llama-3-8B, pre_tokenizer.pretokenizers[0].pattern.Regex):
LLAMA3 = (r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|"""
          r"""\s*[\r\n]+|\s+(?!\S)|\s+""")
# Qwen2 (Qwen/Qwen2-7B, pre_tokenizer.pretokenizers[0].pattern.Regex):
QWEN2 = (r"""(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|"""
         r"""\s*[\r\n]+|\s+(?!\S)|\s+""")


def fnv(data):
    h = 0x811C9DC5
    for b in data:
        h = ((h ^ b) * 0x01000193) & 0xFFFFFFFF
    return h


def ids_hash(ids):
    return fnv(b"".join(i.to_bytes(4, "little") for i in ids))


def corpus_lines():
    with open(os.path.join(RESOURCES, "corpus.txt"), encoding="utf-8") as f:
        return f.read().splitlines()


def train(tokenizer, size, specials, **options):
    trainer = trainers.BpeTrainer(vocab_size=size, special_tokens=specials, show_progress=False,
                                  **options)
    tokenizer.train_from_iterator(corpus_lines(), trainer=trainer)
    return tokenizer


def byte_level(size, pre, specials, template=None, normalizer=None, ignore_merges=False,
               prefix=None):
    model = models.BPE(ignore_merges=ignore_merges, **({"continuing_subword_prefix": prefix} if prefix else {}))
    tokenizer = Tokenizer(model)
    if normalizer:
        tokenizer.normalizer = normalizer
    tokenizer.pre_tokenizer = pre
    tokenizer.decoder = decoders.ByteLevel()
    options = {"initial_alphabet": P.ByteLevel.alphabet()}
    if prefix:
        options["continuing_subword_prefix"] = prefix
    train(tokenizer, size, specials, **options)
    if template:
        tokenizer.post_processor = template
    else:
        tokenizer.post_processor = processors.ByteLevel(trim_offsets=False)
    return tokenizer


def with_byte_fallback(tokenizer, unk="<unk>", fuse_unk=True, specials=("<unk>", "<s>", "</s>")):
    """Rebuilds a trained BPE as Llama 2's: the specials first, then <0x00> … <0xFF>, then the
    trained tokens; byte_fallback and fuse_unk on."""
    data = json.loads(tokenizer.to_str())
    trained = sorted(data["model"]["vocab"].items(), key=lambda kv: kv[1])
    vocab = {}
    for s in specials:
        vocab[s] = len(vocab)
    for b in range(256):
        vocab[f"<0x{b:02X}>"] = len(vocab)
    for token, _ in trained:
        if token not in vocab:
            vocab[token] = len(vocab)
    data["model"]["vocab"] = vocab
    data["model"]["byte_fallback"] = True
    data["model"]["fuse_unk"] = fuse_unk
    data["model"]["unk_token"] = unk
    for added in data["added_tokens"]:
        added["id"] = vocab[added["content"]]
    return Tokenizer.from_str(json.dumps(data))


def build():
    out = {}
    # GPT-2: ByteLevel with its built-in regex, one special, a RoBERTa-style <mask> (lstrip),
    # and two plain added tokens.
    t = byte_level(1200, P.ByteLevel(add_prefix_space=False, use_regex=True), ["<|endoftext|>"])
    t.add_special_tokens([AddedToken("<mask>", lstrip=True, rstrip=False, special=True)])
    t.add_tokens([AddedToken(" the Lord", normalized=False), AddedToken("hosts", single_word=True)])
    out["gpt2"] = t
    # Llama 3: Split (the published pattern, isolated) then ByteLevel without regex,
    # ignore_merges, a BOS template.
    t = byte_level(2000, P.Sequence([P.Split(Regex(LLAMA3), "isolated"),
                                     P.ByteLevel(add_prefix_space=False, use_regex=False)]),
                   ["<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>"], ignore_merges=True)
    t.post_processor = processors.Sequence([
        processors.ByteLevel(trim_offsets=False),
        processors.TemplateProcessing(single="<|begin_of_text|> $A",
                                      pair="<|begin_of_text|> $A <|begin_of_text|> $B",
                                      special_tokens=[("<|begin_of_text|>", t.token_to_id("<|begin_of_text|>"))])])
    t.add_tokens([AddedToken("<|reserved_special_token_0|>", special=True)])
    out["llama3"] = t
    # Qwen2: NFC, Split (the published pattern), ByteLevel; chat specials; a normalized
    # added token.
    t = byte_level(1500, P.Sequence([P.Split(Regex(QWEN2), "isolated"),
                                     P.ByteLevel(add_prefix_space=False, use_regex=False)]),
                   ["<|endoftext|>", "<|im_start|>", "<|im_end|>"], normalizer=N.NFC())
    t.add_tokens([AddedToken("Israël", normalized=True)])
    out["qwen2"] = t
    # Llama 2 (legacy SentencePiece as converted by transformers): Prepend + Replace, no
    # pre-tokenizer, byte fallback, fuse_unk, and the converter's decoder and template.
    t = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=True, byte_fallback=True))
    t.normalizer = N.Sequence([N.Prepend("▁"), N.Replace(" ", "▁")])
    train(t, 1000, ["<unk>", "<s>", "</s>"], limit_alphabet=70)
    t = with_byte_fallback(t)
    t.normalizer = N.Sequence([N.Prepend("▁"), N.Replace(" ", "▁")])
    t.decoder = decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(),
                                   decoders.Fuse(), decoders.Strip(" ", 1, 0)])
    t.post_processor = processors.TemplateProcessing(
        single="<s> $A", pair="<s> $A <s> $B", special_tokens=[("<s>", 1)])
    out["llama2"] = t
    # Mistral-style: Metaspace (prepend "first", no split), byte fallback.
    t = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=True, byte_fallback=True))
    t.pre_tokenizer = P.Metaspace(replacement="▁", prepend_scheme="first", split=False)
    train(t, 900, ["<unk>", "<s>", "</s>"], limit_alphabet=60)
    t = with_byte_fallback(t)
    t.pre_tokenizer = P.Metaspace(replacement="▁", prepend_scheme="first", split=False)
    t.decoder = decoders.Sequence([decoders.Metaspace(replacement="▁", prepend_scheme="first",
                                                      split=False), decoders.ByteFallback(),
                                   decoders.Fuse()])
    t.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>", pair="<s> $A </s> $B", special_tokens=[("<s>", 1), ("</s>", 2)])
    t.add_tokens([AddedToken("[INST]", special=True), AddedToken("[/INST]", special=True)])
    out["mistral"] = t
    # Digits + ByteLevel with a prefix space and a continuing-subword prefix; NFKC.
    t = byte_level(800, P.Sequence([P.Digits(individual_digits=True),
                                    P.ByteLevel(add_prefix_space=True, use_regex=True)]),
                   ["<pad>"], normalizer=N.NFKC(), prefix="##")
    out["digits"] = t
    # NFKC + Metaspace (always, split) with an unknown token and no byte fallback; grouped
    # digits; a Strip decoder.
    t = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=False))
    t.normalizer = N.Sequence([N.NFKC(), N.Replace(Regex(r"\s+"), " ")])
    t.pre_tokenizer = P.Sequence([P.Digits(individual_digits=False),
                                  P.Metaspace(replacement="▁", prepend_scheme="always", split=True)])
    train(t, 700, ["<unk>"], limit_alphabet=50)
    t.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    out["metaspace"] = t
    return out


def random_strings(rng, specials):
    planes = [(0x0, 0xFFFF), (0x10000, 0x1FFFF), (0x20000, 0x2FFFF), (0x30000, 0x3FFFF),
              (0xE0000, 0xEFFFF), (0xF0000, 0xFFFFF), (0x100000, 0x10FFFF)]

    def any_scalar():
        lo, hi = rng.choice(planes)
        while True:
            c = rng.randint(lo, hi)
            if not 0xD800 <= c < 0xE000:
                return chr(c)

    pools = {
        "combining": [chr(c) for c in range(0x300, 0x370)] + ["\u1AB0", "\u20D0", "\uFE20", "\u0F71",
                                                             "\u05B0", "\u0E48", "\u3099", "\u309A"],
        "bases": list("aeiouAEIOUnNcCsSyYzZ") + ["\u1100", "\u1161", "\u11A8", "\uAC00", "\u0915"],
        "emoji": ["\U0001F468", "\u200D", "\U0001F469", "\U0001F467", "\U0001F3FD", "\uFE0F",
                  "\u2764", "\U0001F525", "\U0001F1FA", "\U0001F1F8", "\U0001F44D", "\u20E3"],
        "cjk": [chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(200)] + list("、。「」ひらがなカタカナ한국어"),
        "rtl": list("שלוםעולםمرحبابالعالم") + ["\u200F", "\u200E", "\u202B", "\u202C", "\u0640"],
        "controls": [chr(c) for c in range(0, 32)] + ["\x7f", "\x85", "\u2028", "\u2029", "\uFEFF",
                                                      "\u00AD", "\u200B", "\uFFFD", "\uFFFF"],
        "spaces": [" ", "  ", "\t", "\n", "\r\n", "\r", "\u00A0", "\u3000", "\u2003", "\u202F",
                   "\u1680", "\x0b", "\x0c"],
        "digits": list("0123456789") + list("٠١٢٣٤٥٦٧٨٩") + list("०१२३") + list("０１２３") +
                  ["½", "²", "Ⅻ", "〇", "𝟘", "𝟙", "⑳"],
        "ascii": [chr(c) for c in range(32, 127)],
        "words": [" the", " Lord", "'s", "'S", "'ſ", "'LL", "'Re", "'ve", "'VE", "'m", "'D", "'t",
                  " hosts", "hosts", "Israel", "Israël", "Israe\u0308l", "ﬁ", "Å", "Å", "Å", "ǅ",
                  "ß", "İ", "K", "ﬀ", "…", "“", "”", "—"],
        "specials": specials,
    }
    out = []
    kinds = list(pools)
    for _ in range(5000):
        n = rng.randint(1, 30)
        mix = rng.sample(kinds, rng.randint(1, 4))
        parts = []
        for _ in range(n):
            pick = rng.choice(mix + ["any"])
            parts.append(any_scalar() if pick == "any" else rng.choice(pools[pick]))
        out.append("".join(parts))
    for _ in range(400):
        out.append("".join(rng.choice(pools["spaces"]) for _ in range(rng.randint(1, 12))) +
                   rng.choice(["", "a", "x y", "\u00e9", "1"]))
    for _ in range(400):
        out.append(rng.choice(["", " ", "a", "x "]) +
                   "".join(rng.choice(pools["digits"]) for _ in range(rng.randint(1, 25))) +
                   rng.choice(["", " ", "b", ".5"]))
    for _ in range(600):
        pieces = []
        for _ in range(rng.randint(1, 6)):
            s = rng.choice(specials)
            pieces.append(rng.choice([s, s[:-1], s[1:], " " + s, s + " ", s + s, "x" + s]))
            pieces.append(rng.choice(["", " ", "hello", " the Lord", "\n", "Israël", "ǅ"]))
        out.append("".join(pieces))
    return out


def strings(specials):
    rng = random.Random(20261207)
    with open(os.path.join(RESOURCES, "heldout.txt"), encoding="utf-8") as f:
        heldout = [line for line in f.read().splitlines() if line]
    corpus = corpus_lines()
    out = [""]
    out += heldout
    out += [" ".join(heldout[i:i + 3]) for i in range(0, len(heldout), 3)]
    out += rng.sample(corpus, 3000)
    out += ["\n".join(rng.sample(corpus, rng.randint(2, 6))) for _ in range(300)]
    out += random_strings(rng, specials)
    return out


def big_string():
    with open(os.path.join(RESOURCES, "corpus.txt"), "rb") as f:
        unit = f.read()
    with open(os.path.join(RESOURCES, "heldout.txt"), "rb") as f:
        unit += f.read()
    data = (unit * (1 + (1 << 20) // len(unit)))[:1 << 20]
    while True:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            data = data[:-1]


def expected_line(tokenizer, text):
    tokenizer.encode_special_tokens = True
    a = tokenizer.encode(text, add_special_tokens=False).ids
    tokenizer.encode_special_tokens = False
    b = tokenizer.encode(text, add_special_tokens=True).ids
    decoded = tokenizer.decode(a, skip_special_tokens=False)
    d = "=" if decoded == text else f"{fnv(decoded.encode('utf-8')):08x}"
    return f"{len(a)} {ids_hash(a):08x} {len(b)} {ids_hash(b):08x} {d}"


def pieces():
    samples = ["Hello  world!", "  leading and trailing  ", "a\tb\nc\r\nd", "it's 1234 o'clock",
               "x1y22z333 4444", "¡Hola! ¿Qué tal?", "ǅemo ﬁne", "日本語のテキスト", "", " ",
               "a--b---c", "'S 'LL 'ſ", "\u00a0\u3000x", "naïve café", "٣٤ ١٢", "end.\n\n\n",
               "...", "a b  c   d"]
    out = []
    pres = {
        "split-removed": P.Split(" ", "removed"),
        "split-isolated": P.Split("-", "isolated"),
        "split-previous": P.Split("-", "merged_with_previous"),
        "split-next": P.Split("-", "merged_with_next"),
        "split-contiguous": P.Split("-", "contiguous"),
        "split-invert": P.Split(Regex(r"\p{L}+"), "removed", invert=True),
        "split-regex-contiguous": P.Split(Regex(r"\s"), "contiguous"),
        "split-gpt2": P.Split(Regex(GPT2), "isolated"),
        "split-llama3": P.Split(Regex(LLAMA3), "isolated"),
        "split-qwen2": P.Split(Regex(QWEN2), "isolated"),
        "split-empty-matches": P.Split(Regex(r"\s*"), "isolated"),
        "split-lazy": P.Split(Regex(r"a.*?b|[0-9]{2,3}?|(?=x)"), "isolated"),
        "bytelevel": P.ByteLevel(add_prefix_space=False),
        "bytelevel-prefix": P.ByteLevel(add_prefix_space=True),
        "bytelevel-noregex": P.ByteLevel(add_prefix_space=True, use_regex=False),
        "metaspace-always": P.Metaspace(prepend_scheme="always", split=True),
        "metaspace-never": P.Metaspace(prepend_scheme="never", split=True),
        "metaspace-first": P.Metaspace(prepend_scheme="first", split=False),
        "digits": P.Digits(individual_digits=True),
        "digits-contiguous": P.Digits(individual_digits=False),
        "sequence": P.Sequence([P.Digits(individual_digits=True), P.Split(" ", "merged_with_next")]),
    }
    for name, pre in pres.items():
        out.append({"kind": "pre_tokenizer", "name": name, "config": json.loads(pre.__getstate__()),
                    "cases": [[s, [p for p, _ in pre.pre_tokenize_str(s)]] for s in samples]})
    norms = {
        "nfc": N.NFC(), "nfkc": N.NFKC(), "prepend": N.Prepend("▁"),
        "replace-string": N.Replace(" ", "▁"), "replace-regex": N.Replace(Regex(r"\s+"), " "),
        "replace-empty-match": N.Replace(Regex(r"x*"), "-"),
        "sequence": N.Sequence([N.NFKC(), N.Replace("a", "ä"), N.Prepend("_")]),
    }
    for name, norm in norms.items():
        out.append({"kind": "normalizer", "name": name, "config": json.loads(norm.__getstate__()),
                    "cases": [[s, norm.normalize_str(s)] for s in samples]})
    token_lists = [["Hello", "Ġworld", "!"], ["▁Hello", "▁world"], ["<0x41>", "<0xC3>", "<0xA9>", "x"],
                   ["<0xE2>", "<0x82>", "y", "<0xFF>"], ["▁", "▁a", "b▁"], ["  x  ", "y "],
                   ["Ã©", "Ġ", "ðŁĺ"], []]
    decs = {
        "bytelevel": decoders.ByteLevel(), "metaspace": decoders.Metaspace(),
        "metaspace-never": decoders.Metaspace(prepend_scheme="never"),
        "bytefallback": decoders.ByteFallback(), "fuse": decoders.Fuse(),
        "strip": decoders.Strip(" ", 1, 1), "replace": decoders.Replace("▁", " "),
        "sequence": decoders.Sequence([decoders.Replace("▁", " "), decoders.ByteFallback(),
                                       decoders.Fuse(), decoders.Strip(" ", 1, 0)]),
    }
    for name, dec in decs.items():
        out.append({"kind": "decoder", "name": name, "config": json.loads(dec.__getstate__()),
                    "cases": [[tokens, dec.decode(tokens)] for tokens in token_lists]})
    return out


def main():
    built = build()
    specials = sorted({t.content for tok in built.values() for t in tok.get_added_tokens_decoder().values()})
    texts = strings(specials)
    os.makedirs(os.path.join(OUT, "tokenizers"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "expected"), exist_ok=True)
    with open(os.path.join(OUT, "strings.json"), "w", encoding="utf-8") as f:
        json.dump(texts, f, ensure_ascii=False, indent=0)
    big = big_string()
    for name, tokenizer in built.items():
        tokenizer.save(os.path.join(OUT, "tokenizers", f"{name}.json"))
        lines = [expected_line(tokenizer, s) for s in texts] + [expected_line(tokenizer, big)]
        with open(os.path.join(OUT, "expected", f"{name}.txt"), "w") as f:
            f.write(f"# tokenizers {tokenizers.__version__}\n" + "\n".join(lines) + "\n")
        trips = sum(line.endswith("=") for line in lines)
        print(f"{name}: vocab {tokenizer.get_vocab_size()}, {len(lines)} strings, {trips} round trips")
    with open(os.path.join(OUT, "pieces.json"), "w", encoding="utf-8") as f:
        json.dump(pieces(), f, ensure_ascii=False, indent=0)
    print(f"{len(texts) + 1} strings")


if __name__ == "__main__":
    main()
