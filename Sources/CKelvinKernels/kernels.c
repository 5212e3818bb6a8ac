#include "CKelvinKernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64)
#define KELVIN_X86 1
#include <immintrin.h>
#endif

// ---------------------------------------------------------------------------------------------
// exp for arguments ≤ 0: Cody–Waite reduction by ln 2 and Cephes' degree-6 polynomial, the
// algorithm of KelvinCore's Swift kernel. Arguments below -87.3 give exactly 0.

static const float kLowest = -87.3f;

static inline float exp_scalar(float x) {
  if (x < kLowest) return 0.0f;
  float n = nearbyintf(x * 1.44269504f);
  float r = x - n * 0.693359375f - n * -2.12194440e-4f;
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  float e = p * r * r + r + 1.0f;
  return ldexpf(e, (int)n);
}

// ---------------------------------------------------------------------------------------------
// Portable versions.

static int softmax_portable(const float *x, float *y, size_t n, float scale, int logarithm) {
  if (n == 0) return KELVIN_ALL_MASKED;
  float maximum = -INFINITY;
  for (size_t i = 0; i < n; i++) {
    if (!(x[i] < INFINITY)) return KELVIN_INVALID;
    if (x[i] > maximum) maximum = x[i];
  }
  if (maximum == -INFINITY) return KELVIN_ALL_MASKED;
  double sum = 0;
  for (size_t i = 0; i < n; i++) {
    float e = exp_scalar((x[i] - maximum) * scale);
    sum += e;
    if (!logarithm) y[i] = e;
  }
  if (logarithm) {
    float log_sum = (float)log(sum);
    for (size_t i = 0; i < n; i++) y[i] = (x[i] - maximum) * scale - log_sum;
  } else {
    float factor = (float)(1.0 / sum);
    for (size_t i = 0; i < n; i++) y[i] *= factor;
  }
  return KELVIN_OK;
}

// A min-heap of the kept values; the root is the worst (smallest value, largest index).
typedef struct {
  float *values;
  int32_t *indices;
  size_t k;
  size_t filled;
} heap_t;

static inline int worse(const heap_t *h, size_t a, size_t b) {
  return h->values[a] < h->values[b] ||
         (h->values[a] == h->values[b] && h->indices[a] > h->indices[b]);
}

static void sift_down(heap_t *h) {
  size_t parent = 0;
  for (;;) {
    size_t left = 2 * parent + 1;
    if (left >= h->k) return;
    size_t child = left;
    if (left + 1 < h->k && worse(h, left + 1, left)) child = left + 1;
    if (!worse(h, child, parent)) return;
    float v = h->values[child];
    h->values[child] = h->values[parent];
    h->values[parent] = v;
    int32_t i = h->indices[child];
    h->indices[child] = h->indices[parent];
    h->indices[parent] = i;
    parent = child;
  }
}

static inline void offer(heap_t *h, float value, size_t index) {
  if (value > h->values[0] || (h->filled < h->k && value > -INFINITY)) {
    h->values[0] = value;
    h->indices[0] = (int32_t)index;
    if (h->filled < h->k) h->filled++;
    sift_down(h);
  }
}

static void heap_init(heap_t *h, float *values, int32_t *indices, size_t k) {
  h->values = values;
  h->indices = indices;
  h->k = k;
  h->filled = 0;
  for (size_t i = 0; i < k; i++) {
    values[i] = -INFINITY;
    indices[i] = INT32_MAX;
  }
}

static size_t heap_export(heap_t *h) {
  // Compact the real entries (the placeholders are -inf) to the front.
  size_t kept = 0;
  for (size_t i = 0; i < h->k; i++) {
    if (h->values[i] > -INFINITY) {
      h->values[kept] = h->values[i];
      h->indices[kept] = h->indices[i];
      kept++;
    }
  }
  return kept;
}

static int largest_portable(const float *x, size_t n, size_t k, int32_t *indices,
                            float *values, size_t *count) {
  heap_t h;
  heap_init(&h, values, indices, k);
  for (size_t i = 0; i < n; i++) {
    if (!(x[i] < INFINITY)) return KELVIN_INVALID;
    offer(&h, x[i], i);
  }
  *count = heap_export(&h);
  return KELVIN_OK;
}

static int scan_portable(const float *x, size_t n, float *maximum, int *has_masked) {
  float best = -INFINITY;
  int masked = 0;
  for (size_t i = 0; i < n; i++) {
    if (!(x[i] < INFINITY)) return KELVIN_INVALID;
    if (x[i] == -INFINITY) masked = 1;
    if (x[i] > best) best = x[i];
  }
  *maximum = best;
  *has_masked = masked;
  return KELVIN_OK;
}

static size_t select_portable(const float *x, size_t n, float threshold, int32_t *indices, float *values) {
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    if (x[i] >= threshold) {
      indices[kept] = (int32_t)i;
      values[kept] = x[i];
      kept++;
    }
  }
  return kept;
}

#if KELVIN_X86
// ---------------------------------------------------------------------------------------------
// AVX-512.

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,fma")))

// The first pass over a row reads it from memory or the last-level cache (a batch does not fit
// in L2): asking for the four lines 4 KB ahead of the 64 floats being read keeps more misses in
// flight than the hardware prefetcher alone (the batch benchmarks' chains gain 10-15 %).
static inline void prefetch_ahead(const float *position) {
  for (int line = 0; line < 4; line++) {
    _mm_prefetch((const char *)(position + 1024 + 16 * line), _MM_HINT_T0);
  }
}

AVX512 static inline __m512 exp_avx512(__m512 x) {
  const __m512 lowest = _mm512_set1_ps(kLowest);
  __mmask16 under = _mm512_cmp_ps_mask(x, lowest, _CMP_LT_OQ);
  x = _mm512_max_ps(x, lowest);
  __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504f)),
                                  _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(n, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  __m512 e = _mm512_fmadd_ps(_mm512_mul_ps(p, r), r, _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  e = _mm512_scalef_ps(e, n);
  return _mm512_maskz_mov_ps((__mmask16)~under, e);
}

AVX512 static int softmax_avx512(const float *x, float *y, size_t n, float scale, int logarithm) {
  if (n == 0) return KELVIN_ALL_MASKED;
  const __m512 infinity = _mm512_set1_ps(INFINITY);
  __m512 best = _mm512_set1_ps(-INFINITY), best1 = best, best2 = best, best3 = best;
  __mmask16 valid = 0xFFFF;
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    prefetch_ahead(x + i);
    __m512 a = _mm512_loadu_ps(x + i), b = _mm512_loadu_ps(x + i + 16);
    __m512 c = _mm512_loadu_ps(x + i + 32), d = _mm512_loadu_ps(x + i + 48);
    valid &= _mm512_cmp_ps_mask(a, infinity, _CMP_LT_OQ) & _mm512_cmp_ps_mask(b, infinity, _CMP_LT_OQ) &
             _mm512_cmp_ps_mask(c, infinity, _CMP_LT_OQ) & _mm512_cmp_ps_mask(d, infinity, _CMP_LT_OQ);
    best = _mm512_max_ps(best, a);
    best1 = _mm512_max_ps(best1, b);
    best2 = _mm512_max_ps(best2, c);
    best3 = _mm512_max_ps(best3, d);
  }
  best = _mm512_max_ps(_mm512_max_ps(best, best1), _mm512_max_ps(best2, best3));
  for (; i + 16 <= n; i += 16) {
    __m512 v = _mm512_loadu_ps(x + i);
    valid &= _mm512_cmp_ps_mask(v, infinity, _CMP_LT_OQ);
    best = _mm512_max_ps(best, v);
  }
  float maximum = _mm512_reduce_max_ps(best);
  for (; i < n; i++) {
    if (!(x[i] < INFINITY)) return KELVIN_INVALID;
    if (x[i] > maximum) maximum = x[i];
  }
  if (valid != 0xFFFF) return KELVIN_INVALID;
  if (maximum == -INFINITY) return KELVIN_ALL_MASKED;
  const __m512 shift = _mm512_set1_ps(maximum);
  const __m512 factor = _mm512_set1_ps(scale);
  double sum = 0;
  i = 0;
  while (i + 16 <= n) {
    __m512 lanes = _mm512_setzero_ps();
    size_t end = i + 256 < n ? i + 256 : n;
    for (; i + 16 <= end; i += 16) {
      __m512 e = exp_avx512(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(x + i), shift), factor));
      if (!logarithm) _mm512_storeu_ps(y + i, e);
      lanes = _mm512_add_ps(lanes, e);
    }
    sum += _mm512_reduce_add_ps(lanes);
  }
  for (; i < n; i++) {
    float e = exp_scalar((x[i] - maximum) * scale);
    if (!logarithm) y[i] = e;
    sum += e;
  }
  if (logarithm) {
    const __m512 offset = _mm512_set1_ps((float)log(sum));
    for (i = 0; i + 16 <= n; i += 16) {
      __m512 v = _mm512_sub_ps(_mm512_mul_ps(_mm512_sub_ps(_mm512_loadu_ps(x + i), shift), factor), offset);
      _mm512_storeu_ps(y + i, v);
    }
    float log_sum = (float)log(sum);
    for (; i < n; i++) y[i] = (x[i] - maximum) * scale - log_sum;
  } else {
    const __m512 inverse = _mm512_set1_ps((float)(1.0 / sum));
    for (i = 0; i + 16 <= n; i += 16) _mm512_storeu_ps(y + i, _mm512_mul_ps(_mm512_loadu_ps(y + i), inverse));
    float inverse_scalar = (float)(1.0 / sum);
    for (; i < n; i++) y[i] *= inverse_scalar;
  }
  return KELVIN_OK;
}

AVX512 static int largest_avx512(const float *x, size_t n, size_t k, int32_t *indices,
                                 float *values, size_t *count) {
  heap_t h;
  heap_init(&h, values, indices, k);
  const __m512 infinity = _mm512_set1_ps(INFINITY);
  __mmask16 valid = 0xFFFF;
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    prefetch_ahead(x + i);
    __m512 a = _mm512_loadu_ps(x + i);
    __m512 b = _mm512_loadu_ps(x + i + 16);
    __m512 c = _mm512_loadu_ps(x + i + 32);
    __m512 d = _mm512_loadu_ps(x + i + 48);
    valid &= _mm512_cmp_ps_mask(a, infinity, _CMP_LT_OQ) & _mm512_cmp_ps_mask(b, infinity, _CMP_LT_OQ) &
             _mm512_cmp_ps_mask(c, infinity, _CMP_LT_OQ) & _mm512_cmp_ps_mask(d, infinity, _CMP_LT_OQ);
    __m512 top = _mm512_max_ps(_mm512_max_ps(a, b), _mm512_max_ps(c, d));
    __m512 threshold = _mm512_set1_ps(values[0]);
    if (h.filled < k) {
      for (size_t j = 0; j < 64; j++) offer(&h, x[i + j], i + j);
    } else if (_mm512_cmp_ps_mask(top, threshold, _CMP_GT_OQ)) {
      // Offer only the lanes above the k-th best (the bound only rises, and offer checks again).
      const __m512 quarter[4] = {a, b, c, d};
      for (size_t q = 0; q < 4; q++) {
        unsigned mask = _mm512_cmp_ps_mask(quarter[q], _mm512_set1_ps(values[0]), _CMP_GT_OQ);
        while (mask) {
          size_t j = (size_t)__builtin_ctz(mask);
          offer(&h, x[i + 16 * q + j], i + 16 * q + j);
          mask &= mask - 1;
        }
      }
    }
  }
  if (valid != 0xFFFF) return KELVIN_INVALID;
  for (; i < n; i++) {
    if (!(x[i] < INFINITY)) return KELVIN_INVALID;
    offer(&h, x[i], i);
  }
  *count = heap_export(&h);
  return KELVIN_OK;
}

AVX512 static int scan_avx512(const float *x, size_t n, float *maximum, int *has_masked) {
  const __m512 infinity = _mm512_set1_ps(INFINITY);
  const __m512 negative = _mm512_set1_ps(-INFINITY);
  __m512 best = negative, best1 = negative, best2 = negative, best3 = negative;
  __mmask16 valid = 0xFFFF;
  __mmask16 masked = 0;
  size_t i = 0;
  // Four independent maxima, so that the loop is not bound by the latency of one chain.
  for (; i + 64 <= n; i += 64) {
    prefetch_ahead(x + i);
    __m512 a = _mm512_loadu_ps(x + i), b = _mm512_loadu_ps(x + i + 16);
    __m512 c = _mm512_loadu_ps(x + i + 32), d = _mm512_loadu_ps(x + i + 48);
    valid &= _mm512_cmp_ps_mask(a, infinity, _CMP_LT_OQ) & _mm512_cmp_ps_mask(b, infinity, _CMP_LT_OQ) &
             _mm512_cmp_ps_mask(c, infinity, _CMP_LT_OQ) & _mm512_cmp_ps_mask(d, infinity, _CMP_LT_OQ);
    masked |= _mm512_cmp_ps_mask(a, negative, _CMP_EQ_OQ) | _mm512_cmp_ps_mask(b, negative, _CMP_EQ_OQ) |
              _mm512_cmp_ps_mask(c, negative, _CMP_EQ_OQ) | _mm512_cmp_ps_mask(d, negative, _CMP_EQ_OQ);
    best = _mm512_max_ps(best, a);
    best1 = _mm512_max_ps(best1, b);
    best2 = _mm512_max_ps(best2, c);
    best3 = _mm512_max_ps(best3, d);
  }
  best = _mm512_max_ps(_mm512_max_ps(best, best1), _mm512_max_ps(best2, best3));
  for (; i + 16 <= n; i += 16) {
    __m512 v = _mm512_loadu_ps(x + i);
    valid &= _mm512_cmp_ps_mask(v, infinity, _CMP_LT_OQ);
    masked |= _mm512_cmp_ps_mask(v, negative, _CMP_EQ_OQ);
    best = _mm512_max_ps(best, v);
  }
  if (valid != 0xFFFF) return KELVIN_INVALID;
  float top = _mm512_reduce_max_ps(best);
  int any = masked != 0;
  for (; i < n; i++) {
    if (!(x[i] < INFINITY)) return KELVIN_INVALID;
    if (x[i] == -INFINITY) any = 1;
    if (x[i] > top) top = x[i];
  }
  *maximum = top;
  *has_masked = any;
  return KELVIN_OK;
}

AVX512 static size_t select_avx512(const float *x, size_t n, float threshold, int32_t *indices, float *values) {
  const __m512 bound = _mm512_set1_ps(threshold);
  const __m512i lanes = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  size_t kept = 0;
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m512 v = _mm512_loadu_ps(x + i);
    __mmask16 hits = _mm512_cmp_ps_mask(v, bound, _CMP_GE_OQ);
    // Compress in registers and store all 16 lanes (a compressing store to memory is slow):
    // the lanes past the hits land in [kept, i + 16), inside the n-element outputs since
    // kept <= i, and later stores or the caller's count make them irrelevant.
    if (hits) {
      __m512i positions = _mm512_add_epi32(lanes, _mm512_set1_epi32((int)i));
      _mm512_storeu_ps(values + kept, _mm512_maskz_compress_ps(hits, v));
      _mm512_storeu_si512(indices + kept, _mm512_maskz_compress_epi32(hits, positions));
      kept += (size_t)__builtin_popcount(hits);
    }
  }
  for (; i < n; i++) {
    if (x[i] >= threshold) {
      indices[kept] = (int32_t)i;
      values[kept] = x[i];
      kept++;
    }
  }
  return kept;
}

// ---------------------------------------------------------------------------------------------
// AVX2 + FMA.

#define AVX2 __attribute__((target("avx2,fma")))

AVX2 static inline __m256 exp_avx2(__m256 x) {
  const __m256 lowest = _mm256_set1_ps(kLowest);
  __m256 under = _mm256_cmp_ps(x, lowest, _CMP_LT_OQ);
  x = _mm256_max_ps(x, lowest);
  __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504f)),
                             _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693359375f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.12194440e-4f), r);
  __m256 p = _mm256_set1_ps(1.9875691500e-4f);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.3981999507e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(8.3334519073e-3f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(4.1665795894e-2f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.6666665459e-1f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(5.0000001201e-1f));
  __m256 e = _mm256_fmadd_ps(_mm256_mul_ps(p, r), r, _mm256_add_ps(r, _mm256_set1_ps(1.0f)));
  __m256i bits = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtps_epi32(n), _mm256_set1_epi32(127)), 23);
  e = _mm256_mul_ps(e, _mm256_castsi256_ps(bits));
  return _mm256_andnot_ps(under, e);
}

AVX2 static inline float hmax256(__m256 v) {
  __m128 m = _mm_max_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  m = _mm_max_ps(m, _mm_movehl_ps(m, m));
  m = _mm_max_ss(m, _mm_shuffle_ps(m, m, 1));
  return _mm_cvtss_f32(m);
}

AVX2 static inline float hsum256(__m256 v) {
  __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  s = _mm_add_ps(s, _mm_movehl_ps(s, s));
  s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
  return _mm_cvtss_f32(s);
}

AVX2 static int softmax_avx2(const float *x, float *y, size_t n, float scale, int logarithm) {
  if (n == 0) return KELVIN_ALL_MASKED;
  const __m256 infinity = _mm256_set1_ps(INFINITY);
  __m256 best = _mm256_set1_ps(-INFINITY);
  __m256 valid = _mm256_castsi256_ps(_mm256_set1_epi32(-1));
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256 v = _mm256_loadu_ps(x + i);
    valid = _mm256_and_ps(valid, _mm256_cmp_ps(v, infinity, _CMP_LT_OQ));
    best = _mm256_max_ps(best, v);
  }
  float maximum = hmax256(best);
  for (; i < n; i++) {
    if (!(x[i] < INFINITY)) return KELVIN_INVALID;
    if (x[i] > maximum) maximum = x[i];
  }
  if (_mm256_movemask_ps(valid) != 0xFF) return KELVIN_INVALID;
  if (maximum == -INFINITY) return KELVIN_ALL_MASKED;
  const __m256 shift = _mm256_set1_ps(maximum);
  const __m256 factor = _mm256_set1_ps(scale);
  double sum = 0;
  i = 0;
  while (i + 8 <= n) {
    __m256 lanes = _mm256_setzero_ps();
    size_t end = i + 256 < n ? i + 256 : n;
    for (; i + 8 <= end; i += 8) {
      __m256 e = exp_avx2(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), shift), factor));
      if (!logarithm) _mm256_storeu_ps(y + i, e);
      lanes = _mm256_add_ps(lanes, e);
    }
    sum += hsum256(lanes);
  }
  for (; i < n; i++) {
    float e = exp_scalar((x[i] - maximum) * scale);
    if (!logarithm) y[i] = e;
    sum += e;
  }
  if (logarithm) {
    float log_sum = (float)log(sum);
    const __m256 offset = _mm256_set1_ps(log_sum);
    for (i = 0; i + 8 <= n; i += 8) {
      _mm256_storeu_ps(y + i, _mm256_sub_ps(_mm256_mul_ps(_mm256_sub_ps(_mm256_loadu_ps(x + i), shift), factor), offset));
    }
    for (; i < n; i++) y[i] = (x[i] - maximum) * scale - log_sum;
  } else {
    float inverse = (float)(1.0 / sum);
    const __m256 factor_all = _mm256_set1_ps(inverse);
    for (i = 0; i + 8 <= n; i += 8) _mm256_storeu_ps(y + i, _mm256_mul_ps(_mm256_loadu_ps(y + i), factor_all));
    for (; i < n; i++) y[i] *= inverse;
  }
  return KELVIN_OK;
}

AVX2 static int largest_avx2(const float *x, size_t n, size_t k, int32_t *indices, float *values,
                             size_t *count) {
  heap_t h;
  heap_init(&h, values, indices, k);
  const __m256 infinity = _mm256_set1_ps(INFINITY);
  __m256 valid = _mm256_castsi256_ps(_mm256_set1_epi32(-1));
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    __m256 a = _mm256_loadu_ps(x + i);
    __m256 b = _mm256_loadu_ps(x + i + 8);
    __m256 c = _mm256_loadu_ps(x + i + 16);
    __m256 d = _mm256_loadu_ps(x + i + 24);
    valid = _mm256_and_ps(valid, _mm256_and_ps(_mm256_and_ps(_mm256_cmp_ps(a, infinity, _CMP_LT_OQ), _mm256_cmp_ps(b, infinity, _CMP_LT_OQ)),
                                               _mm256_and_ps(_mm256_cmp_ps(c, infinity, _CMP_LT_OQ), _mm256_cmp_ps(d, infinity, _CMP_LT_OQ))));
    __m256 top = _mm256_max_ps(_mm256_max_ps(a, b), _mm256_max_ps(c, d));
    __m256 greater = _mm256_cmp_ps(top, _mm256_set1_ps(values[0]), _CMP_GT_OQ);
    if (h.filled < k) {
      for (size_t j = 0; j < 32; j++) offer(&h, x[i + j], i + j);
    } else if (_mm256_movemask_ps(greater)) {
      // Offer only the lanes above the k-th best (the bound only rises, and offer checks again).
      const __m256 quarter[4] = {a, b, c, d};
      for (size_t q = 0; q < 4; q++) {
        unsigned mask = (unsigned)_mm256_movemask_ps(
            _mm256_cmp_ps(quarter[q], _mm256_set1_ps(values[0]), _CMP_GT_OQ));
        while (mask) {
          size_t j = (size_t)__builtin_ctz(mask);
          offer(&h, x[i + 8 * q + j], i + 8 * q + j);
          mask &= mask - 1;
        }
      }
    }
  }
  if (_mm256_movemask_ps(valid) != 0xFF) return KELVIN_INVALID;
  for (; i < n; i++) {
    if (!(x[i] < INFINITY)) return KELVIN_INVALID;
    offer(&h, x[i], i);
  }
  *count = heap_export(&h);
  return KELVIN_OK;
}
#endif

// ---------------------------------------------------------------------------------------------
// Dispatch, decided once.

static int detected_level = -1;

int kelvin_kernel_level(void) {
  if (detected_level >= 0) return detected_level;
  int level = 0;
#if KELVIN_X86
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
      __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl")) {
    level = 3;
  } else if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) {
    level = 2;
  }
#endif
  detected_level = level;
  return level;
}

int kelvin_softmax_f32_at_level(int level, const float *x, float *y, size_t n,
                                float inverse_temperature, int logarithm) {
#if KELVIN_X86
  switch (level) {
    case 3: return softmax_avx512(x, y, n, inverse_temperature, logarithm);
    case 2: return softmax_avx2(x, y, n, inverse_temperature, logarithm);
    default: break;
  }
#endif
  (void)level;
  return softmax_portable(x, y, n, inverse_temperature, logarithm);
}

int kelvin_scan_f32_at_level(int level, const float *x, size_t n, float *maximum,
                             int *has_masked) {
#if KELVIN_X86
  if (level == 3) return scan_avx512(x, n, maximum, has_masked);
#endif
  (void)level;
  return scan_portable(x, n, maximum, has_masked);
}

size_t kelvin_select_at_least_f32_at_level(int level, const float *x, size_t n, float threshold,
                                           int32_t *indices, float *values) {
#if KELVIN_X86
  if (level == 3) return select_avx512(x, n, threshold, indices, values);
#endif
  (void)level;
  return select_portable(x, n, threshold, indices, values);
}

int kelvin_largest_f32_at_level(int level, const float *x, size_t n, size_t k, int32_t *indices,
                                float *values, size_t *count) {
  *count = 0;
  if (k == 0) return KELVIN_OK;
#if KELVIN_X86
  switch (level) {
    case 3: return largest_avx512(x, n, k, indices, values, count);
    case 2: return largest_avx2(x, n, k, indices, values, count);
    default: break;
  }
#endif
  (void)level;
  return largest_portable(x, n, k, indices, values, count);
}

int kelvin_softmax_f32(const float *x, float *y, size_t n, float inverse_temperature, int logarithm) {
  return kelvin_softmax_f32_at_level(kelvin_kernel_level(), x, y, n, inverse_temperature,
                                     logarithm);
}

int kelvin_scan_f32(const float *x, size_t n, float *maximum, int *has_masked) {
  return kelvin_scan_f32_at_level(kelvin_kernel_level(), x, n, maximum, has_masked);
}

size_t kelvin_select_at_least_f32(const float *x, size_t n, float threshold, int32_t *indices,
                                  float *values) {
  return kelvin_select_at_least_f32_at_level(kelvin_kernel_level(), x, n, threshold, indices,
                                             values);
}

int kelvin_largest_f32(const float *x, size_t n, size_t k, int32_t *indices, float *values,
                       size_t *count) {
  return kelvin_largest_f32_at_level(kelvin_kernel_level(), x, n, k, indices, values, count);
}
