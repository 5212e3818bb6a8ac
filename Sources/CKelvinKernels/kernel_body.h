// The one definition of Kelvin's C kernels, written once on 16-lane vectors and compiled once
// per instruction-set level: each of level_portable.c, level_avx2.c and level_avx512.c
// includes this file (after kernel_helpers.h) inside a `#pragma clang attribute` region that
// gives every function the level's target, with K(name) appending the level's suffix.
// kernels.c dispatches to them (kernel_levels.h declares the entry points).
//
// A row's tail (its last n mod 16 elements) is padded to a full vector and goes through the
// same arithmetic as the body, with the padding lanes masked out; so every element is
// computed the same way wherever it falls.

// ---------------------------------------------------------------------------------------------
// The validating scan: the maximum, optionally the minimum and whether any value is -inf (the
// minimum is -inf); NaN or +inf makes the result KELVIN_INVALID.

static inline __attribute__((always_inline)) int K(scan_body)(const float *x, size_t n,
                                                               float *maximum, float *minimum,
                                                               int *has_masked,
                                                               const int track_minimum) {
  const vf16 infinity = splat(INFINITY);
  vf16 best = splat(-INFINITY), least = infinity;
  ordered_mask ordered = ordered_start();
  size_t i = 0;
  // One accumulator of each kind, fed by a tree over the four vectors of a step: the tree gives
  // the loop its parallelism, and at AVX2 (16 registers of 8 lanes) the accumulators and the
  // four loads fit in registers (four chains of each kind did not, and spilled). NaN fails
  // x == x (one ordered comparison per pair of vectors); +inf is the maximum if present.
  // Maxima and minima are exact, so the order of the tree changes no value but a zero's sign.
  // The order in which lanes meet can only decide which zero a zero maximum or minimum has
  // (lane_max keeps the first of equal lanes); adding +0 at the end makes it +0 at every level,
  // so each level may take the order that suits its registers.
#if KELVIN_LEVEL == 0
  // 16 registers of 4 lanes (SSE2): the maximum and the minimum take 8, so one vector a step
  // (NaN is noted in one register: see ordered_mask).
  for (; i + 16 <= n; i += 16) {
    if (i % 64 == 0) prefetch_ahead(x + i);
    vf16 a = load16(x + i);
    note_ordered(&ordered, a);
    best = lane_max(best, a);
    if (track_minimum) least = lane_min(least, a);
  }
#else
  for (; i + 64 <= n; i += 64) {
    prefetch_ahead(x + i);
    vf16 a = load16(x + i), b = load16(x + i + 16), c = load16(x + i + 32),
         d = load16(x + i + 48);
    ordered &= ((a == a) & (b == b)) & ((c == c) & (d == d));
    best = lane_max(best, lane_max(lane_max(a, b), lane_max(c, d)));
    if (track_minimum) least = lane_min(least, lane_min(lane_min(a, b), lane_min(c, d)));
  }
#endif
  for (; i < n; i += kLanes) {
    vi16 real;
    vf16 v = load_padded(x + i, n - i, -INFINITY, &real);
    note_ordered(&ordered, v);
    best = lane_max(best, v);
    if (track_minimum) least = lane_min(least, lane_select(real, v, infinity));
  }
  if (!ordered_ok(ordered)) return KELVIN_INVALID;
  float largest = horizontal_max(best) + 0.0f;
  if (largest == INFINITY) return KELVIN_INVALID;
  *maximum = largest;
  if (track_minimum) {
    float smallest = horizontal_min(least) + 0.0f;
    if (minimum) *minimum = smallest;
    if (has_masked) *has_masked = smallest == -INFINITY;
  }
  return KELVIN_OK;
}

KELVIN_ENTRY int K(scan)(const float *x, size_t n, float *maximum, int *has_masked) {
  return K(scan_body)(x, n, maximum, NULL, has_masked, 1);
}

KELVIN_ENTRY int K(scan_range)(const float *x, size_t n, float *maximum, float *minimum,
                         int *has_masked) {
  return K(scan_body)(x, n, maximum, minimum, has_masked, 1);
}

// ---------------------------------------------------------------------------------------------
// The reproducible exponential sum (the fixed operations and order are described in
// CKelvinKernels.h): 16 float lanes over blocks of 256 elements, each block reduced by the fixed
// tree of reduce16, the blocks added in order; the padded tail is one more block.

static inline __attribute__((always_inline)) double K(exp_sum_body)(
    const float *x, float *y, size_t n, float divisor, float shift, float scale, float *minimum,
    const int divide, const int multiply, const int track_minimum) {
  const vf16 divisors = splat(divisor), shifts = splat(shift), scales = splat(scale);
  const vf16 infinity = splat(INFINITY);
  size_t full = n - n % kLanes;
  double total = 0;
  vf16 least = infinity;
  for (size_t block = 0; block < full; block += kBlock) {
    size_t end = block + kBlock < full ? block + kBlock : full;
    vf16 lanes = splat(0.0f);
    size_t i = block;
    for (; i + 2 * kLanes <= end; i += 2 * kLanes) {
      vf16 q0 = load16(x + i), q1 = load16(x + i + kLanes);
      if (divide) {
        q0 = q0 / divisors;
        q1 = q1 / divisors;
      }
      if (track_minimum) {
        least = lane_min(least, q0);
        least = lane_min(least, q1);
      }
      vf16 a0 = q0 - shifts, a1 = q1 - shifts;
      if (multiply) {
        a0 = a0 * scales;
        a1 = a1 * scales;
      }
      vf16 t0 = exp_canonical(a0), t1 = exp_canonical(a1);
      if (y) {
        store16(y + i, t0);
        store16(y + i + kLanes, t1);
      }
      lanes = lanes + t0;
      lanes = lanes + t1;
    }
    for (; i < end; i += kLanes) {
      vf16 q = load16(x + i);
      if (divide) q = q / divisors;
      if (track_minimum) least = lane_min(least, q);
      vf16 a = q - shifts;
      if (multiply) a = a * scales;
      vf16 t = exp_canonical(a);
      if (y) store16(y + i, t);
      lanes = lanes + t;
    }
    total += reduce16(lanes);
  }
  if (full < n) {
    vi16 real;
    vf16 q = load_padded(x + full, n - full, -INFINITY, &real);
    if (divide) q = q / divisors;
    if (track_minimum) least = lane_min(least, lane_select(real, q, infinity));
    vf16 a = q - shifts;
    if (multiply) a = a * scales;
    vf16 t = exp_canonical(a);
    if (y) store_partial(y + full, n - full, t);
    total += reduce16(t);
  }
  if (track_minimum) *minimum = horizontal_min(least);
  return total;
}

KELVIN_ENTRY double K(exp_sum)(const float *x, float *y, size_t n, float divisor, float shift,
                               float scale, float *minimum) {
  // Dividing and multiplying by 1 are exact, so skipping them changes no bit; the minimum is
  // computed only when asked for.
  const int divide = divisor != 1.0f, multiply = scale != 1.0f;
#define KELVIN_EXP_SUM(d, m, t) \
  K(exp_sum_body)(x, y, n, divisor, shift, scale, minimum, d, m, t)
  if (minimum) {
    if (divide) return multiply ? KELVIN_EXP_SUM(1, 1, 1) : KELVIN_EXP_SUM(1, 0, 1);
    return multiply ? KELVIN_EXP_SUM(0, 1, 1) : KELVIN_EXP_SUM(0, 0, 1);
  }
  if (divide) return multiply ? KELVIN_EXP_SUM(1, 1, 0) : KELVIN_EXP_SUM(1, 0, 0);
  return multiply ? KELVIN_EXP_SUM(0, 1, 0) : KELVIN_EXP_SUM(0, 0, 0);
#undef KELVIN_EXP_SUM
}

// ---------------------------------------------------------------------------------------------
// softmax(x · scale) or its logarithm: the scan, the exponential sum with the maximum as its
// shift, then one multiplication (or subtraction) per element. Every step is a fixed IEEE
// operation, so the bits are the same at every level.

KELVIN_ENTRY int K(softmax)(const float *x, float *y, size_t n, float scale, int logarithm) {
  if (n == 0) return KELVIN_ALL_MASKED;
  float maximum;
  if (K(scan_body)(x, n, &maximum, NULL, NULL, 0) != KELVIN_OK) return KELVIN_INVALID;
  if (maximum == -INFINITY) return KELVIN_ALL_MASKED;
  if (logarithm) {
    // The terms only feed the sum (y may alias x, which the second pass reads again).
    double sum = scale == 1.0f ? K(exp_sum_body)(x, NULL, n, 1.0f, maximum, scale, NULL, 0, 0, 0)
                               : K(exp_sum_body)(x, NULL, n, 1.0f, maximum, scale, NULL, 0, 1, 0);
    const vf16 shift = splat(maximum), scales = splat(scale), offset = splat((float)log(sum));
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes) store16(y + i, (load16(x + i) - shift) * scales - offset);
    if (i < n) {
      vi16 real;
      vf16 v = load_padded(x + i, n - i, -INFINITY, &real);
      store_partial(y + i, n - i, (v - shift) * scales - offset);
    }
  } else {
    double sum = scale == 1.0f ? K(exp_sum_body)(x, y, n, 1.0f, maximum, scale, NULL, 0, 0, 0)
                               : K(exp_sum_body)(x, y, n, 1.0f, maximum, scale, NULL, 0, 1, 0);
    const vf16 inverse = splat((float)(1.0 / sum));
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes) store16(y + i, load16(y + i) * inverse);
    if (i < n) {
      vi16 real;
      vf16 v = load_padded(y + i, n - i, 0.0f, &real);
      store_partial(y + i, n - i, v * inverse);
    }
  }
  return KELVIN_OK;
}

// ---------------------------------------------------------------------------------------------
// Selection of every element >= threshold, in index order; optionally the sum of the others
// (for non-negative values such as exponential terms) in the order of the exponential sum: 16
// float lanes over blocks of 256 elements, each block reduced by reduce16, the blocks added in
// order, the padded tail as one more block.

static inline __attribute__((always_inline)) size_t K(select_lanes)(vf16 v, unsigned hits,
                                                                    size_t i, int32_t *indices,
                                                                    float *values, size_t kept) {
  while (hits) {
    unsigned lane = (unsigned)__builtin_ctz(hits);
    indices[kept] = (int32_t)(i + lane);
    values[kept] = v[lane];
    kept++;
    hits &= hits - 1;
  }
  return kept;
}

/// Writes the lanes of `v` (elements i … i + 15) marked in `hits` at `kept`; returns the new
/// count.
static inline __attribute__((always_inline)) size_t K(select_store)(vf16 v, unsigned hits,
                                                                    size_t i, int32_t *indices,
                                                                    float *values, size_t kept,
                                                                    const int full) {
  if (!hits) return kept;
#if KELVIN_LEVEL == 3
  if (full) {
    // Compress in registers and store all 16 lanes (a compressing store to memory is slow):
    // the lanes past the hits land in [kept, i + 16), inside the n-element outputs since
    // kept <= i, and later stores or the caller's count make them irrelevant.
    __m512i positions =
        _mm512_add_epi32(_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
                         _mm512_set1_epi32((int)i));
    _mm512_storeu_ps(values + kept, _mm512_maskz_compress_ps((__mmask16)hits, (__m512)v));
    _mm512_storeu_si512(indices + kept, _mm512_maskz_compress_epi32((__mmask16)hits, positions));
    return kept + (size_t)__builtin_popcount(hits);
  }
#endif
  (void)full;
  return K(select_lanes)(v, hits, i, indices, values, kept);
}

static inline __attribute__((always_inline)) size_t K(select_body)(
    const float *x, size_t n, float threshold, int32_t *indices, float *values, double *rest,
    const int sum_rest) {
  const vf16 bound = splat(threshold), zero = splat(0.0f);
  size_t full = n - n % kLanes, kept = 0;
  double total = 0;
  for (size_t block = 0; block < full; block += kBlock) {
    size_t end = block + kBlock < full ? block + kBlock : full;
    vf16 lanes = zero;
    for (size_t i = block; i < end; i += kLanes) {
      vf16 v = load16(x + i);
      vi16 above = v >= bound;
      if (sum_rest) lanes = lanes + lane_select(above, zero, v);
      kept = K(select_store)(v, lane_bits(above), i, indices, values, kept, 1);
    }
    if (sum_rest) total += reduce16(lanes);
  }
  if (full < n) {
    vi16 real;
    vf16 v = load_padded(x + full, n - full, -INFINITY, &real);
    vi16 above = (v >= bound) & real;
    if (sum_rest) total += reduce16(lane_select(above | ~real, zero, v));
    kept = K(select_store)(v, lane_bits(above), full, indices, values, kept, 0);
  }
  if (sum_rest) *rest = total;
  return kept;
}

KELVIN_ENTRY size_t K(select_at_least)(const float *x, size_t n, float threshold,
                                       int32_t *indices, float *values, double *rest) {
  return rest ? K(select_body)(x, n, threshold, indices, values, rest, 1)
              : K(select_body)(x, n, threshold, indices, values, NULL, 0);
}

// ---------------------------------------------------------------------------------------------
// Selection near the maximum in one pass (a leading min-p): every element >= B(m), where m is
// the row's maximum and B(m) the smallest float not below (double)m + offset. B only rises
// with m, so a block whose largest value is below B(running maximum) holds no survivor and is
// skipped after one comparison; the few blocks with one raise the running maximum and select
// against the new bound, and the selection is filtered by the final bound at the end. What
// remains is exactly what selecting against B(m) after a scan would keep, in index order.

KELVIN_INLINE float K(bound_below)(float maximum, double offset) {
  double threshold = (double)maximum + offset;
  float bound = (float)threshold;
  return (double)bound < threshold ? nextafterf(bound, INFINITY) : bound;
}

/// Raises the running maximum to `block` when it is larger, and the bound with it.
KELVIN_INLINE void K(raise_maximum)(float block, double offset, float *largest, float *bound) {
  if (block > *largest) {
    *largest = block;
    *bound = K(bound_below)(block, offset);
  }
}

KELVIN_ENTRY int K(select_near_maximum)(const float *x, size_t n, double offset,
                                        int32_t *indices, float *values, size_t *count,
                                        float *maximum) {
  ordered_mask ordered = ordered_start();
  float largest = -INFINITY, bound = -INFINITY;
  size_t kept = 0, i = 0;
  for (; i + 64 <= n; i += 64) {
    prefetch_ahead(x + i);
    vf16 top = block_top(x + i, &ordered);
    if (!lane_bits(top >= splat(bound))) continue;
    K(raise_maximum)(horizontal_max(top), offset, &largest, &bound);
    const vf16 bounds = splat(bound);
    for (size_t q = 0; q < 64; q += 16) {
      vf16 v = load16(x + i + q);
      kept = K(select_store)(v, lane_bits(v >= bounds), i + q, indices, values, kept, 1);
    }
  }
  for (; i < n; i += kLanes) {
    vi16 real;
    vf16 v = load_padded(x + i, n - i, -INFINITY, &real);
    note_ordered(&ordered, v);
    K(raise_maximum)(horizontal_max(v), offset, &largest, &bound);
    kept = K(select_store)(v, lane_bits((v >= splat(bound)) & real), i, indices, values, kept, 0);
  }
  if (!ordered_ok(ordered) || largest == INFINITY) return KELVIN_INVALID;
  *maximum = largest + 0.0f;  // +0 for a zero maximum, as the scan gives
  if (largest == -INFINITY) return KELVIN_ALL_MASKED;
  size_t final = 0;
  for (size_t j = 0; j < kept; j++) {
    if (values[j] >= bound) {
      indices[final] = indices[j];
      values[final] = values[j];
      final++;
    }
  }
  *count = final;
  return KELVIN_OK;
}

// ---------------------------------------------------------------------------------------------
// The k largest by (value descending, index ascending), through the heap of kernels.c: a block
// of 64 whose largest value cannot beat the k-th best is skipped after one comparison.

KELVIN_ENTRY int K(largest)(const float *x, size_t n, size_t k, int32_t *indices, float *values,
                      size_t *count) {
  heap_t heap;
  heap_init(&heap, values, indices, k);
  // NaN fails x == x (noted by block_top, as in the scan); a +inf is always kept (it beats
  // every kept value but another +inf), so it shows in the heap at the end.
  ordered_mask ordered = ordered_start();
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    prefetch_ahead(x + i);
    // The rare blocks with a value above the k-th best read their quarters again.
    vf16 top = block_top(x + i, &ordered);
    if (heap.filled < k) {
      for (size_t j = 0; j < 64; j++) heap_offer(&heap, x[i + j], i + j);
      continue;
    }
    if (!lane_bits(top > splat(values[0]))) continue;
    // Offer only the lanes above the k-th best (the bound only rises, and offer checks again).
    for (size_t q = 0; q < 4; q++) {
      unsigned above = lane_bits(load16(x + i + 16 * q) > splat(values[0]));
      while (above) {
        size_t lane = (size_t)__builtin_ctz(above);
        heap_offer(&heap, x[i + 16 * q + lane], i + 16 * q + lane);
        above &= above - 1;
      }
    }
  }
  for (; i < n; i += kLanes) {
    vi16 real;
    vf16 v = load_padded(x + i, n - i, -INFINITY, &real);
    note_ordered(&ordered, v);
    for (size_t lane = 0; i + lane < n && lane < kLanes; lane++) heap_offer(&heap, v[lane], i + lane);
  }
  if (!ordered_ok(ordered)) return KELVIN_INVALID;
  size_t kept = heap_export(&heap);
  for (size_t j = 0; j < kept; j++) {
    if (values[j] == INFINITY) return KELVIN_INVALID;
  }
  *count = kept;
  return KELVIN_OK;
}

// ---------------------------------------------------------------------------------------------
// The scans the sampler chain needs besides the validating one: division in place (each
// quotient one IEEE division, so the same bits at every level), the first index of a value
// (where greedy finds the maximum the scan reported) and the count of values >= a threshold
// (min-p's survivors). Four vectors a step, as the scan, so the loop is bound by loads.

KELVIN_ENTRY void K(divide)(float *x, size_t n, float divisor) {
  const vf16 d = splat(divisor);
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    prefetch_ahead(x + i);
    vf16 a = load16(x + i), b = load16(x + i + 16), c = load16(x + i + 32),
         e = load16(x + i + 48);
    store16(x + i, a / d);
    store16(x + i + 16, b / d);
    store16(x + i + 32, c / d);
    store16(x + i + 48, e / d);
  }
  for (; i < n; i += kLanes) {
    vi16 real;
    vf16 v = load_padded(x + i, n - i, 1.0f, &real);
    store_partial(x + i, n - i < kLanes ? n - i : kLanes, v / d);
  }
}

KELVIN_ENTRY size_t K(first_index)(const float *x, size_t n, float target) {
  const vf16 t = splat(target);
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    prefetch_ahead(x + i);
    vi16 any = (load16(x + i) == t) | (load16(x + i + 16) == t) | (load16(x + i + 32) == t) |
               (load16(x + i + 48) == t);
    if (lane_bits(any) == 0) continue;
    for (size_t q = 0; q < 4; q++) {
      unsigned hits = lane_bits(load16(x + i + 16 * q) == t);
      if (hits) return i + 16 * q + (size_t)__builtin_ctz(hits);
    }
  }
  for (; i < n; i += kLanes) {
    vi16 real;
    vf16 v = load_padded(x + i, n - i, 0.0f, &real);
    unsigned hits = lane_bits((v == t) & real);
    if (hits) return i + (size_t)__builtin_ctz(hits);
  }
  return n;
}

KELVIN_ENTRY size_t K(count_at_least)(const float *x, size_t n, float threshold) {
  const vf16 bound = splat(threshold);
  // Lane counts in int32: at most n / 64 each, below 2^31 for any row this machine can hold.
  vi16 c0 = splat_int(0), c1 = c0, c2 = c0, c3 = c0;
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    prefetch_ahead(x + i);
    c0 -= load16(x + i) >= bound;
    c1 -= load16(x + i + 16) >= bound;
    c2 -= load16(x + i + 32) >= bound;
    c3 -= load16(x + i + 48) >= bound;
  }
  vi16 lanes = (c0 + c1) + (c2 + c3);
  size_t total = 0;
  for (size_t lane = 0; lane < kLanes; lane++) total += (size_t)(uint32_t)lanes[lane];
  for (; i < n; i += kLanes) {
    vi16 real;
    vf16 v = load_padded(x + i, n - i, -INFINITY, &real);
    total += (size_t)__builtin_popcount(lane_bits((v >= bound) & real));
  }
  return total;
}

// ---------------------------------------------------------------------------------------------
// The matrix-vector product of a language model's layers: y_r = sum_c w[r * cols + c] * x[c]
// for each row r, in a fixed order at every level (so the same bits on every CPU): 16 float
// lanes over 64-element chunks in four accumulators (lane j of accumulator q takes elements
// 64i + 16q + j), each product rounded before it is added (no fused multiply-add), the tail
// padded with zeros into accumulator 0, then (a0 + a1) + (a2 + a3) and the lanes summed by the
// fixed tree d_j = l_j + l_{j+8}, e_j = d_j + d_{j+4}, f_j = e_j + e_{j+2}, f_0 + f_1.

KELVIN_INLINE float K(sum16_tree)(vf16 v) {
  float d[8], e[4], f[2];
  for (int j = 0; j < 8; j++) d[j] = v[j] + v[j + 8];
  for (int j = 0; j < 4; j++) e[j] = d[j] + d[j + 4];
  for (int j = 0; j < 2; j++) f[j] = e[j] + e[j + 2];
  return f[0] + f[1];
}

KELVIN_ENTRY void K(matvec)(const float *w, const float *x, float *y, size_t rows,
                            size_t cols) {
  const vf16 zero = splat(0.0f);
  for (size_t r = 0; r < rows; r++) {
    const float *row = w + r * cols;
    vf16 a0 = zero, a1 = zero, a2 = zero, a3 = zero;
    size_t c = 0;
    for (; c + 64 <= cols; c += 64) {
      a0 = a0 + load16(row + c) * load16(x + c);
      a1 = a1 + load16(row + c + 16) * load16(x + c + 16);
      a2 = a2 + load16(row + c + 32) * load16(x + c + 32);
      a3 = a3 + load16(row + c + 48) * load16(x + c + 48);
    }
    for (; c < cols; c += kLanes) {
      vi16 real;
      vf16 v = load_padded(row + c, cols - c, 0.0f, &real);
      vf16 u = load_padded(x + c, cols - c, 0.0f, &real);
      a0 = a0 + v * u;
    }
    y[r] = K(sum16_tree)((a0 + a1) + (a2 + a3));
  }
}
