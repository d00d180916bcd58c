// AVX2+FMA build of the engine loops (8-float vectors, 16 registers: a 6×2-vector GEMM tile).
#pragma GCC target("avx2,fma")
#define EN_NS avx2
#define EN_W 8
#define EN_GEMM_NV 2
#define EN_NAME "avx2"
#define EN_GETTER engineAvx2
#include "engine_impl.h"
