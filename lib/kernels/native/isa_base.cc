// Baseline build of the kernels (the target's -march, x86-64-v2: SSE4.2, 4-float vectors).
#define SK_NS base
#define SK_W 4
#define SK_NV 8
#define SK_NAME "x86-64-v2"
#define SK_GETTER isaBase
#include "kernels_impl.h"
