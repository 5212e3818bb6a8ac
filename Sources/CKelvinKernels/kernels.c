// Kelvin's C kernels: the helpers, one body compiled per instruction-set level, and the
// dispatch.
//
// Every kernel is written once, in kernel_body.h, on 16-lane vectors (the GCC/Clang vector
// extension), and compiled three times: for the baseline (SSE2 on x86-64, NEON on arm64), for
// AVX2 + FMA and for AVX-512, by `#pragma clang attribute` target regions. So the levels cannot
// drift apart, and they give the same bits:
// - Every operation is one correctly rounded IEEE operation: multiply, add, subtract, divide,
//   compare, or a fused multiply-add exactly where the definition has one (contraction of
//   anything else is switched off in every level's file). Rounding to an integer uses the 1.5 · 2²³
//   trick and 2ⁿ is built from exponent bits, so each lane computes exactly what a scalar
//   would. Fused multiply-adds are instructions on AVX2 + FMA, AVX-512 and arm64; the x86
//   baseline (a CPU without FMA) gets them from the C library's fmaf, correct but slow.
// - Sums have a fixed order: 16 float lanes (lane j takes elements j, j + 16, …) over blocks
//   of 256 elements; each block's lanes are widened to double and reduced by one fixed tree;
//   the block sums are added in order.
// - A row's tail is padded to a full vector and computed as the body is.
// The one level-specific piece is the AVX-512 compressing store of the selection, which
// writes the same indices and values as the portable lane loop.
#include "CKelvinKernels.h"

#include <math.h>
#include <stdatomic.h>

#include "kernel_levels.h"

#if defined(__x86_64__) || defined(_M_X64)
#define KELVIN_X86 1
#endif

// ---------------------------------------------------------------------------------------------
// Dispatch: the level is detected once; concurrent first calls detect the same level and
// store it atomically.

static _Atomic int detected_level = -1;

static int detect_level(void) {
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
  return level;
}

// The level a caller chose with kelvin_use_kernel_level, or -1 for the detected one.
static _Atomic int chosen_level = -1;

int kelvin_detected_kernel_level(void) {
  int level = atomic_load_explicit(&detected_level, memory_order_relaxed);
  if (level >= 0) return level;
  level = detect_level();
  atomic_store_explicit(&detected_level, level, memory_order_relaxed);
  return level;
}

int kelvin_kernel_level(void) {
  int chosen = atomic_load_explicit(&chosen_level, memory_order_relaxed);
  return chosen >= 0 ? chosen : kelvin_detected_kernel_level();
}

int kelvin_use_kernel_level(int level) {
  if (level == -1) {
    atomic_store_explicit(&chosen_level, -1, memory_order_relaxed);
    return KELVIN_OK;
  }
  if ((level != 0 && level != 2 && level != 3) || level > kelvin_detected_kernel_level()) {
    return KELVIN_INVALID;
  }
  atomic_store_explicit(&chosen_level, level, memory_order_relaxed);
  return KELVIN_OK;
}

#if KELVIN_X86
#define KELVIN_DISPATCH(level, name, ...)              \
  switch (level) {                                     \
    case 3: return name##_avx512(__VA_ARGS__);         \
    case 2: return name##_avx2(__VA_ARGS__);           \
    default: return name##_portable(__VA_ARGS__);      \
  }
#else
#define KELVIN_DISPATCH(level, name, ...) \
  (void)(level);                          \
  return name##_portable(__VA_ARGS__);
#endif

int kelvin_softmax_f32_at_level(int level, const float *x, float *y, size_t n,
                                float inverse_temperature, int logarithm) {
  KELVIN_DISPATCH(level, softmax, x, y, n, inverse_temperature, logarithm)
}

int kelvin_scan_f32_at_level(int level, const float *x, size_t n, float *maximum,
                             int *has_masked) {
  KELVIN_DISPATCH(level, scan, x, n, maximum, has_masked)
}

int kelvin_scan_range_f32_at_level(int level, const float *x, size_t n, float *maximum,
                                   float *minimum, int *has_masked) {
  KELVIN_DISPATCH(level, scan_range, x, n, maximum, minimum, has_masked)
}

size_t kelvin_select_at_least_f32_at_level(int level, const float *x, size_t n, float threshold,
                                           int32_t *indices, float *values, double *rest) {
  KELVIN_DISPATCH(level, select_at_least, x, n, threshold, indices, values, rest)
}

double kelvin_exp_sum_f32_at_level(int level, const float *x, float *y, size_t n,
                                   float divisor, float shift, float scale, float *minimum) {
  KELVIN_DISPATCH(level, exp_sum, x, y, n, divisor, shift, scale, minimum)
}

int kelvin_largest_f32_at_level(int level, const float *x, size_t n, size_t k, int32_t *indices,
                                float *values, size_t *count) {
  *count = 0;
  if (k == 0) return KELVIN_OK;
  KELVIN_DISPATCH(level, largest, x, n, k, indices, values, count)
}

void kelvin_divide_f32_at_level(int level, float *x, size_t n, float divisor) {
  KELVIN_DISPATCH(level, divide, x, n, divisor)
}

size_t kelvin_first_index_f32_at_level(int level, const float *x, size_t n, float target) {
  KELVIN_DISPATCH(level, first_index, x, n, target)
}

size_t kelvin_count_at_least_f32_at_level(int level, const float *x, size_t n,
                                          float threshold) {
  KELVIN_DISPATCH(level, count_at_least, x, n, threshold)
}

int kelvin_select_near_maximum_f32_at_level(int level, const float *x, size_t n, double offset,
                                            int32_t *indices, float *values, size_t *count,
                                            float *maximum) {
  *count = 0;
  *maximum = -INFINITY;
  KELVIN_DISPATCH(level, select_near_maximum, x, n, offset, indices, values, count, maximum)
}

int kelvin_select_near_maximum_f32(const float *x, size_t n, double offset, int32_t *indices,
                                   float *values, size_t *count, float *maximum) {
  return kelvin_select_near_maximum_f32_at_level(kelvin_kernel_level(), x, n, offset, indices,
                                                 values, count, maximum);
}

void kelvin_matvec_f32_at_level(int level, const float *w, const float *x, float *y,
                                size_t rows, size_t cols) {
  KELVIN_DISPATCH(level, matvec, w, x, y, rows, cols)
}

void kelvin_matvec_f32(const float *w, const float *x, float *y, size_t rows, size_t cols) {
  kelvin_matvec_f32_at_level(kelvin_kernel_level(), w, x, y, rows, cols);
}

void kelvin_divide_f32(float *x, size_t n, float divisor) {
  kelvin_divide_f32_at_level(kelvin_kernel_level(), x, n, divisor);
}

size_t kelvin_first_index_f32(const float *x, size_t n, float target) {
  return kelvin_first_index_f32_at_level(kelvin_kernel_level(), x, n, target);
}

size_t kelvin_count_at_least_f32(const float *x, size_t n, float threshold) {
  return kelvin_count_at_least_f32_at_level(kelvin_kernel_level(), x, n, threshold);
}

int kelvin_softmax_f32(const float *x, float *y, size_t n, float inverse_temperature,
                       int logarithm) {
  return kelvin_softmax_f32_at_level(kelvin_kernel_level(), x, y, n, inverse_temperature,
                                     logarithm);
}

int kelvin_scan_f32(const float *x, size_t n, float *maximum, int *has_masked) {
  return kelvin_scan_f32_at_level(kelvin_kernel_level(), x, n, maximum, has_masked);
}

int kelvin_scan_range_f32(const float *x, size_t n, float *maximum, float *minimum,
                          int *has_masked) {
  return kelvin_scan_range_f32_at_level(kelvin_kernel_level(), x, n, maximum, minimum,
                                        has_masked);
}

size_t kelvin_select_at_least_f32(const float *x, size_t n, float threshold, int32_t *indices,
                                  float *values, double *rest) {
  return kelvin_select_at_least_f32_at_level(kelvin_kernel_level(), x, n, threshold, indices,
                                             values, rest);
}

double kelvin_exp_sum_f32(const float *x, float *y, size_t n, float divisor, float shift,
                          float scale, float *minimum) {
  return kelvin_exp_sum_f32_at_level(kelvin_kernel_level(), x, y, n, divisor, shift, scale,
                                     minimum);
}

int kelvin_largest_f32(const float *x, size_t n, size_t k, int32_t *indices, float *values,
                       size_t *count) {
  return kelvin_largest_f32_at_level(kelvin_kernel_level(), x, n, k, indices, values, count);
}
