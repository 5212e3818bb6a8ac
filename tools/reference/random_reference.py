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
