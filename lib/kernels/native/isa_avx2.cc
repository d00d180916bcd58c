// AVX2+FMA build of the kernels (8-float vectors, 16 registers: 8 accumulators + operands).
#include <cstddef>
#include <cstdint>
#pragma GCC target("avx2,fma")
#define SK_NS avx2
#define SK_W 8
#define SK_NV 8
#define SK_NAME "avx2"
#define SK_GETTER isaAvx2
#include "kernels_impl.h"
