// A whole feed-forward network of sparse layers run in one N-API call (lib/infer's predictor): at batch 1 the
// per-layer JS↔C++ crossings and output allocations would cost more than the arithmetic.
#pragma once
#include <napi.h>

namespace sk {

/** Adds the `Network` class to the addon's exports. */
void registerNetwork(Napi::Env env, Napi::Object exports);

}  // namespace sk
