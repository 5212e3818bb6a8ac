// The kernels for AVX-512 (F, DQ, VL, BW) with FMA.
#if defined(__x86_64__) || defined(_M_X64)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512vl,avx512bw,fma"))), \
                             apply_to = function)
#define KELVIN_LEVEL 3
#include "kernel_helpers.h"
#include "kernel_levels.h"

#define K(name) name##_avx512
#include "kernel_body.h"
#pragma clang attribute pop
#endif
