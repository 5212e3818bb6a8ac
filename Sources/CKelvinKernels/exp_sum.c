// The reproducible exponential sum: the same bits at every instruction-set level, on every
// CPU, and as KelvinCore's Swift reference (`FloatSoftmaxKernels.exponentiateReference`).
//
// Sampling decisions (which tokens top_p keeps, which token a seed draws) depend on the last
// bits of the softmax normaliser, so the normaliser must not depend on the CPU. Three things
// make it so:
// - Every operation is a plain IEEE multiply, add, subtract, divide or compare, never a fused
//   multiply-add (contraction is switched off for this file, and the vector code uses no FMA
//   intrinsic). Rounding to an integer uses the 1.5 · 2²³ trick, 2ⁿ is built from exponent
//   bits, so each lane computes exactly what a scalar would.
// - The summation order is fixed: 16 float lanes (lane j takes elements j, j + 16, …) over
//   blocks of 256 elements; each block's lanes are widened to double and reduced by one fixed
//   tree; the block sums are added in order. AVX2 holds the 16 lanes in two registers, the
//   portable code in an array.
// - Dividing by 1 and multiplying by 1 are exact, so skipping them changes nothing.
#include "CKelvinKernels.h"

#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64)
#define KELVIN_X86 1
#include <immintrin.h>
#endif

#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

static const float kFloor = -87.3f;
static const float kMagic = 12582912.0f;  // 1.5 · 2²³
static const float kLog2e = 1.44269504f;
static const float kLn2High = 0.693359375f;
static const float kLn2Low = -2.12194440e-4f;
static const float kP0 = 1.9875691500e-4f;
static const float kP1 = 1.3981999507e-3f;
static const float kP2 = 8.3334519073e-3f;
static const float kP3 = 4.1665795894e-2f;
static const float kP4 = 1.6666665459e-1f;
static const float kP5 = 5.0000001201e-1f;

enum { kLanes = 16, kBlock = 256 };

// ---------------------------------------------------------------------------------------------
// Portable.

static inline uint32_t bits_of(float x) {
  uint32_t b;
  memcpy(&b, &x, 4);
  return b;
}

static inline float float_of(uint32_t b) {
  float x;
  memcpy(&x, &b, 4);
  return x;
}

/// The canonical exp for x ≤ 0 (or -inf): 0 below -87.3.
static inline float exp_canonical(float x) {
  float clamped = x < kFloor ? kFloor : x;
  float scaled = clamped * kLog2e;
  float shifted = scaled + kMagic;
  float n = shifted - kMagic;
  float high = n * kLn2High;
  float low = n * kLn2Low;
  float r = clamped - high;
  r = r - low;
  float p = kP0;
  p = p * r;
  p = p + kP1;
  p = p * r;
  p = p + kP2;
  p = p * r;
  p = p + kP3;
  p = p * r;
  p = p + kP4;
  p = p * r;
  p = p + kP5;
  float pr = p * r;
  float prr = pr * r;
  float polynomial = prr + r;
  polynomial = polynomial + 1.0f;
  uint32_t n_bits = bits_of(shifted) - bits_of(kMagic);
  float scale = float_of((n_bits + 127u) << 23);
  float e = polynomial * scale;
  return x < kFloor ? 0.0f : e;
}

static inline float argument(float x, float divisor, float shift, float scale, int divide,
                             int multiply) {
  float q = divide ? x / divisor : x;
  float a = q - shift;
  return multiply ? a * scale : a;
}

/// The fixed reduction of 16 float lanes: d_j = l_j + l_{j+8}, e_j = d_j + d_{j+4},
/// f_j = e_j + e_{j+2}, f_0 + f_1, in double.
static inline double reduce16(const float lanes[16]) {
  double d[8], e[4], f[2];
  for (int j = 0; j < 8; j++) d[j] = (double)lanes[j] + (double)lanes[j + 8];
  for (int j = 0; j < 4; j++) e[j] = d[j] + d[j + 4];
  for (int j = 0; j < 2; j++) f[j] = e[j] + e[j + 2];
  return f[0] + f[1];
}

/// The tail (fewer than 16 elements) as one more block: missing lanes are 0.
static double tail_portable(const float *x, float *y, size_t start, size_t n, float divisor,
                            float shift, float scale, int divide, int multiply,
                            float *minimum) {
  if (start >= n) return 0;
  float lanes[16] = {0};
  for (size_t i = start; i < n; i++) {
    float q = divide ? x[i] / divisor : x[i];
    if (q < *minimum) *minimum = q;
    float t = exp_canonical(argument(x[i], divisor, shift, scale, divide, multiply));
    if (y) y[i] = t;
    lanes[i - start] = t;
  }
  return reduce16(lanes);
}

static double exp_sum_portable(const float *x, float *y, size_t n, float divisor, float shift,
                               float scale, float *minimum) {
  int divide = divisor != 1.0f, multiply = scale != 1.0f;
  size_t full = n - n % kLanes;
  double total = 0;
  float least = __builtin_inff();
  for (size_t block = 0; block < full; block += kBlock) {
    size_t end = block + kBlock < full ? block + kBlock : full;
    float lanes[16] = {0};
    for (size_t i = block; i < end; i += kLanes) {
      for (int j = 0; j < kLanes; j++) {
        float q = divide ? x[i + j] / divisor : x[i + j];
        if (q < least) least = q;
        float t = exp_canonical(argument(x[i + j], divisor, shift, scale, divide, multiply));
        if (y) y[i + j] = t;
        lanes[j] += t;
      }
    }
    total += reduce16(lanes);
  }
  total += tail_portable(x, y, full, n, divisor, shift, scale, divide, multiply, &least);
  *minimum = least;
  return total;
}

#if KELVIN_X86
// ---------------------------------------------------------------------------------------------
// AVX-512: one register of 16 lanes. (No FMA intrinsic: see the top of the file.)

#define AVX512 __attribute__((target("avx512f,avx512dq,avx512vl,avx512bw")))

AVX512 static inline __m512 exp_canonical_avx512(__m512 x) {
  const __m512 floor = _mm512_set1_ps(kFloor);
  const __m512 magic = _mm512_set1_ps(kMagic);
  __mmask16 under = _mm512_cmp_ps_mask(x, floor, _CMP_LT_OQ);
  __m512 clamped = _mm512_mask_mov_ps(x, under, floor);
  __m512 shifted = _mm512_add_ps(_mm512_mul_ps(clamped, _mm512_set1_ps(kLog2e)), magic);
  __m512 n = _mm512_sub_ps(shifted, magic);
  __m512 r = _mm512_sub_ps(clamped, _mm512_mul_ps(n, _mm512_set1_ps(kLn2High)));
  r = _mm512_sub_ps(r, _mm512_mul_ps(n, _mm512_set1_ps(kLn2Low)));
  __m512 p = _mm512_set1_ps(kP0);
  p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(kP1));
  p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(kP2));
  p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(kP3));
  p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(kP4));
  p = _mm512_add_ps(_mm512_mul_ps(p, r), _mm512_set1_ps(kP5));
  __m512 polynomial = _mm512_add_ps(_mm512_mul_ps(_mm512_mul_ps(p, r), r), r);
  polynomial = _mm512_add_ps(polynomial, _mm512_set1_ps(1.0f));
  __m512i n_bits = _mm512_sub_epi32(_mm512_castps_si512(shifted), _mm512_castps_si512(magic));
  __m512 scale =
      _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(n_bits, _mm512_set1_epi32(127)), 23));
  return _mm512_maskz_mov_ps((__mmask16)~under, _mm512_mul_ps(polynomial, scale));
}

AVX512 static inline double reduce_avx512(__m512 lanes) {
  __m512d d = _mm512_add_pd(_mm512_cvtps_pd(_mm512_castps512_ps256(lanes)),
                            _mm512_cvtps_pd(_mm512_extractf32x8_ps(lanes, 1)));
  __m256d e = _mm256_add_pd(_mm512_castpd512_pd256(d), _mm512_extractf64x4_pd(d, 1));
  __m128d f = _mm_add_pd(_mm256_castpd256_pd128(e), _mm256_extractf128_pd(e, 1));
  return _mm_cvtsd_f64(f) + _mm_cvtsd_f64(_mm_unpackhi_pd(f, f));
}

AVX512 static double exp_sum_avx512(const float *x, float *y, size_t n, float divisor,
                                    float shift, float scale, float *minimum) {
  int divide = divisor != 1.0f, multiply = scale != 1.0f;
  const __m512 vdivisor = _mm512_set1_ps(divisor);
  const __m512 vshift = _mm512_set1_ps(shift);
  const __m512 vscale = _mm512_set1_ps(scale);
  size_t full = n - n % kLanes;
  double total = 0;
  __m512 least = _mm512_set1_ps(__builtin_inff());
  for (size_t block = 0; block < full; block += kBlock) {
    size_t end = block + kBlock < full ? block + kBlock : full;
    __m512 lanes = _mm512_setzero_ps();
    for (size_t i = block; i < end; i += kLanes) {
      __m512 q = _mm512_loadu_ps(x + i);
      if (divide) q = _mm512_div_ps(q, vdivisor);
      least = _mm512_min_ps(least, q);
      __m512 a = _mm512_sub_ps(q, vshift);
      if (multiply) a = _mm512_mul_ps(a, vscale);
      __m512 t = exp_canonical_avx512(a);
      if (y) _mm512_storeu_ps(y + i, t);
      lanes = _mm512_add_ps(lanes, t);
    }
    total += reduce_avx512(lanes);
  }
  float least_scalar = _mm512_reduce_min_ps(least);
  total += tail_portable(x, y, full, n, divisor, shift, scale, divide, multiply, &least_scalar);
  *minimum = least_scalar;
  return total;
}

// ---------------------------------------------------------------------------------------------
// AVX2: the 16 lanes in two registers (lanes 0–7 and 8–15).

#define AVX2 __attribute__((target("avx2")))

AVX2 static inline __m256 exp_canonical_avx2(__m256 x) {
  const __m256 floor = _mm256_set1_ps(kFloor);
  const __m256 magic = _mm256_set1_ps(kMagic);
  __m256 under = _mm256_cmp_ps(x, floor, _CMP_LT_OQ);
  __m256 clamped = _mm256_blendv_ps(x, floor, under);
  __m256 shifted = _mm256_add_ps(_mm256_mul_ps(clamped, _mm256_set1_ps(kLog2e)), magic);
  __m256 n = _mm256_sub_ps(shifted, magic);
  __m256 r = _mm256_sub_ps(clamped, _mm256_mul_ps(n, _mm256_set1_ps(kLn2High)));
  r = _mm256_sub_ps(r, _mm256_mul_ps(n, _mm256_set1_ps(kLn2Low)));
  __m256 p = _mm256_set1_ps(kP0);
  p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(kP1));
  p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(kP2));
  p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(kP3));
  p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(kP4));
  p = _mm256_add_ps(_mm256_mul_ps(p, r), _mm256_set1_ps(kP5));
  __m256 polynomial = _mm256_add_ps(_mm256_mul_ps(_mm256_mul_ps(p, r), r), r);
  polynomial = _mm256_add_ps(polynomial, _mm256_set1_ps(1.0f));
  __m256i n_bits = _mm256_sub_epi32(_mm256_castps_si256(shifted), _mm256_castps_si256(magic));
  __m256 scale =
      _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n_bits, _mm256_set1_epi32(127)), 23));
  return _mm256_andnot_ps(under, _mm256_mul_ps(polynomial, scale));
}

AVX2 static inline double reduce_avx2(__m256 low_lanes, __m256 high_lanes) {
  // d_j = l_j + l_{j+8} for j < 4 and 4 ≤ j < 8, then the same tree as the other levels.
  __m256d d_low = _mm256_add_pd(_mm256_cvtps_pd(_mm256_castps256_ps128(low_lanes)),
                                _mm256_cvtps_pd(_mm256_castps256_ps128(high_lanes)));
  __m256d d_high = _mm256_add_pd(_mm256_cvtps_pd(_mm256_extractf128_ps(low_lanes, 1)),
                                 _mm256_cvtps_pd(_mm256_extractf128_ps(high_lanes, 1)));
  __m256d e = _mm256_add_pd(d_low, d_high);
  __m128d f = _mm_add_pd(_mm256_castpd256_pd128(e), _mm256_extractf128_pd(e, 1));
  return _mm_cvtsd_f64(f) + _mm_cvtsd_f64(_mm_unpackhi_pd(f, f));
}

AVX2 static inline __m256 argument_avx2(__m256 q, __m256 vshift, __m256 vscale, int multiply) {
  __m256 a = _mm256_sub_ps(q, vshift);
  return multiply ? _mm256_mul_ps(a, vscale) : a;
}

AVX2 static double exp_sum_avx2(const float *x, float *y, size_t n, float divisor, float shift,
                                float scale, float *minimum) {
  int divide = divisor != 1.0f, multiply = scale != 1.0f;
  const __m256 vdivisor = _mm256_set1_ps(divisor);
  const __m256 vshift = _mm256_set1_ps(shift);
  const __m256 vscale = _mm256_set1_ps(scale);
  size_t full = n - n % kLanes;
  double total = 0;
  __m256 least = _mm256_set1_ps(__builtin_inff());
  for (size_t block = 0; block < full; block += kBlock) {
    size_t end = block + kBlock < full ? block + kBlock : full;
    __m256 low_lanes = _mm256_setzero_ps(), high_lanes = _mm256_setzero_ps();
    for (size_t i = block; i < end; i += kLanes) {
      __m256 q0 = _mm256_loadu_ps(x + i), q1 = _mm256_loadu_ps(x + i + 8);
      if (divide) {
        q0 = _mm256_div_ps(q0, vdivisor);
        q1 = _mm256_div_ps(q1, vdivisor);
      }
      least = _mm256_min_ps(least, _mm256_min_ps(q0, q1));
      __m256 t0 = exp_canonical_avx2(argument_avx2(q0, vshift, vscale, multiply));
      __m256 t1 = exp_canonical_avx2(argument_avx2(q1, vshift, vscale, multiply));
      if (y) {
        _mm256_storeu_ps(y + i, t0);
        _mm256_storeu_ps(y + i + 8, t1);
      }
      low_lanes = _mm256_add_ps(low_lanes, t0);
      high_lanes = _mm256_add_ps(high_lanes, t1);
    }
    total += reduce_avx2(low_lanes, high_lanes);
  }
  float spill[8];
  _mm256_storeu_ps(spill, least);
  float least_scalar = __builtin_inff();
  for (int j = 0; j < 8; j++) least_scalar = spill[j] < least_scalar ? spill[j] : least_scalar;
  total += tail_portable(x, y, full, n, divisor, shift, scale, divide, multiply, &least_scalar);
  *minimum = least_scalar;
  return total;
}
#endif

// ---------------------------------------------------------------------------------------------
// Dispatch.

double kelvin_exp_sum_f32_at_level(int level, const float *x, float *y, size_t n,
                                   float divisor, float shift, float scale, float *minimum) {
#if KELVIN_X86
  switch (level) {
    case 3: return exp_sum_avx512(x, y, n, divisor, shift, scale, minimum);
    case 2: return exp_sum_avx2(x, y, n, divisor, shift, scale, minimum);
    default: break;
  }
#endif
  (void)level;
  return exp_sum_portable(x, y, n, divisor, shift, scale, minimum);
}

double kelvin_exp_sum_f32(const float *x, float *y, size_t n, float divisor, float shift,
                          float scale, float *minimum) {
  return kelvin_exp_sum_f32_at_level(kelvin_kernel_level(), x, y, n, divisor, shift, scale,
                                     minimum);
}
