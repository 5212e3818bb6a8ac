// The reproducible exponential sum: the same bits at every instruction-set level, on every
// CPU, and as KelvinCore's Swift reference (`FloatSoftmaxKernels.exponentiateReference`).
//
// Sampling decisions (which tokens top_p keeps, which token a seed draws) depend on the last
// bits of the softmax normaliser, so the normaliser must not depend on the CPU. Three things
// make it so:
// - Every operation is one correctly rounded IEEE operation: multiply, add, subtract, divide,
//   compare, or a fused multiply-add exactly where the definition has one (contraction of
//   anything else is switched off for this file). Rounding to an integer uses the 1.5 · 2²³
//   trick and 2ⁿ is built from exponent bits, so each lane computes exactly what a scalar
//   would. Fused multiply-adds are instructions on AVX2 + FMA, AVX-512 and arm64; the x86
//   baseline (a CPU without FMA) gets them from the C library's fmaf, correct but slow.
// - The summation order is fixed: 16 float lanes (lane j takes elements j, j + 16, …) over
//   blocks of 256 elements; each block's lanes are widened to double and reduced by one fixed
//   tree; the block sums are added in order. One vector implementation is compiled for each
//   instruction set, so the levels cannot drift apart.
// - Dividing by 1 and multiplying by 1 are exact, so skipping them changes nothing.
#include "CKelvinKernels.h"

#include <math.h>
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
// One implementation on 16-lane vectors (the GCC/Clang vector extension), compiled three times:
// for the baseline (SSE2 on x86-64, NEON on arm64), for AVX2 and for AVX-512, with function
// target attributes. Each lane computes exactly what a scalar would.

// The helpers below pass 64-byte vectors by value; they are always inlined, so the ABI note
// that Clang gives for them outside the AVX-512 function does not apply.
#if defined(__has_warning)
#if __has_warning("-Wpsabi")
#pragma clang diagnostic ignored "-Wpsabi"
#endif
#endif

typedef float vf16 __attribute__((vector_size(64), aligned(4)));
typedef int32_t vi16 __attribute__((vector_size(64), aligned(4)));

static inline __attribute__((always_inline)) vf16 splat(float x) {
  return (vf16){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x};
}

static inline __attribute__((always_inline)) vf16 lane_select(vi16 mask, vf16 yes, vf16 no) {
  return (vf16)((mask & (vi16)yes) | (~mask & (vi16)no));
}

/// a · b + c with one rounding (a fused multiply-add in every lane).
static inline __attribute__((always_inline)) vf16 fused(vf16 a, vf16 b, vf16 c) {
#if defined(__has_builtin) && __has_builtin(__builtin_elementwise_fma)
  return __builtin_elementwise_fma(a, b, c);
#else
  vf16 result;
  for (int j = 0; j < kLanes; j++) result[j] = fmaf(a[j], b[j], c[j]);
  return result;
#endif
}

/// The canonical exp for x ≤ 0 (or -inf): 0 below -87.3. Checked over every float argument in
/// [-87.3, 0] (tools/expcheck): at most 1.02 ulp from exp for normal results, and monotone.
static inline __attribute__((always_inline)) vf16 exp_canonical(vf16 x) {
  const vf16 floor = splat(kFloor);
  const vf16 magic = splat(kMagic);
  vi16 under = x < floor;
  vf16 clamped = lane_select(under, floor, x);
  vf16 shifted = fused(clamped, splat(kLog2e), magic);
  vf16 n = shifted - magic;
  vf16 r = fused(-n, splat(kLn2High), clamped);
  r = fused(-n, splat(kLn2Low), r);
  vf16 p = splat(kP0);
  p = fused(p, r, splat(kP1));
  p = fused(p, r, splat(kP2));
  p = fused(p, r, splat(kP3));
  p = fused(p, r, splat(kP4));
  p = fused(p, r, splat(kP5));
  vf16 polynomial = fused(p * r, r, r);
  polynomial = polynomial + splat(1.0f);
  vi16 n_bits = (vi16)shifted - (vi16)magic;
  vf16 scale = (vf16)((n_bits + 127) << 23);
  vf16 e = polynomial * scale;
  return lane_select(under, splat(0.0f), e);
}

/// The fixed reduction of 16 float lanes: d_j = l_j + l_{j+8}, e_j = d_j + d_{j+4},
/// f_j = e_j + e_{j+2}, f_0 + f_1, in double.
static inline __attribute__((always_inline)) double reduce16(vf16 lanes) {
  double d[8], e[4], f[2];
  for (int j = 0; j < 8; j++) d[j] = (double)lanes[j] + (double)lanes[j + 8];
  for (int j = 0; j < 4; j++) e[j] = d[j] + d[j + 4];
  for (int j = 0; j < 2; j++) f[j] = e[j] + e[j + 2];
  return f[0] + f[1];
}

static inline __attribute__((always_inline)) vf16 load16(const float *x) {
  vf16 v;
  memcpy(&v, x, sizeof v);
  return v;
}

/// The kernel body, inlined into one function per instruction set. The tail (fewer than 16
/// elements) is padded with -inf, whose terms are 0, and is summed as one more block.
static inline __attribute__((always_inline)) double exp_sum_body(
    const float *x, float *y, size_t n, float divisor, float shift, float scale, float *minimum) {
  const int divide = divisor != 1.0f, multiply = scale != 1.0f;
  const vf16 divisors = splat(divisor), shifts = splat(shift), scales = splat(scale);
  size_t full = n - n % kLanes;
  double total = 0;
  vf16 least = splat(__builtin_inff());
  for (size_t block = 0; block < full; block += kBlock) {
    size_t end = block + kBlock < full ? block + kBlock : full;
    vf16 lanes = splat(0.0f);
    for (size_t i = block; i < end; i += kLanes) {
      vf16 q = load16(x + i);
      if (divide) q = q / divisors;
      least = lane_select(q < least, q, least);
      vf16 a = q - shifts;
      if (multiply) a = a * scales;
      vf16 t = exp_canonical(a);
      if (y) memcpy(y + i, &t, sizeof t);
      lanes = lanes + t;
    }
    total += reduce16(lanes);
  }
  float smallest = __builtin_inff();
  for (int j = 0; j < kLanes; j++) smallest = least[j] < smallest ? least[j] : smallest;
  if (full < n) {
    vf16 padded = splat(-__builtin_inff());
    for (size_t i = full; i < n; i++) {
      padded[i - full] = x[i];
      float q = divide ? x[i] / divisor : x[i];
      smallest = q < smallest ? q : smallest;
    }
    vf16 q = divide ? padded / divisors : padded;
    vf16 a = q - shifts;
    if (multiply) a = a * scales;
    vf16 t = exp_canonical(a);
    if (y) {
      for (size_t i = full; i < n; i++) y[i] = t[i - full];
    }
    total += reduce16(t);
  }
  *minimum = smallest;
  return total;
}

static double exp_sum_portable(const float *x, float *y, size_t n, float divisor, float shift,
                               float scale, float *minimum) {
  return exp_sum_body(x, y, n, divisor, shift, scale, minimum);
}

#if KELVIN_X86
__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,fma"))) static double exp_sum_avx512(
    const float *x, float *y, size_t n, float divisor, float shift, float scale, float *minimum) {
  return exp_sum_body(x, y, n, divisor, shift, scale, minimum);
}

__attribute__((target("avx2,fma"))) static double exp_sum_avx2(const float *x, float *y, size_t n,
                                                          float divisor, float shift, float scale,
                                                          float *minimum) {
  return exp_sum_body(x, y, n, divisor, shift, scale, minimum);
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
