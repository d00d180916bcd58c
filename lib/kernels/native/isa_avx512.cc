// AVX-512 build of the kernels (16-float vectors, 32 registers: a 128-sample tile fits in 8 accumulators).
#include <cstddef>
#include <cstdint>
#pragma GCC target("avx512f,avx512vl,avx2,fma")
#define SK_NS avx512
#define SK_W 16
#define SK_NV 8
#define SK_NAME "avx512"
#define SK_GETTER isaAvx512
#include "kernels_impl.h"
