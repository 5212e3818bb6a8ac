// The entry points of each instruction-set level (defined by kernel_body.h in level_*.c),
// for the dispatch in kernels.c.
#ifndef KELVIN_KERNEL_LEVELS_H
#define KELVIN_KERNEL_LEVELS_H

#include <stddef.h>
#include <stdint.h>

#define KELVIN_ENTRY __attribute__((visibility("hidden")))

#define KELVIN_DECLARE_LEVEL(suffix)                                                         \
  KELVIN_ENTRY int scan_##suffix(const float *x, size_t n, float *maximum, int *has_masked); \
  KELVIN_ENTRY int scan_range_##suffix(const float *x, size_t n, float *maximum,             \
                                       float *minimum, int *has_masked);                     \
  KELVIN_ENTRY double exp_sum_##suffix(const float *x, float *y, size_t n, float divisor,    \
                                       float shift, float scale, float *minimum);            \
  KELVIN_ENTRY int softmax_##suffix(const float *x, float *y, size_t n, float scale,         \
                                    int logarithm);                                          \
  KELVIN_ENTRY size_t select_at_least_##suffix(const float *x, size_t n, float threshold,    \
                                               int32_t *indices, float *values, double *rest); \
  KELVIN_ENTRY int largest_##suffix(const float *x, size_t n, size_t k, int32_t *indices,    \
                                    float *values, size_t *count);                           \
  KELVIN_ENTRY void divide_##suffix(float *x, size_t n, float divisor);                      \
  KELVIN_ENTRY size_t first_index_##suffix(const float *x, size_t n, float target);          \
  KELVIN_ENTRY size_t count_at_least_##suffix(const float *x, size_t n, float threshold);   \
  KELVIN_ENTRY int select_near_maximum_##suffix(const float *x, size_t n, double offset,     \
                                               int32_t *indices, float *values, size_t *count, \
                                               float *maximum);                              \
  KELVIN_ENTRY void matvec_##suffix(const float *w, const float *x, float *y, size_t rows,    \
                                    size_t cols);

KELVIN_DECLARE_LEVEL(portable)
#if defined(__x86_64__) || defined(_M_X64)
KELVIN_DECLARE_LEVEL(avx2)
KELVIN_DECLARE_LEVEL(avx512)
#endif

#endif
