// AVX-512 build of the engine loops (16-float vectors, 32 registers: a 6×4-vector GEMM tile, 24 accumulators).
#pragma GCC target("avx512f,avx512vl,avx2,fma")
#define EN_NS avx512
#define EN_W 16
#define EN_GEMM_NV 4
#define EN_NAME "avx512"
#define EN_GETTER engineAvx512
#include "engine_impl.h"
