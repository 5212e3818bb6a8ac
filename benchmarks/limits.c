// The yardstick of benchmarks/compare.py: what straightforward hand-written C reaches on this
// machine for the three things Kelvin's figures are compared with, on one core, on the same
// logits (the .npy file compare.py writes):
//   read     one pass summing the row (the row is resident in L2: the least any pass costs),
//   argmax   the largest value and its first index (what greedy must do),
//   softmax  softmax(z / T) in three passes: max; exp (Cody–Waite + degree-6 polynomial, not
//            reproducible across CPUs, no checks) with the sum; scaling.
// Vector code through the GCC/Clang vector extension, with AVX-512 intrinsics for the exp pass
// where the CPU has them (rounding and scaling by 2^n in one instruction each), built by
// compare.py with
//   clang -O3 -march=native -o limits limits.c -lm
// so it uses the widest vectors this CPU has. Prints one JSON object: medians and minima in µs.
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

typedef float vf __attribute__((vector_size(64), aligned(4)));
typedef int32_t vi __attribute__((vector_size(64), aligned(4)));
enum { W = 16 };

static inline vf load(const float *p) {
  vf v;
  memcpy(&v, p, sizeof v);
  return v;
}
static inline void store(float *p, vf v) { memcpy(p, &v, sizeof v); }
static inline vf splat(float x) {
  vf v;
  for (int j = 0; j < W; j++) v[j] = x;
  return v;
}
static inline vf vmax(vf a, vf b) {
  vi more = a > b;
  return (vf)((more & (vi)a) | (~more & (vi)b));
}

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

static int compare(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

static volatile float sink;

__attribute__((noinline)) static float read_row(const float *x, size_t n) {
  vf a = splat(0), b = a, c = a, d = a;
  size_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    a += load(x + i);
    b += load(x + i + W);
    c += load(x + i + 2 * W);
    d += load(x + i + 3 * W);
  }
  vf s = (a + b) + (c + d);
  float total = 0;
  for (int j = 0; j < W; j++) total += s[j];
  for (; i < n; i++) total += x[i];
  return total;
}

static inline int any_lane(vi mask) {
  int32_t bits = 0;
  for (int j = 0; j < W; j++) bits |= mask[j];
  return bits != 0;
}

__attribute__((noinline)) static float maximum(const float *x, size_t n) {
  vf a = splat(-INFINITY), b = a, c = a, d = a;
  size_t i = 0;
  for (; i + 4 * W <= n; i += 4 * W) {
    a = vmax(a, load(x + i));
    b = vmax(b, load(x + i + W));
    c = vmax(c, load(x + i + 2 * W));
    d = vmax(d, load(x + i + 3 * W));
  }
  vf m = vmax(vmax(a, b), vmax(c, d));
  float best = -INFINITY;
  for (int j = 0; j < W; j++) best = m[j] > best ? m[j] : best;
  for (; i < n; i++) best = x[i] > best ? x[i] : best;
  return best;
}

/// The maximum, then the first index holding it, 16 comparisons at a time.
__attribute__((noinline)) static size_t argmax(const float *x, size_t n) {
  float best = maximum(x, n);
  vf target = splat(best);
  size_t i = 0;
  for (; i + W <= n; i += W) {
    if (any_lane(load(x + i) == target)) break;
  }
  for (; i < n; i++)
    if (x[i] == best) return i;
  return 0;
}

#if !defined(__AVX512F__)
static inline vf fast_exp(vf x) {
  x = vmax(x, splat(-87.0f));
  // Arguments are <= 0: rounding to nearest is truncation of v - 0.5 toward zero.
  vi k = __builtin_convertvector(x * splat(1.44269504f) - splat(0.5f), vi);
  vf n = __builtin_convertvector(k, vf);
  vf r = x - n * splat(0.693359375f) - n * splat(-2.12194440e-4f);
  vf p = splat(1.9875691500e-4f);
  p = p * r + splat(1.3981999507e-3f);
  p = p * r + splat(8.3334519073e-3f);
  p = p * r + splat(4.1665795894e-2f);
  p = p * r + splat(1.6666665459e-1f);
  p = p * r + splat(5.0000001201e-1f);
  vf e = p * r * r + r + splat(1.0f);
  vi bits = (k + 127) << 23;
  return e * (vf)bits;
}
#endif

#if defined(__AVX512F__)
static inline __m512 exp512(__m512 x) {
  x = _mm512_max_ps(x, _mm512_set1_ps(-87.0f));
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
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(p, n);
}
#endif

__attribute__((noinline)) static void softmax(const float *z, float *y, size_t n, float t) {
  float m = maximum(z, n);
  float total = 0;
  size_t i = 0;
#if defined(__AVX512F__)
  // Two independent sums; the exponent z / t - m / t as one fused multiply-add.
  const __m512 inverse = _mm512_set1_ps(1.0f / t), offset = _mm512_set1_ps(-m / t);
  __m512 s0 = _mm512_setzero_ps(), s1 = s0;
  for (; i + 32 <= n; i += 32) {
    __m512 e0 = exp512(_mm512_fmadd_ps(_mm512_loadu_ps(z + i), inverse, offset));
    __m512 e1 = exp512(_mm512_fmadd_ps(_mm512_loadu_ps(z + i + 16), inverse, offset));
    _mm512_storeu_ps(y + i, e0);
    _mm512_storeu_ps(y + i + 16, e1);
    s0 = _mm512_add_ps(s0, e0);
    s1 = _mm512_add_ps(s1, e1);
  }
  total = _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
#else
  vf inverse = splat(1.0f / t), shift = splat(m / t), sum = splat(0);
  for (; i + W <= n; i += W) {
    vf e = fast_exp(load(z + i) * inverse - shift);
    store(y + i, e);
    sum += e;
  }
  for (int j = 0; j < W; j++) total += sum[j];
#endif
  for (; i < n; i++) total += y[i] = expf(z[i] / t - m / t);
  vf scale = splat(1.0f / total);
  for (i = 0; i + W <= n; i += W) store(y + i, load(y + i) * scale);
  for (; i < n; i++) y[i] /= total;
}

#define MEASURE(result, reps, body)                  \
  do {                                               \
    double *times = malloc(sizeof(double) * (reps)); \
    for (int w = 0; w < 20; w++) { body; }           \
    for (int r = 0; r < (reps); r++) {               \
      double start = now_ns();                       \
      body;                                          \
      times[r] = now_ns() - start;                   \
    }                                                \
    qsort(times, (reps), sizeof(double), compare);   \
    result[0] = times[(reps) / 2] / 1e3;             \
    result[1] = times[0] / 1e3;                      \
    free(times);                                     \
  } while (0)

/// Reads a little-endian float32 .npy vector (as numpy.save writes it).
static float *read_npy(const char *path, size_t *count) {
  FILE *file = fopen(path, "rb");
  if (!file) return NULL;
  unsigned char prefix[10];
  if (fread(prefix, 1, 10, file) != 10) return NULL;
  size_t header = prefix[8] | (size_t)prefix[9] << 8;
  fseek(file, 0, SEEK_END);
  long size = ftell(file);
  size_t offset = 10 + header;
  *count = ((size_t)size - offset) / 4;
  float *data = aligned_alloc(64, (*count * 4 + 63) / 64 * 64);
  fseek(file, (long)offset, SEEK_SET);
  if (fread(data, 4, *count, file) != *count) return NULL;
  fclose(file);
  return data;
}

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: limits LOGITS.npy [REPETITIONS]\n");
    return 64;
  }
  size_t n = 0;
  float *z = read_npy(argv[1], &n);
  if (!z || n == 0) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 66;
  }
  int reps = argc > 2 ? atoi(argv[2]) : 2000;
  float *y = aligned_alloc(64, (n * 4 + 63) / 64 * 64);
  double read[2], arg[2], soft[2];
  MEASURE(read, reps, sink = read_row(z, n));
  MEASURE(arg, reps, sink = (float)argmax(z, n));
  MEASURE(soft, reps, softmax(z, y, n, 0.7f));
  printf("{\"vocab\":%zu,\"read_us\":%.3f,\"read_min_us\":%.3f,\"argmax_us\":%.3f,"
         "\"argmax_min_us\":%.3f,\"softmax_us\":%.3f,\"softmax_min_us\":%.3f}\n",
         n, read[0], read[1], arg[0], arg[1], soft[0], soft[1]);
  return 0;
}
