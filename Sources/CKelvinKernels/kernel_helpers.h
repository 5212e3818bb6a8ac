// The pieces every kernel body is built from: 16-lane vectors, the canonical exp, the fixed
// reduction and the heap of the top-k selection. Included by each level's translation unit
// (level_*.c, which defines KELVIN_LEVEL first) inside its target region, so that each level compiles them for its own
// instruction set (a 64-byte vector may only cross a call between functions of one target).
#ifndef KELVIN_KERNEL_HELPERS_H
#define KELVIN_KERNEL_HELPERS_H

#include "CKelvinKernels.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#endif

#pragma STDC FP_CONTRACT OFF
#if defined(__clang__)
#pragma clang fp contract(off)
#endif

// The helpers pass 64-byte vectors by value; they are always inlined, so the ABI note that
// Clang gives for them outside the AVX-512 functions does not apply.
#if defined(__has_warning)
#if __has_warning("-Wpsabi")
#pragma clang diagnostic ignored "-Wpsabi"
#endif
#endif

enum { kLanes = 16, kBlock = 256 };

typedef float vf16 __attribute__((vector_size(64), aligned(4)));
typedef int32_t vi16 __attribute__((vector_size(64), aligned(4)));
typedef _Bool vb16 __attribute__((ext_vector_type(16)));

#define KELVIN_INLINE static inline __attribute__((always_inline))

// ---------------------------------------------------------------------------------------------
// Vectors.

KELVIN_INLINE vf16 splat(float x) {
  return (vf16){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x};
}

KELVIN_INLINE vi16 splat_int(int32_t x) {
  return (vi16){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x};
}

KELVIN_INLINE vf16 lane_select(vi16 mask, vf16 yes, vf16 no) {
  return (vf16)((mask & (vi16)yes) | (~mask & (vi16)no));
}

/// The larger lane (the first on ties): one max instruction.
KELVIN_INLINE vf16 lane_max(vf16 a, vf16 b) { return lane_select(b > a, b, a); }

/// The smaller lane (the first on ties): one min instruction.
KELVIN_INLINE vf16 lane_min(vf16 a, vf16 b) { return lane_select(b < a, b, a); }

/// One bit per lane, lane j in bit j, from a comparison's result.
KELVIN_INLINE unsigned lane_bits(vi16 mask) {
  vb16 bits = __builtin_convertvector(mask, vb16);
  uint16_t result;
  memcpy(&result, &bits, sizeof result);
  return result;
}

typedef float vf4 __attribute__((vector_size(16), aligned(4)));
typedef int32_t vi4 __attribute__((vector_size(16), aligned(4)));

KELVIN_INLINE vi4 splat_int4(int32_t x) { return (vi4){x, x, x, x}; }

/// Lane j: whether lanes j, j + 4, j + 8 and j + 12 of `v` are all ordered (none is NaN).
KELVIN_INLINE vi4 quarters_ordered(vf16 v) {
  vf4 q0 = __builtin_shufflevector(v, v, 0, 1, 2, 3);
  vf4 q1 = __builtin_shufflevector(v, v, 4, 5, 6, 7);
  vf4 q2 = __builtin_shufflevector(v, v, 8, 9, 10, 11);
  vf4 q3 = __builtin_shufflevector(v, v, 12, 13, 14, 15);
  return ((q0 == q0) & (q1 == q1)) & ((q2 == q2) & (q3 == q3));
}

KELVIN_INLINE int all_lanes4(vi4 mask) { return (mask[0] & mask[1] & mask[2] & mask[3]) == -1; }

KELVIN_INLINE float horizontal_max(vf16 v) {
  float best = v[0];
  for (int j = 1; j < kLanes; j++) best = v[j] > best ? v[j] : best;
  return best;
}

KELVIN_INLINE float horizontal_min(vf16 v) {
  float least = v[0];
  for (int j = 1; j < kLanes; j++) least = v[j] < least ? v[j] : least;
  return least;
}

KELVIN_INLINE vf16 load16(const float *x) {
  vf16 v;
  memcpy(&v, x, sizeof v);
  return v;
}

KELVIN_INLINE void store16(float *y, vf16 v) { memcpy(y, &v, sizeof v); }

/// Whether no value seen so far is NaN: a 16-lane mask, or at the portable level (16 registers
/// of 4 lanes with SSE2) one register holding the AND of the quarters.
#if KELVIN_LEVEL == 0
typedef vi4 ordered_mask;
KELVIN_INLINE ordered_mask ordered_start(void) { return splat_int4(-1); }
KELVIN_INLINE int ordered_ok(ordered_mask mask) { return all_lanes4(mask); }
/// Notes whether any lane of `v` is NaN.
KELVIN_INLINE void note_ordered(ordered_mask *mask, vf16 v) { *mask &= quarters_ordered(v); }
#else
typedef vi16 ordered_mask;
KELVIN_INLINE ordered_mask ordered_start(void) { return splat_int(-1); }
KELVIN_INLINE int ordered_ok(ordered_mask mask) { return lane_bits(mask) == 0xFFFFu; }
/// Notes whether any lane of `v` is NaN.
KELVIN_INLINE void note_ordered(ordered_mask *mask, vf16 v) { *mask &= v == v; }
#endif

/// The lane-wise maximum of the 64 elements at `x` (lane j: elements j, j + 16, j + 32,
/// j + 48), noting a NaN among them in `ordered`: a tree over four vectors, or at the portable
/// level one vector after another, so that the loads fit in its registers.
KELVIN_INLINE vf16 block_top(const float *x, ordered_mask *ordered) {
#if KELVIN_LEVEL == 0
  vf16 top = load16(x);
  note_ordered(ordered, top);
  for (int q = 1; q < 4; q++) {
    vf16 v = load16(x + 16 * q);
    note_ordered(ordered, v);
    top = lane_max(top, v);
  }
  return top;
#else
  vf16 a = load16(x), b = load16(x + 16), c = load16(x + 32), d = load16(x + 48);
  *ordered &= ((a == a) & (b == b)) & ((c == c) & (d == d));
  return lane_max(lane_max(a, b), lane_max(c, d));
#endif
}

/// The first min(count, 16) elements of `x`, the other lanes `pad`; `real` marks the lanes read.
KELVIN_INLINE vf16 load_padded(const float *x, size_t count, float pad, vi16 *real) {
  vf16 v = splat(pad);
  vi16 mask = splat_int(0);
  for (size_t j = 0; j < count && j < kLanes; j++) {
    v[j] = x[j];
    mask[j] = -1;
  }
  *real = mask;
  return v;
}

/// Stores the first min(count, 16) lanes.
KELVIN_INLINE void store_partial(float *y, size_t count, vf16 v) {
  for (size_t j = 0; j < count && j < kLanes; j++) y[j] = v[j];
}

/// The first pass over a row reads it from memory or the last-level cache (a batch does not fit
/// in L2): asking for the four lines 4 KB ahead of the 64 floats being read keeps more misses in
/// flight than the hardware prefetcher alone (the batch benchmarks' chains gain 10-15 %).
KELVIN_INLINE void prefetch_ahead(const float *position) {
  for (int line = 0; line < 4; line++) __builtin_prefetch(position + 1024 + 16 * line, 0, 3);
}

/// a · b + c with one rounding (a fused multiply-add in every lane).
KELVIN_INLINE vf16 fused(vf16 a, vf16 b, vf16 c) {
#if defined(__has_builtin) && __has_builtin(__builtin_elementwise_fma)
  return __builtin_elementwise_fma(a, b, c);
#else
  vf16 result;
  for (int j = 0; j < kLanes; j++) result[j] = fmaf(a[j], b[j], c[j]);
  return result;
#endif
}

// ---------------------------------------------------------------------------------------------
// The canonical exp for x ≤ 0 (or -inf): Cody–Waite reduction by ln 2 and Cephes' degree-6
// expf polynomial, 2ⁿ from exponent bits; 0 below -87.3. Checked over every float argument in
// [-87.3, 0] (tools/expcheck): at most 1.02 ulp from exp for normal results, and monotone.

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

KELVIN_INLINE vf16 exp_canonical(vf16 x) {
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
#if KELVIN_LEVEL == 3
  // polynomial · 2ⁿ in one instruction: scalef rounds the product once, as the multiplication
  // below does (2ⁿ is a normal float for every n ≥ -126 that the clamp leaves), so the bits are
  // the same.
  vf16 e = (vf16)_mm512_scalef_ps((__m512)polynomial, (__m512)n);
#else
  vi16 n_bits = (vi16)shifted - (vi16)magic;
  vf16 scale = (vf16)((n_bits + 127) << 23);
  vf16 e = polynomial * scale;
#endif
  return lane_select(under, splat(0.0f), e);
}

/// The fixed reduction of 16 float lanes: d_j = l_j + l_{j+8}, e_j = d_j + d_{j+4},
/// f_j = e_j + e_{j+2}, f_0 + f_1, in double.
KELVIN_INLINE double reduce16(vf16 lanes) {
  double d[8], e[4], f[2];
  for (int j = 0; j < 8; j++) d[j] = (double)lanes[j] + (double)lanes[j + 8];
  for (int j = 0; j < 4; j++) e[j] = d[j] + d[j + 4];
  for (int j = 0; j < 2; j++) f[j] = e[j] + e[j + 2];
  return f[0] + f[1];
}

// ---------------------------------------------------------------------------------------------
// The heap of the top-k selection: a min-heap of the kept values whose root is the worst kept
// (smallest value, largest index among equals).

typedef struct {
  float *values;
  int32_t *indices;
  size_t k;
  size_t filled;
} heap_t;

static inline int heap_worse(const heap_t *h, size_t a, size_t b) {
  return h->values[a] < h->values[b] ||
         (h->values[a] == h->values[b] && h->indices[a] > h->indices[b]);
}

static void heap_sift_down(heap_t *h) {
  size_t parent = 0;
  for (;;) {
    size_t left = 2 * parent + 1;
    if (left >= h->k) return;
    size_t child = left;
    if (left + 1 < h->k && heap_worse(h, left + 1, left)) child = left + 1;
    if (!heap_worse(h, child, parent)) return;
    float v = h->values[child];
    h->values[child] = h->values[parent];
    h->values[parent] = v;
    int32_t i = h->indices[child];
    h->indices[child] = h->indices[parent];
    h->indices[parent] = i;
    parent = child;
  }
}

/// Keeps `value` if it beats the worst kept (in index order a later equal value never does).
static inline void heap_offer(heap_t *h, float value, size_t index) {
  if (value > h->values[0] || (h->filled < h->k && value > -INFINITY)) {
    h->values[0] = value;
    h->indices[0] = (int32_t)index;
    if (h->filled < h->k) h->filled++;
    heap_sift_down(h);
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

/// Compacts the real entries (the placeholders are -inf) to the front; returns their number.
static size_t heap_export(heap_t *h) {
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

#endif
