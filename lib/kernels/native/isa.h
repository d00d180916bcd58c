// Range-level kernels compiled once per instruction set (isa_*.cc) and picked at run time by CPU features,
// so one build runs everywhere x86-64-v2 does and still uses AVX2/AVX-512 where present.
#pragma once
#include <cstddef>
#include <cstdint>

namespace sk {

// What a gather writes after its sum (gatherRowsFusedT): the sum itself, + bias[r], relu(sum + bias[r]), or
// sum · step(mask) with mask a feature-major buffer of the output's shape (the ReLU gradient of a layer's output).
enum Epilogue { kEpilogueNone = 0, kEpilogueBias = 1, kEpilogueBiasRelu = 2, kEpilogueReluMask = 3 };
// Or-ed into an epilogue for a source far larger than the caches: each edge's source row is prefetched a few edges
// ahead.
constexpr int kFarSource = 16;

// "Feature-major" buffers hold one row of `stride` floats per feature: the batch is contiguous, padded with
// zeros to `stride` (a multiple of `width`), 64-byte aligned.
struct IsaKernels {
  const char* name;
  int width;  // floats per SIMD vector; the feature-major stride is a multiple of it

  // outT[r*stride + b] = Σ_{k∈ptr[r]..ptr[r+1]} v(k) · srcT[idx[k]*stride + b] for rows r∈[r0,r1), all b<stride,
  // where v(k) = values[perm ? perm[k] : k]. Forward is the CSR case, backwardInput the CSC case (perm → CSR edge).
  void (*gatherRowsT)(const int32_t* ptr, const int32_t* idx, const int32_t* perm, const float* values,
                      const float* srcT, int stride, int r0, int r1, float* outT);
  // dv[k] += Σ_b dyT[r*stride + b] · xT[colIdx[k]*stride + b] for the edges of rows r∈[r0,r1).
  void (*edgeDotsT)(const int32_t* rowPtr, const int32_t* colIdx, const float* dyT, const float* xT, int stride,
                    int r0, int r1, float* dv);
  // b[j*ldb + i] = a[i*lda + j] for i < rows, j < cols (8×8 SIMD blocks): batch-major ⇄ feature-major.
  void (*transpose)(const float* a, size_t lda, float* b, size_t ldb, int rows, int cols);
  // Small-batch forms on batch-major data (no transposes): same results as the two above.
  void (*gatherRows)(const int32_t* ptr, const int32_t* idx, const int32_t* perm, const float* values,
                     const float* src, int srcStride, int batch, int r0, int r1, float* out, int outStride);
  void (*edgeDots)(const int32_t* rowPtr, const int32_t* colIdx, const float* dy, int nOut, const float* x, int nIn,
                   int batch, int r0, int r1, float* dv);
  // gatherRowsT with an epilogue fused into the store (the training engine's forward and ReLU-backward passes).
  void (*gatherRowsFusedT)(const int32_t* ptr, const int32_t* idx, const int32_t* perm, const float* values,
                           const float* srcT, int stride, int r0, int r1, float* outT, int epilogue,
                           const float* bias, const float* maskT);
  // b[j*ldb + i] = rows[i][col0 + j] for i < nRows, j < cols: scattered examples straight into feature-major.
  void (*transposeRows)(const float* const* rows, int col0, float* b, size_t ldb, int nRows, int cols);
  // edgeDotsT for an input far larger than the caches (rows prefetched a few edges ahead; see kFarSource).
  void (*edgeDotsFarT)(const int32_t* rowPtr, const int32_t* colIdx, const float* dyT, const float* xT, int stride,
                       int r0, int r1, float* dv);
  // dX and dW of a layer in one pass over its transposed graph (colPtr, rowIdx, perm), inputs i ∈ [i0, i1):
  // outT[i] = Σ values[perm[k]]·dzT[rowIdx[k]], times step(xT[i]) if relu; grad[perm[k]] += dot(dzT[rowIdx[k]], xT[i]).
  // For inputs far larger than the caches: each edge's dZ row is loaded once for both, and no input row at random.
  void (*gatherRowsWithDotsT)(const int32_t* colPtr, const int32_t* rowIdx, const int32_t* perm, const float* values,
                              const float* dzT, const float* xT, int stride, int i0, int i1, float* outT, bool relu,
                              float* grad);
  // y[r] = Σ_i w[r*n + i] · x[i] for r < m: a layer with every connection (row-major weights), one example.
  void (*denseRows)(const float* w, int m, int n, const float* x, float* y);
  // at[0..count) = the i < n with x[i] ≠ 0 (NaN included), ascending; returns count. `at` holds n + 16 entries.
  int (*listNonzero)(const float* x, int n, int32_t* at);
};

const IsaKernels& isaBase();
const IsaKernels& isaAvx2();
const IsaKernels& isaAvx512();

}  // namespace sk
