// Baseline build of the engine loops (the target's -march, x86-64-v2: 4-float vectors, 16 registers).
#define EN_NS base
#define EN_W 4
#define EN_GEMM_NV 2
#define EN_NAME "x86-64-v2"
#define EN_GETTER engineBase
#include "engine_impl.h"
