// The kernels for AVX2 + FMA.
#if defined(__x86_64__) || defined(_M_X64)
#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define KELVIN_LEVEL 2
#include "kernel_helpers.h"
#include "kernel_levels.h"

#define K(name) name##_avx2
#include "kernel_body.h"
#pragma clang attribute pop
#endif
