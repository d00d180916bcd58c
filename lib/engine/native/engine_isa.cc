#include <string>

#include "../../kernels/native/sparse_ops.h"
#include "engine_isa.h"

namespace sk {
namespace engine {

const EngineKernels& bestEngineKernels() {
  static const EngineKernels& k = [&]() -> const EngineKernels& {
    const std::string isa = bestIsa().name;
    if (isa == engineAvx512().name) return engineAvx512();
    if (isa == engineAvx2().name) return engineAvx2();
    return engineBase();
  }();
  return k;
}

}  // namespace engine
}  // namespace sk
