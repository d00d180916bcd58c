// The batch-1 forms of a layer (one_example.h). The sparse loops are compiled for the x86-64-v2 baseline, not
// dispatched by ISA like the dense product and the nonzero list (isa.h): GCC auto-vectorises their AVX2/AVX-512
// builds into gather instructions that measured ~1.4x slower at batch 1 on this project's AMD EPYC machine (and
// AVX-512 gather + scatter ~1.7x slower than the scalar scatter below).
#include "one_example.h"

#include <algorithm>

#include "isa.h"
#include "sparse_ops.h"

namespace sk {
namespace {

// Scatter is worth it below this fraction of nonzero inputs: a scattered edge (load, add, store to y) costs about
// twice a gathered one (two loads, one FMA into a register).
constexpr double kScatterBelow = 0.5;

// y = x·Wᵀ + bias, visiting only the nonzero inputs, in order, over the transposed graph.
void scatterForward(const InferenceLayer& l, const float* x, const int32_t* nonzeroAt, int nonzero, float* y) {
  if (l.bias.empty()) std::fill(y, y + l.nOut, 0.f);
  else std::copy(l.bias.begin(), l.bias.end(), y);
  const int32_t* __restrict ptr = l.cscPtr.data();
  const int32_t* __restrict row = l.cscRow.data();
  const float* __restrict val = l.cscVal.data();
  float* __restrict out = y;
  for (int t = 0; t < nonzero; t++) {
    const int32_t i = nonzeroAt[t];
    const float xi = x[i];
    // The rows of one input are distinct, so four updates at a time never touch the same output.
    int32_t k = ptr[i];
    const int32_t k1 = ptr[i + 1];
    for (; k + 4 <= k1; k += 4) {
      const int32_t q0 = row[k], q1 = row[k + 1], q2 = row[k + 2], q3 = row[k + 3];
      const float y0 = out[q0] + xi * val[k], y1 = out[q1] + xi * val[k + 1];
      const float y2 = out[q2] + xi * val[k + 2], y3 = out[q3] + xi * val[k + 3];
      out[q0] = y0;
      out[q1] = y1;
      out[q2] = y2;
      out[q3] = y3;
    }
    for (; k < k1; k++) out[row[k]] += xi * val[k];
  }
}

// x·Wᵀ for a dense input: row-wise dots with four accumulators.
void gatherForward(const InferenceLayer& l, const float* x, float* y) {
  const int32_t* ptr = l.rowPtr.data();
  const int32_t* idx = l.colIdx.data();
  const float* v = l.values.data();
  for (int j = 0; j < l.nOut; j++) {
    const int32_t k1 = ptr[j + 1];
    int32_t k = ptr[j];
    float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (; k + 4 <= k1; k += 4) {
      a0 += v[k] * x[idx[k]];
      a1 += v[k + 1] * x[idx[k + 1]];
      a2 += v[k + 2] * x[idx[k + 2]];
      a3 += v[k + 3] * x[idx[k + 3]];
    }
    for (; k < k1; k++) a0 += v[k] * x[idx[k]];
    y[j] = (a0 + a1) + (a2 + a3);
  }
}

}  // namespace

OneExampleForm oneExampleForm(const InferenceLayer& l, int nonzero) {
  if (l.complete) return kDense;
  return nonzero < kScatterBelow * l.nIn ? kScatter : kGather;
}

void oneExampleForward(const InferenceLayer& l, OneExampleForm form, const float* x, const int32_t* nonzeroAt, int nonzero,
                       float* y) {
  if (form == kScatter) scatterForward(l, x, nonzeroAt, nonzero, y);
  else if (form == kGather) gatherForward(l, x, y);
  else bestIsa().denseRows(l.values.data(), l.nOut, l.nIn, x, y);
}

}  // namespace sk
