// The innermost kernels of Kelvin, in C so that they can be compiled for AVX2 and AVX-512 with
// function target attributes and chosen at run time by CPU detection (no compiler flags, so
// the package stays usable as a dependency). Each kernel is one vector body (kernel_body.h)
// compiled per instruction-set level; every level gives the same bits, and the tests hold
// every level to the Swift reference definitions in KelvinCoreTests bit for bit.
#ifndef CKELVINKERNELS_H
#define CKELVINKERNELS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Results of the kernels.
enum {
  KELVIN_OK = 0,
  /// A value is NaN or +inf (the caller reports which, from its own scan).
  KELVIN_INVALID = 1,
  /// Every value is -inf, or the input is empty.
  KELVIN_ALL_MASKED = 2,
};

/// Writes softmax(x * inverse_temperature) (or its logarithm when `logarithm` is non-zero) to
/// `y`, which may alias `x`: the terms exp((x - max) * inverse_temperature) and their sum are
/// those of kelvin_exp_sum_f32, each term is then multiplied by (float)(1 / sum) (or the
/// exponent less (float)log(sum) is written). Nothing is written unless the result is
/// KELVIN_OK.
int kelvin_softmax_f32(const float *x, float *y, size_t n, float inverse_temperature,
                       int logarithm);

/// Selects the `k` largest values of `x` by (value descending, index ascending), never a
/// -inf; writes up to `k` indices and values in no particular order and their number to
/// `count`. Returns KELVIN_INVALID when any value is NaN or +inf.
int kelvin_largest_f32(const float *x, size_t n, size_t k, int32_t *indices, float *values,
                       size_t *count);

/// Scans `x` once: writes the largest value (-inf when all are masked) to `maximum` and
/// whether any value is -inf to `has_masked`. Returns KELVIN_INVALID for NaN or +inf.
int kelvin_scan_f32(const float *x, size_t n, float *maximum, int *has_masked);

/// kelvin_scan_f32 that also writes the smallest value (+inf when n is 0) to `minimum`.
int kelvin_scan_range_f32(const float *x, size_t n, float *maximum, float *minimum,
                          int *has_masked);

/// Writes the indices and values of every element `>= threshold`, in index order, and
/// returns how many there are. `indices` and `values` must hold `n` elements; entries past the
/// returned count may be overwritten with unspecified values. When `rest` is not NULL, writes
/// the sum of the other elements to it (meant for non-negative values), summed as
/// kelvin_exp_sum_f32 sums its terms: 16 float lanes over blocks of 256 elements, each block's
/// lanes widened to double and reduced by the fixed tree, the blocks added in order.
size_t kelvin_select_at_least_f32(const float *x, size_t n, float threshold, int32_t *indices,
                                  float *values, double *rest);

/// Writes t_i = exp((x_i / divisor - shift) * scale) to `y` (when it is not NULL) and returns
/// the sum of the t_i, with the same bits at every instruction-set level and on every CPU:
/// the quotient, difference and product are each one IEEE operation (no division when
/// `divisor` is 1, which is exact); the exp is the canonical one of kernels.c; the sum runs
/// over 16 float lanes (lane j takes elements j, j + 16, ...) in blocks of 256 elements, each
/// block's lanes widened to double and reduced by the tree d_j = l_j + l_{j+8},
/// e_j = d_j + d_{j+4}, f_j = e_j + e_{j+2}, f_0 + f_1, the blocks added in order and the last
/// n mod 16 elements (padded with -inf) as one more block. When `minimum` is not NULL, writes
/// the smallest quotient x_i / divisor to it (+inf when n is 0). The arguments must be <= 0
/// or -inf (the caller shifts by the largest quotient); arguments below -87.3 give exactly 0.
double kelvin_exp_sum_f32(const float *x, float *y, size_t n, float divisor, float shift,
                          float scale, float *minimum);

/// The histogram of top_p's nucleus search: for each bucket b of 2048 (a weight's float bits
/// >> 20, masked to 11 bits: its exponent and top three mantissa bits), writes the sum of the
/// weights in it (in double, in index order for even and for odd positions, those two sums
/// added) to masses[b] and their number to counts[b]. `masses` and `counts` must hold 4096
/// elements (the second half is working storage).
void kelvin_weight_histogram_f32(const float *weights, size_t n, double *masses,
                                 int32_t *counts);

/// Divides every element of `x` by `divisor` in place, each quotient one IEEE division (the
/// same bits as the scalar `x[i] / divisor` at every level).
void kelvin_divide_f32(float *x, size_t n, float divisor);

/// The first index i with x[i] == target, or n when there is none (never for a NaN target).
size_t kelvin_first_index_f32(const float *x, size_t n, float target);

/// The number of elements >= threshold (NaN never is).
size_t kelvin_count_at_least_f32(const float *x, size_t n, float threshold);

/// y = W x for a row-major `rows` x `cols` matrix W: y_r = sum_c W[r][c] x[c], with the same
/// bits at every level (the order of the products and sums is fixed: see kernel_body.h).
/// `y` must not alias `w` or `x`.
void kelvin_matvec_f32(const float *w, const float *x, float *y, size_t rows, size_t cols);

/// Selects, in index order, every element >= B(m), where m is the largest element and B(m)
/// the smallest float not below (double)m + offset (offset <= 0: a leading min-p's log p), in
/// one pass: what kelvin_scan_f32 followed by kelvin_select_at_least_f32 against B(m) keeps.
/// `indices` and `values` must hold `n` elements (entries past the count may be overwritten).
/// Writes the count and m; returns KELVIN_INVALID for NaN or +inf and KELVIN_ALL_MASKED when
/// every element is -inf or n is 0 (the count is then 0).
int kelvin_select_near_maximum_f32(const float *x, size_t n, double offset, int32_t *indices,
                                   float *values, size_t *count, float *maximum);

/// The instruction set the kernels use: 0 portable C, 2 AVX2 + FMA, 3 AVX-512; the one the
/// CPU has (detected on the first call) unless kelvin_use_kernel_level chose a lower one. Safe
/// to call from any thread.
int kelvin_kernel_level(void);

/// The best instruction set this CPU has (0, 2 or 3), whatever level was chosen.
int kelvin_detected_kernel_level(void);

/// Makes every kernel without `_at_level` use `level` (0, 2 or 3, at most the detected one),
/// or the detected level again for -1, so that one machine can measure each level it has.
/// Returns KELVIN_INVALID, changing nothing, for any other level. The same bits either way.
int kelvin_use_kernel_level(int level);

/// The kernels above with the instruction set chosen by the caller (0, 2 or 3; a level above
/// `kelvin_kernel_level()` must not be asked for). For tests, which check every level the CPU
/// has against the Swift reference.
int kelvin_softmax_f32_at_level(int level, const float *x, float *y, size_t n,
                                float inverse_temperature, int logarithm);
int kelvin_scan_f32_at_level(int level, const float *x, size_t n, float *maximum,
                             int *has_masked);
int kelvin_scan_range_f32_at_level(int level, const float *x, size_t n, float *maximum,
                                   float *minimum, int *has_masked);
size_t kelvin_select_at_least_f32_at_level(int level, const float *x, size_t n, float threshold,
                                           int32_t *indices, float *values, double *rest);
double kelvin_exp_sum_f32_at_level(int level, const float *x, float *y, size_t n,
                                   float divisor, float shift, float scale, float *minimum);
int kelvin_largest_f32_at_level(int level, const float *x, size_t n, size_t k, int32_t *indices,
                                float *values, size_t *count);
void kelvin_divide_f32_at_level(int level, float *x, size_t n, float divisor);
void kelvin_matvec_f32_at_level(int level, const float *w, const float *x, float *y,
                                size_t rows, size_t cols);
size_t kelvin_first_index_f32_at_level(int level, const float *x, size_t n, float target);
size_t kelvin_count_at_least_f32_at_level(int level, const float *x, size_t n,
                                          float threshold);
int kelvin_select_near_maximum_f32_at_level(int level, const float *x, size_t n, double offset,
                                            int32_t *indices, float *values, size_t *count,
                                            float *maximum);

#ifdef __cplusplus
}
#endif

#endif
