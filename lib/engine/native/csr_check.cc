#include "csr_check.h"

#include "train_network.h"

namespace sk {
namespace engine {

void checkCsr(const std::string& what, int nIn, int nOut, const int32_t* rowPtr, size_t rowPtrLen,
              const int32_t* colIdx, size_t nnz) {
  if (nIn < 1 || nOut < 1) throw ArgumentError(what + ": nIn and nOut must be at least 1");
  if (rowPtrLen != (size_t)nOut + 1)
    throw ArgumentError(what + ": rowPtr has " + std::to_string(rowPtrLen) + " entries, expected nOut + 1 = " +
                        std::to_string(nOut + 1));
  if (rowPtr[0] != 0 || rowPtr[nOut] < 0 || (size_t)rowPtr[nOut] != nnz)
    throw ArgumentError(what + ": rowPtr must run from 0 to nnz = " + std::to_string(nnz));
  for (int j = 0; j < nOut; j++) {
    if (rowPtr[j + 1] < rowPtr[j]) throw ArgumentError(what + ": rowPtr decreases at row " + std::to_string(j));
    for (int32_t k = rowPtr[j]; k < rowPtr[j + 1]; k++) {
      const int32_t c = colIdx[k];
      if (c < 0 || c >= nIn)
        throw ArgumentError(what + ": column " + std::to_string(c) + " out of range [0, " + std::to_string(nIn) +
                            ") in row " + std::to_string(j));
      if (k > rowPtr[j] && c <= colIdx[k - 1])
        throw ArgumentError(what + ": columns not strictly increasing in row " + std::to_string(j));
    }
  }
}

}  // namespace engine
}  // namespace sk
