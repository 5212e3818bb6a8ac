// Checks Kelvin's canonical exp (the terms of kelvin_exp_sum_f32) over every float argument in
// [-87.3, 0], at every instruction-set level this CPU has: the largest error in ulps against
// the C library's double exp (for results that are normal floats), and whether the terms are
// monotone in the argument. Run by tools/expcheck/run.sh; takes about a minute.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "CKelvinKernels.h"

enum { kChunk = 1 << 20 };

int main(void) {
  float *x = malloc(kChunk * sizeof *x), *y = malloc(kChunk * sizeof *y);
  if (!x || !y) return 2;
  int failed = 0;
  for (int level = 0; level <= kelvin_kernel_level(); level++) {
    if (level == 1) continue;
    double worst = 0;
    float worst_at = 0, previous = 0;
    unsigned long long decreases = 0, checked = 0;
    float next = -87.3f;
    while (next <= 0.0f) {
      size_t n = 0;
      while (n < kChunk && next <= 0.0f) {
        x[n++] = next;
        next = nextafterf(next, 1.0f);
      }
      float minimum;
      kelvin_exp_sum_f32_at_level(level, x, y, n, 1.0f, 0.0f, 1.0f, &minimum);
      for (size_t i = 0; i < n; i++) {
        if (y[i] < previous) decreases++;
        previous = y[i];
        double exact = exp((double)x[i]);
        float rounded = (float)exact;
        if (rounded < 1.17549435e-38f) continue;  // subnormal results: not counted in ulps
        double ulp = (double)nextafterf(rounded, INFINITY) - (double)rounded;
        double error = fabs((double)y[i] - exact) / ulp;
        checked++;
        if (error > worst) {
          worst = error;
          worst_at = x[i];
        }
      }
    }
    printf("level %d: %llu arguments, largest error %.3f ulp (at %.9g), %llu decreases\n", level,
           checked, worst, worst_at, decreases);
    if (worst > 1.5 || decreases > 0) failed = 1;
  }
  free(x);
  free(y);
  return failed;
}
