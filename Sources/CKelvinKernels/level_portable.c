// The kernels for the baseline instruction set (SSE2 on x86-64, NEON on arm64).
#define KELVIN_LEVEL 0
#include "kernel_helpers.h"
#include "kernel_levels.h"

#define K(name) name##_portable
#include "kernel_body.h"
