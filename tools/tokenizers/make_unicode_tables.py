#!/usr/bin/env python3
"""Writes Sources/KelvinTokenizers/Resources/unicode-tables.txt: the Unicode facts a
tokenizer.json pipeline needs, read from the `tokenizers` package itself so that Kelvin agrees
with it character for character (its regex engine Oniguruma, its normalizer crate
unicode-normalization-alignments and Rust's `char::is_numeric` each carry their own Unicode
version, older or newer than Python's `unicodedata`).

Run by hand (never by CI), in a virtual environment:
    python3 -m venv .venv && .venv/bin/pip install -r tools/tokenizers/requirements.txt
    .venv/bin/python tools/tokenizers/make_unicode_tables.py

Method. Every scalar value (U+0000 … U+10FFFF without surrogates) goes through, in chunks:
  * `Split(Regex(r"\\p{L}"), "removed")` and likewise for each class below: a scalar is in
    the class when the pre-tokenizer removes it (offsets are in characters);
  * `Digits(individual_digits=True)`: Rust's `char::is_numeric` (a scalar is isolated);
  * `NFD`, `NFKD` and `NFC` normalizers on the scalars joined by U+0000 (a starter that
    neither decomposes nor composes, so each scalar is normalised on its own).
Canonical combining classes come from `unicodedata` and are kept only for scalars that the
`NFD` normalizer reorders (a probe after U+0316, class 220); composition pairs are the
two-scalar canonical decompositions of `unicodedata` that the `NFC` normalizer recomposes.
The tables are then checked: a Python implementation of NFC/NFKC over them must equal the
`tokenizers` normalizers on 20,000 random strings of combining sequences.

File format, one fact per line, hexadecimal scalars:
  R <start> <mask>          the property mask from <start> until the next R line
  D <scalar> <s1> <s2> …    full canonical decomposition (NFD of the scalar)
  K <scalar> <s1> …         full compatibility decomposition (NFKD), where it differs from D
  C <scalar> <class>        canonical combining class (decimal), where not 0
  P <a> <b> <composite>     canonical composition pair
  F <letter> <s1> <s2> …    the scalars `(?i:letter)` matches, for each ASCII letter
Mask bits: 1 \\p{L}, 2 \\p{N}, 4 \\p{M}, 8 \\p{P}, 16 \\p{S}, 32 \\p{Z}, 64 \\s, 128 \\d,
256 \\w (Oniguruma, UTF-8), 512 char::is_numeric, 1024 \\p{Lu}, 2048 \\p{Ll}, 4096 \\p{C},
8192 \\w and 16384 \\s of the `regex` crate (added tokens' `single_word`, `lstrip`, `rstrip`:
probed through a tokenizer with such an added token).
"""
import os
import random
import unicodedata

import tokenizers
from tokenizers import Regex
from tokenizers import normalizers as N
from tokenizers import pre_tokenizers as P

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "KelvinTokenizers",
                   "Resources", "unicode-tables.txt")
CLASSES = [r"\p{L}", r"\p{N}", r"\p{M}", r"\p{P}", r"\p{S}", r"\p{Z}", r"\s", r"\d", r"\w"]
EXTRA = [r"\p{Lu}", r"\p{Ll}", r"\p{C}"]

SCALARS = [c for c in range(0x110000) if not 0xD800 <= c < 0xE000]
CHUNK = 1 << 16


def chunks():
    for i in range(0, len(SCALARS), CHUNK):
        yield SCALARS[i:i + CHUNK]


def members_removed(pre):
    """Scalars that `pre` (a Split with behaviour "removed") removes."""
    found = set()
    for chunk in chunks():
        text = "".join(map(chr, chunk))
        kept = [False] * len(chunk)
        for _, (start, end) in pre.pre_tokenize_str(text):
            for k in range(start, end):
                kept[k] = True
        found.update(c for c, k in zip(chunk, kept) if not k)
    return found


def numeric():
    found = set()
    pre = P.Digits(individual_digits=True)
    for chunk in chunks():
        # Separate every scalar by "a" (not numeric): a numeric scalar becomes its own piece.
        text = "a".join(map(chr, chunk))
        for piece, _ in pre.pre_tokenize_str(text):
            if len(piece) == 1 and piece != "a":
                found.add(ord(piece))
    return found


def added_token_classes():
    """The `regex` crate's \\w and \\s, as the added-token matcher uses them: an added token
    "X" with `single_word` is not matched after a word scalar, one with `lstrip` takes the
    white space before it."""
    from tokenizers import AddedToken, Tokenizer
    from tokenizers.models import WordLevel
    word, space = set(), set()
    for option, found in (("single_word", word), ("lstrip", space)):
        tokenizer = Tokenizer(WordLevel({"X": 0, "[UNK]": 1}, unk_token="[UNK]"))
        tokenizer.add_tokens([AddedToken("X", **{option: True})])
        for chunk in chunks():
            for c, encoding in zip(chunk, tokenizer.encode_batch(["a" + chr(c) + "X" for c in chunk])):
                matched = [offset for id, offset in zip(encoding.ids, encoding.offsets) if id == 0]
                if option == "single_word" and not matched:
                    found.add(c)
                if option == "lstrip" and matched and matched[0][0] == 1:
                    found.add(c)
    space.discard(ord("X"))  # "aXX": the second X is an added token of its own
    return word, space


def per_scalar(normalizer):
    result = {}
    for chunk in chunks():
        chunk = [c for c in chunk if c != 0]
        text = "\0".join(map(chr, chunk))
        parts = normalizer.normalize_str(text).split("\0")
        assert len(parts) == len(chunk)
        for c, part in zip(chunk, parts):
            if part != chr(c):
                result[c] = part
    return result


def main():
    masks = [0] * 0x110000
    for bit, pattern in enumerate(CLASSES + EXTRA):
        value = 1 << (bit if bit < len(CLASSES) else bit + 1)
        for c in members_removed(P.Split(Regex(pattern), "removed")):
            masks[c] |= value
    for c in numeric():
        masks[c] |= 512
    word, space = added_token_classes()
    for c in word:
        masks[c] |= 8192
    for c in space:
        masks[c] |= 16384
    nfd, nfkd, nfc = per_scalar(N.NFD()), per_scalar(N.NFKD()), per_scalar(N.NFC())

    # Combining classes the normalizer knows: a mark of class k > 1 after "a" and before
    # U+0334 (class 1) is moved after it only when the normalizer gives it a class; a mark of
    # class 1 likewise before U+0316 (class 220). Scalars that decompose need no class.
    ccc = {}
    probe = N.NFD()
    for c in SCALARS:
        k = unicodedata.combining(chr(c))
        if not k or c in nfd:
            continue
        if k > 1:
            known = probe.normalize_str("a" + chr(c) + "\u0334") == "a\u0334" + chr(c)
        else:
            known = probe.normalize_str("a\u0316" + chr(c)) == "a" + chr(c) + "\u0316"
        if known:
            ccc[c] = k
    # Pairs.
    pairs = []
    for c in SCALARS:
        d = unicodedata.decomposition(chr(c))
        if not d or d.startswith("<"):
            continue
        parts = [int(x, 16) for x in d.split()]
        if len(parts) == 2 and nfc.get(c, chr(c)) == chr(c) and c in nfd:
            if N.NFC().normalize_str(chr(parts[0]) + chr(parts[1])) == chr(c):
                pairs.append((parts[0], parts[1], c))

    check(nfd, nfkd, ccc, pairs)
    folds = {}
    for letter in "abcdefghijklmnopqrstuvwxyz":
        folds[letter] = sorted(members_removed(P.Split(Regex("(?i:" + letter + ")"), "removed")))

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as out:
        out.write(f"# Unicode tables read from tokenizers {tokenizers.__version__} by "
                  "tools/tokenizers/make_unicode_tables.py (do not edit)\n")
        previous = None
        for c in range(0x110000):
            if masks[c] != previous:
                out.write(f"R {c:X} {masks[c]:X}\n")
                previous = masks[c]
        hangul = range(0xAC00, 0xAC00 + 11172)  # decomposed by the algorithm, not the table
        for c in sorted(nfd):
            if c in hangul:
                continue
            out.write(f"D {c:X} " + " ".join(f"{ord(x):X}" for x in nfd[c]) + "\n")
        for c in sorted(nfkd):
            if nfkd[c] != nfd.get(c) and c not in hangul:
                out.write(f"K {c:X} " + " ".join(f"{ord(x):X}" for x in nfkd[c]) + "\n")
        for c in sorted(ccc):
            out.write(f"C {c:X} {ccc[c]}\n")
        for a, b, c in pairs:
            out.write(f"P {a:X} {b:X} {c:X}\n")
        for letter, members in folds.items():
            out.write(f"F {ord(letter):X} " + " ".join(f"{c:X}" for c in members) + "\n")
    print(f"wrote {OUT}: {len(nfd)} D, {len(nfkd)} K, {len(ccc)} C, {len(pairs)} P")


def reference(text, decomposition, ccc, pairs):
    """NFC (decomposition = NFD table) or NFKC (NFKD table) over the tables, as Kelvin does."""
    sbase, lbase, vbase, tbase, lcount, vcount, tcount = 0xAC00, 0x1100, 0x1161, 0x11A7, 19, 21, 28
    ncount, scount = vcount * tcount, lcount * vcount * tcount
    out = []
    for ch in text:
        c = ord(ch)
        if sbase <= c < sbase + scount:
            s = c - sbase
            out += [lbase + s // ncount, vbase + (s % ncount) // tcount]
            if s % tcount:
                out.append(tbase + s % tcount)
        else:
            out += [ord(x) for x in decomposition.get(c, ch)]
    # Canonical ordering: stable sort of each run of non-starters.
    i = 0
    while i < len(out):
        if ccc.get(out[i], 0) == 0:
            i += 1
            continue
        j = i
        while j < len(out) and ccc.get(out[j], 0) != 0:
            j += 1
        out[i:j] = sorted(out[i:j], key=lambda x: ccc[x])
        i = j
    compose = {(a, b): c for a, b, c in pairs}
    result = []
    starter = None
    last_class = None  # class of the last scalar after the starter; None when adjacent
    for c in out:
        k = ccc.get(c, 0)
        if starter is not None and (last_class is None or last_class < k):
            s = result[starter]
            composite = None
            if lbase <= s < lbase + lcount and vbase <= c < vbase + vcount:
                composite = sbase + ((s - lbase) * vcount + (c - vbase)) * tcount
            elif sbase <= s < sbase + scount and (s - sbase) % tcount == 0 and tbase < c < tbase + tcount:
                composite = s + (c - tbase)
            else:
                composite = compose.get((s, c))
            if composite is not None:
                result[starter] = composite
                continue
        if k == 0:
            starter = len(result)
            last_class = None
        else:
            last_class = k
        result.append(c)
    return "".join(map(chr, result))


def check(nfd, nfkd, ccc, pairs):
    rng = random.Random(26)
    marks = [c for c in ccc] + [0x300, 0x301, 0x323, 0x1161, 0x11A8, 0x3099]
    bases = [c for c, _, _ in pairs] + [0x41, 0x1100, 0xAC00, 0x3131, 0x212B, 0xFB01]
    everything = list(nfd) + list(nfkd)
    nfkd_all = dict(nfd)
    nfkd_all.update(nfkd)
    for trial in range(20000):
        text = ""
        for _ in range(rng.randint(1, 8)):
            pick = rng.random()
            pool = bases if pick < 0.4 else marks if pick < 0.8 else everything
            text += chr(rng.choice(pool))
        for name, table, normalizer in (("NFC", nfd, N.NFC()), ("NFKC", nfkd_all, N.NFKC())):
            want = normalizer.normalize_str(text)
            got = reference(text, table, ccc, pairs)
            assert got == want, (name, [hex(ord(x)) for x in text], [hex(ord(x)) for x in want],
                                 [hex(ord(x)) for x in got])


if __name__ == "__main__":
    main()
