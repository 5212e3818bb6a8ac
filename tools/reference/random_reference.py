#!/usr/bin/env python3
"""Independent reference values for Kelvin's random number generators.

A direct Python transcription of Sebastiano Vigna's public-domain C reference code
(https://prng.di.unimi.it/splitmix64.c and https://prng.di.unimi.it/xoshiro256starstar.c),
written without looking at Kelvin's Swift code. Tests/KelvinCoreTests/*RandomTests* quote its
output. Run: python3 tools/reference/random_reference.py
"""
MASK = (1 << 64) - 1


def splitmix64(state):
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def xoshiro256starstar(s):
    s = list(s)
    while True:
        result = (rotl((s[1] * 5) & MASK, 7) * 9) & MASK
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
        yield result


def take(gen, n):
    return [next(gen) for _ in range(n)]


def mix(x):
    return next(splitmix64(x))


def stream(seed, sequence, step):
    """Kelvin's counter-based stream: xoshiro256** seeded with mix(mix(mix(seed) ^ s) ^ t)."""
    key = mix(mix(mix(seed) ^ sequence) ^ step)
    return xoshiro256starstar(take(splitmix64(key), 4))


def dist_draw(logits, generator):
    """Inverse CDF over tokens in id order: weights exp(z - max) summed in double."""
    import math
    m = max(logits)
    weights = [math.exp(z - m) for z in logits]
    total = 0.0
    for w in weights:
        total += w
    u = float(next(generator) >> 11) * 2.0**-53
    target = u * total
    cumulative = 0.0
    for token, w in enumerate(weights):
        cumulative += w
        if cumulative > target and w > 0:
            return token
    return len(logits) - 1


if __name__ == "__main__":
    for seed in (0, 42):
        print(f"splitmix64 seed {seed}:", [hex(v) for v in take(splitmix64(seed), 5)])
    print("xoshiro256** state (1,2,3,4):", [hex(v) for v in take(xoshiro256starstar((1, 2, 3, 4)), 6)])
    for seed in (0, 42):
        state = take(splitmix64(seed), 4)
        gen = xoshiro256starstar(state)
        values = take(gen, 5)
        print(f"xoshiro256** seed {seed}:", [hex(v) for v in values])
        print(f"  unit interval:", [float(v >> 11) * 2.0**-53 for v in values[:3]])
    print("stream(42, 3, 5) first outputs:", [hex(v) for v in take(stream(42, 3, 5), 2)])
    import struct
    f32 = lambda x: struct.unpack("<f", struct.pack("<f", x))[0]
    logits = [f32(x) for x in (2.0, 1.0, 0.5, 0.1)]
    print("dist draws, seed 42, sequence 0, steps 0..19, logits [2, 1, 0.5, 0.1] as float32:",
          [dist_draw(logits, stream(42, 0, t)) for t in range(20)])
