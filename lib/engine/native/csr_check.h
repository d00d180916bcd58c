// CSR invariants the kernels rely on (they trust every index): checked on everything that comes from JS.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace sk {
namespace engine {

/** Throws ArgumentError (naming `what`) unless rowPtr (nOut + 1) runs 0..nnz without decreasing and every row's
 *  columns are strictly increasing in [0, nIn). */
void checkCsr(const std::string& what, int nIn, int nOut, const int32_t* rowPtr, size_t rowPtrLen,
              const int32_t* colIdx, size_t nnz);

}  // namespace engine
}  // namespace sk
