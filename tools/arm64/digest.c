// Digests of every C kernel's outputs on fixed inputs, one line per kernel and level, so that
// the bits can be compared across instruction-set levels and across CPUs: tools/arm64/run.sh
// builds this for x86-64 and for arm64 (NEON, run under qemu-user) and requires every line to
// be the same. Inputs come from a fixed xorshift stream: quantised logits with ties, masks
// (-inf) and both signs, at lengths that cover the vector bodies and every tail.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "CKelvinKernels.h"

static uint64_t state = 0x9E3779B97F4A7C15ull;
static uint64_t next(void) {
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

static uint64_t hash = 1469598103934665603ull;
static void mix(const void *bytes, size_t count) {
  const unsigned char *p = bytes;
  for (size_t i = 0; i < count; i++) hash = (hash ^ p[i]) * 1099511628211ull;
}

/// A selection: its count, then its indices and values.
static void mix_selection(size_t count, const int32_t *indices, const float *values) {
  mix(&count, sizeof count);
  mix(indices, count * sizeof *indices);
  mix(values, count * sizeof *values);
}

static const size_t lengths[] = {1, 15, 16, 17, 63, 64, 65, 255, 256, 257, 1000, 4099, 40001};
enum { kLengths = sizeof lengths / sizeof lengths[0], kLongest = 40001 };

static float *row(size_t n, int masks) {
  float *x = malloc(n * sizeof *x + 64);
  for (size_t i = 0; i < n; i++) {
    x[i] = (float)((int)(next() % 4096) - 2048) / 64.0f;
    if (masks && next() % 53 == 0) x[i] = -INFINITY;
  }
  x[next() % n] = 40.0f;  // one unmasked maximum at least
  return x;
}

static void report(const char *kernel, int level) {
  printf("%-20s %d %016llx\n", kernel, level, (unsigned long long)hash);
  hash = 1469598103934665603ull;
}

int main(void) {
  float *y = malloc(kLongest * sizeof *y + 64), *v = malloc(kLongest * sizeof *v + 64);
  int32_t *ix = malloc(kLongest * sizeof *ix + 64);
  const int top = kelvin_detected_kernel_level();
  for (int level = 0; level <= top; level++) {
    if (level == 1) continue;
    const char *names[] = {"softmax", "log_softmax", "exp_sum", "scan", "select_at_least",
                           "largest", "near_maximum", "divide", "count_first", "matvec"};
    for (int kernel = 0; kernel < 10; kernel++) {
      state = 0x9E3779B97F4A7C15ull + (uint64_t)kernel;
      for (int l = 0; l < kLengths; l++) {
        size_t n = lengths[l];
        float *x = row(n, kernel != 2 && kernel != 9);
        float maximum = 0, minimum = 0;
        int masked = 0, status = 0;
        size_t count = 0;
        double sum = 0, rest = 0;
        switch (kernel) {
          case 0:
          case 1:
            status = kelvin_softmax_f32_at_level(level, x, y, n, 1 / 0.7f, kernel == 1);
            mix(&status, sizeof status);
            mix(y, n * sizeof *y);
            break;
          case 2:
            kelvin_scan_f32_at_level(level, x, n, &maximum, &masked);
            sum = kelvin_exp_sum_f32_at_level(level, x, y, n, 0.7f, maximum / 0.7f, 1, &minimum);
            mix(&sum, sizeof sum);
            mix(&minimum, sizeof minimum);
            mix(y, n * sizeof *y);
            break;
          case 3:
            status = kelvin_scan_range_f32_at_level(level, x, n, &maximum, &minimum, &masked);
            mix(&status, sizeof status);
            mix(&maximum, sizeof maximum);
            mix(&minimum, sizeof minimum);
            mix(&masked, sizeof masked);
            break;
          case 4:
            for (size_t i = 0; i < n; i++) y[i] = x[i] > -INFINITY ? fabsf(x[i]) : 0;
            count = kelvin_select_at_least_f32_at_level(level, y, n, 20, ix, v, &rest);
            mix(&rest, sizeof rest);
            mix_selection(count, ix, v);
            break;
          case 5:
            status = kelvin_largest_f32_at_level(level, x, n, 40, ix, v, &count);
            mix(&status, sizeof status);
            mix_selection(count, ix, v);
            break;
          case 6:
            status = kelvin_select_near_maximum_f32_at_level(level, x, n, log(0.05), ix, v,
                                                             &count, &maximum);
            mix(&status, sizeof status);
            mix_selection(count, ix, v);
            break;
          case 7:
            memcpy(y, x, n * sizeof *y);
            kelvin_divide_f32_at_level(level, y, n, 0.7f);
            mix(y, n * sizeof *y);
            break;
          case 8:
            count = kelvin_first_index_f32_at_level(level, x, n, 40.0f);
            mix(&count, sizeof count);
            count = kelvin_count_at_least_f32_at_level(level, x, n, 5.0f);
            mix(&count, sizeof count);
            break;
          case 9: {
            size_t rows = n < 300 ? n : 300 - n % 7, cols = n < 300 ? 33 : n / 300;
            float *w = row(rows * cols, 0), *in = row(cols, 0);
            kelvin_matvec_f32_at_level(level, w, in, y, rows, cols);
            mix(y, rows * sizeof *y);
            free(w);
            free(in);
            break;
          }
        }
        free(x);
      }
      report(names[kernel], level);
    }
  }
  return 0;
}
