// The weight histogram of top_p's nucleus search, in C because Swift's version of this scalar
// loop ran at a third of this speed (the additions into the buckets, with the stores and loads
// of neighbouring elements that fall into the same bucket, did not overlap).
#include <stdint.h>
#include <string.h>

#include "CKelvinKernels.h"

enum { kBuckets = 2048 };

static inline uint32_t bucket_of(float weight) {
  uint32_t bits;
  memcpy(&bits, &weight, sizeof bits);
  return (bits >> 20) & 0x7FF;
}

void kelvin_weight_histogram_f32(const float *weights, size_t n, double *masses,
                                 int32_t *counts) {
  // Two histograms, for even and odd positions, so that neighbours falling in the same bucket
  // do not wait on each other's additions; merged at the end (even + odd, per bucket).
  memset(masses, 0, 2 * kBuckets * sizeof *masses);
  memset(counts, 0, 2 * kBuckets * sizeof *counts);
  size_t i = 0;
  for (; i + 2 <= n; i += 2) {
    uint32_t a = bucket_of(weights[i]), b = kBuckets + bucket_of(weights[i + 1]);
    masses[a] += (double)weights[i];
    counts[a] += 1;
    masses[b] += (double)weights[i + 1];
    counts[b] += 1;
  }
  if (i < n) {
    uint32_t a = bucket_of(weights[i]);
    masses[a] += (double)weights[i];
    counts[a] += 1;
  }
  for (size_t bucket = 0; bucket < kBuckets; bucket++) {
    masses[bucket] += masses[kBuckets + bucket];
    counts[bucket] += counts[kBuckets + bucket];
  }
}
