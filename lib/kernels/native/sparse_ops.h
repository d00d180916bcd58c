// The three sparse kernels on raw buffers: choose the batch-major or feature-major form, transpose into
// per-thread scratch, split rows across the pool balanced by edges. Outputs must arrive zero-filled.
#pragma once
#include <cstdint>
#include <vector>

#include "isa.h"

namespace sk {

struct CsrView {
  int nIn, nOut;
  const int32_t* rowPtr;  // nOut + 1
  const int32_t* colIdx;  // nnz
};

// The transposed structure, one row per input: colPtr (nIn + 1), rowIdx and the CSR edge of each entry (nnz).
struct CscView {
  const int32_t* colPtr;
  const int32_t* rowIdx;
  const int32_t* perm;
};

/** Threads worth using for `work` multiply-adds: 1 below the hand-off break-even, then up to the pool size. */
int threadsFor(double work);
/** Rows [bounds[t], bounds[t+1]) of a CSR/CSC pointer array go to part t, each with about equal edges + row cost. */
std::vector<int> balancedRows(const int32_t* ptr, int n, int parts);

/** The transposed structure of w (CscView's arrays): per input i, entries colPtr[i]..colPtr[i+1], rows ascending,
 *  each with its output row and its CSR edge. */
void transposeStructure(const CsrView& w, std::vector<int32_t>& colPtr, std::vector<int32_t>& rowIdx,
                        std::vector<int32_t>& perm);

/** The kernels for this CPU (AVX-512, AVX2 or baseline); SPARSE_ISA=avx512|avx2|x86-64-v2 caps the choice. */
const IsaKernels& bestIsa();

void forward(const IsaKernels& isa, const CsrView& w, const float* values, const float* x, int batch, float* y);
void backwardInput(const IsaKernels& isa, const CsrView& w, const CscView& wt, const float* values, const float* dy,
                   int batch, float* dx);
void backwardValues(const IsaKernels& isa, const CsrView& w, const float* x, const float* dy, int batch, float* dv);

}  // namespace sk
