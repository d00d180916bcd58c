// The training engine's part of the addon's exports (called from lib/kernels/native/binding.cc's Init).
#pragma once
#include <napi.h>

namespace sk {
namespace engine {

/** Adds `TrainEngine` (class) and `peakFlops` (function) to the addon's exports. */
void registerEngine(Napi::Env env, Napi::Object exports);

}  // namespace engine
}  // namespace sk
