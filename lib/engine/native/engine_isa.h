// The training engine's own loops (loss, Adam, bias gradients, the dense-gradient GEMM tile, the FMA peak probe),
// compiled once per instruction set like the sparse kernels (engine_isa_*.cc include engine_impl.h) and picked to
// match sk::bestIsa(), so a run uses one ISA throughout.
#pragma once
#include <cstddef>
#include <cstdint>

namespace sk {
namespace engine {

/** One Adam step's constants: tfjs's rule as HostAdam computes it, in double precision. */
struct AdamStep {
  double learningRate, beta1, beta2, epsilon;
  double correction1, correction2;  // 1 − beta1^t, 1 − beta2^t
};

struct EngineKernels {
  const char* name;
  int width;     // floats per SIMD vector (equals the sparse kernels' width)
  int tileRows;  // rows of one gemm tile
  int tileCols;  // columns of one gemm tile (a multiple of width)

  // Softmax cross-entropy on feature-major logits (classes × stride), lanes [0, count) as tfjs computes it:
  // lse = max + log Σ exp(x − max), per-lane loss −(x[label] − lse). Adds Σ loss to *lossSum and the lanes whose
  // first maximum is the label to *correct. With dLogitsT: scale·(exp(x − lse) − onehot), pad lanes set to 0.
  void (*softmaxXent)(const float* logitsT, int classes, int stride, int count, const uint8_t* labels, float scale,
                      float* dLogitsT, double* lossSum, int64_t* correct);
  // w, m, v ← one Adam step with gradient g, n entries (HostAdam's expression, evaluated in double).
  void (*adam)(float* w, float* m, float* v, const float* g, size_t n, const AdamStep& step);
  // out[r] = Σ_b xT[r*stride + b], r ∈ [r0, r1) (bias gradients; pad lanes must be zero).
  void (*rowSums)(const float* xT, int stride, int r0, int r1, float* out);
  // The dense GEMM tile: c[r*ldc + q] = epilogue_r(Σ_{k<K} a[r*ars + k*aks] · b[k*ldb + q]) for r < rows
  // (≤ tileRows) and q < nv·width (nv ≤ tileCols/width); epilogue as sk::Epilogue (bias[r], ReLU, or ReLU-gradient
  // mask laid out like c). a is read with any strides (W, Wᵀ, dZ), so one kernel serves forward, dX, dW and RigL.
  void (*gemm)(const float* a, size_t ars, size_t aks, int rows, const float* b, size_t ldb, int K, int nv, float* c,
               size_t ldc, int epilogue, const float* bias, const float* mask);
  // out[r] = max |c[r*ld + q]| over q < cols (a multiple of width); +inf for a row holding NaN or ±inf. Lets RigL's
  // top-k skip a whole tile row below its current threshold with a few vector ops.
  void (*rowMaxAbs)(const float* c, int rows, int cols, size_t ld, float* out);
  // Runs `iterations` rounds of independent FMA chains in registers; returns the floating-point operations done.
  double (*fmaPeak)(long iterations);
};

const EngineKernels& engineBase();
const EngineKernels& engineAvx2();
const EngineKernels& engineAvx512();
/** The build matching sk::bestIsa() (same SPARSE_ISA cap). */
const EngineKernels& bestEngineKernels();

}  // namespace engine
}  // namespace sk
