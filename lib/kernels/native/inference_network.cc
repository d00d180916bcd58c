// InferenceNetwork's compute. Per layer: batch ≥ 2 goes through sparse_ops' forward (row-wise dots below batch 4,
// SpMM above); a single example takes an input-sparse scatter over the transposed (CSC) graph when its input is mostly
// zeros (MNIST pixels, ReLU outputs), touching only the edges of nonzero inputs, and otherwise row-wise dots.
#include "inference_network.h"

#include <algorithm>
#include <cmath>
#include <new>

#include "sparse_ops.h"

namespace sk {
namespace {


// Scatter is worth it below this fraction of nonzero inputs: a scattered edge (load, add, store to y) costs about
// twice a gathered one (two loads, one FMA into a register).
constexpr double kScatterBelow = 0.5;

void buildCsc(InferenceLayer& l) {
  std::vector<int32_t> perm;
  transposeStructure({l.nIn, l.nOut, l.rowPtr.data(), l.colIdx.data()}, l.cscPtr, l.cscRow, perm);
  l.cscVal.resize(perm.size());
  for (size_t at = 0; at < perm.size(); at++) l.cscVal[at] = l.values[perm[at]];
}

// One example, y = x·Wᵀ + bias, visiting only nonzero inputs. Returns false (y untouched) when x is too dense.
bool scatterForward(const InferenceLayer& l, const float* x, float* y) {
  int nonzero = 0;
  for (int i = 0; i < l.nIn; i++) nonzero += x[i] != 0.f;
  if (nonzero >= kScatterBelow * l.nIn) return false;
  if (l.bias.empty()) std::fill(y, y + l.nOut, 0.f);
  else std::copy(l.bias.begin(), l.bias.end(), y);
  const int32_t* ptr = l.cscPtr.data();
  const int32_t* row = l.cscRow.data();
  const float* val = l.cscVal.data();
  for (int i = 0; i < l.nIn; i++) {
    const float xi = x[i];
    if (xi == 0.f) continue;
    for (int32_t k = ptr[i]; k < ptr[i + 1]; k++) y[row[k]] += xi * val[k];
  }
  return true;
}

// One example, dense input: row-wise dots with four accumulators. Kept here (compiled for the x86-64-v2 baseline)
// rather than calling the ISA-dispatched gatherRows, whose AVX2/AVX-512 builds GCC auto-vectorises into gather
// instructions that measured ~1.4x slower at batch 1 on this project's AMD EPYC machine.
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

void applyBiasActivation(const InferenceLayer& l, float* y, int batch, bool addBias) {
  const int n = l.nOut;
  for (int b = 0; b < batch; b++) {
    float* r = y + (size_t)b * n;
    if (addBias && !l.bias.empty())
      for (int j = 0; j < n; j++) r[j] += l.bias[j];
    switch (l.activation) {
      case kRelu:
        for (int j = 0; j < n; j++) r[j] = r[j] > 0.f ? r[j] : 0.f;
        break;
      case kSigmoid:
        for (int j = 0; j < n; j++) r[j] = 1.f / (1.f + std::exp(-r[j]));
        break;
      case kTanh:
        for (int j = 0; j < n; j++) r[j] = std::tanh(r[j]);
        break;
      case kSoftmax: {
        float m = r[0];
        for (int j = 1; j < n; j++) m = r[j] > m ? r[j] : m;
        float s = 0.f;
        for (int j = 0; j < n; j++) s += (r[j] = std::exp(r[j] - m));
        for (int j = 0; j < n; j++) r[j] /= s;
        break;
      }
      default:
        break;
    }
  }
}

void checkLayer(const InferenceLayer& l, const std::string& where) {
  if (l.nIn < 1 || l.nOut < 1) throw NetworkError(where + ": nIn and nOut must be positive");
  if (l.activation < kLinear || l.activation > kSoftmax) throw NetworkError(where + ": unknown activation");
  if (!l.bias.empty() && (int)l.bias.size() != l.nOut) throw NetworkError(where + ": bias length must equal nOut");
  if ((int)l.rowPtr.size() != l.nOut + 1) throw NetworkError(where + ": rowPtr length must be nOut + 1");
  const size_t nnz = l.colIdx.size();
  if (l.rowPtr[0] != 0 || (size_t)l.rowPtr[l.nOut] != nnz || l.values.size() != nnz)
    throw NetworkError(where + ": rowPtr must run from 0 to nnz = colIdx.length = values.length");
  for (int j = 0; j < l.nOut; j++)
    if (l.rowPtr[j + 1] < l.rowPtr[j]) throw NetworkError(where + ": rowPtr decreases");
  for (const int32_t c : l.colIdx)
    if (c < 0 || c >= l.nIn) throw NetworkError(where + ": column index out of range");
}

}  // namespace

void InferenceNetwork::add(InferenceLayer layer) {
  const std::string where = "layer " + std::to_string(layers_.size());
  checkLayer(layer, where);
  if (!layers_.empty() && layer.nIn != layers_.back().nOut) throw NetworkError(where + ": nIn differs from the previous nOut");
  try {
    buildCsc(layer);
    layers_.push_back(std::move(layer));
  } catch (const std::bad_alloc&) {
    throw NetworkError("Network: out of memory copying " + where);
  }
}

void InferenceNetwork::run(const float* x, int batch, float* out) {
  // Every hidden buffer is grown before any layer runs, so a batch too large for memory fails before any work.
  for (size_t i = 0; i + 1 < layers_.size(); i++) {
    InferenceLayer& l = layers_[i];
    const size_t need = (size_t)batch * l.nOut;
    if (l.out.size() >= need) continue;
    try {
      l.out.resize(need);
    } catch (const std::exception&) {  // bad_alloc, or length_error beyond max_size()
      throw NetworkError("run: out of memory: layer " + std::to_string(i) + " outputs need " +
                         std::to_string((double)need * sizeof(float) / (1 << 20)) + " MiB at batch " + std::to_string(batch));
    }
  }
  const IsaKernels& isa = bestIsa();
  const float* in = x;
  for (size_t i = 0; i < layers_.size(); i++) {
    InferenceLayer& l = layers_[i];
    float* y = i + 1 == layers_.size() ? out : l.out.data();
    const bool scattered = batch == 1 && scatterForward(l, in, y);
    if (batch == 1 && !scattered) {
      gatherForward(l, in, y);
    } else if (!scattered) {
      try {
        forward(isa, {l.nIn, l.nOut, l.rowPtr.data(), l.colIdx.data()}, l.values.data(), in, batch, y);
      } catch (const std::bad_alloc&) {  // the transposed scratch copies of x and y
        throw NetworkError("run: out of memory for the scratch buffers of layer " + std::to_string(i) + " at batch " +
                           std::to_string(batch));
      }
    }
    applyBiasActivation(l, y, batch, !scattered);
    in = y;
  }
}

}  // namespace sk
