// InferenceNetwork's compute. Batch ≥ 4 (ReLU or linear hidden layers): the input is transposed to feature-major once,
// every layer's SpMM writes the next layer's feature-major input with its bias and ReLU fused into the store, and only
// the output is transposed back: per layer one pool job instead of two transposes, the product and an activation pass
// (at 784-300-100-10, 10%, batch 256 those took about half the time). Other batches, per layer: sparse_ops' forward
// (row-wise dots at batch 2–3); a single example goes through one_example.h's forms on the calling thread.
#include "inference_network.h"

#include <algorithm>
#include <cmath>
#include <new>

#include "one_example.h"
#include "sparse_ops.h"
#include "thread_pool.h"

namespace sk {
namespace {


// Below this batch the transposes cost more than they save (sparse_ops' kSmallBatch).
constexpr int kFeatureMajorFrom = 4;

int partOf(int n, int part, int parts) { return (int)((long)n * part / parts); }

void buildCsc(InferenceLayer& l) {
  std::vector<int32_t> perm;
  transposeStructure({l.nIn, l.nOut, l.rowPtr.data(), l.colIdx.data()}, l.cscPtr, l.cscRow, perm);
  l.cscVal.resize(perm.size());
  for (size_t at = 0; at < perm.size(); at++) l.cscVal[at] = l.values[perm[at]];
}

// Whether the layer holds every connection with each row's columns in order (see InferenceLayer::complete).
bool isComplete(const InferenceLayer& l) {
  if (l.colIdx.size() != (size_t)l.nIn * l.nOut) return false;
  for (int j = 0; j < l.nOut; j++) {
    if ((size_t)l.rowPtr[j] != (size_t)j * l.nIn) return false;
    for (int i = 0; i < l.nIn; i++)
      if (l.colIdx[(size_t)j * l.nIn + i] != i) return false;
  }
  return true;
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
    layer.complete = isComplete(layer);
    buildCsc(layer);
    layer.nonzeroAt.resize((size_t)layer.nIn + 16);
    layers_.push_back(std::move(layer));
  } catch (const std::bad_alloc&) {
    throw NetworkError("Network: out of memory copying " + where);
  }
}

float* InferenceNetwork::AlignedFloats::get(size_t n) {
  if (n > capacity) {
    const size_t bytes = (n * sizeof(float) + 63) / 64 * 64;
    float* p = static_cast<float*>(std::aligned_alloc(64, bytes));
    if (p == nullptr) throw std::bad_alloc();
    data.reset(p);
    capacity = bytes / sizeof(float);
  }
  return data.get();
}

bool InferenceNetwork::runFeatureMajor(const float* x, int batch, float* out) {
  for (size_t i = 0; i + 1 < layers_.size(); i++)
    if (layers_[i].activation != kRelu && layers_[i].activation != kLinear) return false;
  const IsaKernels& isa = bestIsa();
  const int stride = (batch + isa.width - 1) / isa.width * isa.width;
  int widest = layers_.front().nIn;
  for (const InferenceLayer& l : layers_) widest = std::max(widest, l.nOut);
  float *src, *dst;
  try {
    src = chainA_.get((size_t)widest * stride);
    dst = chainB_.get((size_t)widest * stride);
  } catch (const std::bad_alloc&) {
    throw NetworkError("run: out of memory: the feature-major layer buffers need " +
                       std::to_string(2.0 * widest * stride * sizeof(float) / (1 << 20)) + " MiB at batch " + std::to_string(batch));
  }
  const int n0 = layers_.front().nIn;
  const int tIn = threadsFor((double)layers_.front().rowPtr.back() * batch);
  poolRun(tIn, [&](int t) {
    const int c0 = partOf(n0, t, tIn), c1 = partOf(n0, t + 1, tIn);
    isa.transpose(x + c0, n0, src + (size_t)c0 * stride, stride, batch, c1 - c0);
    // Padding columns are computed like the others and never read back; zeroed so they stay finite.
    if (stride > batch)
      for (int c = c0; c < c1; c++) std::fill(src + (size_t)c * stride + batch, src + (size_t)(c + 1) * stride, 0.f);
  });
  for (size_t i = 0; i < layers_.size(); i++) {
    const InferenceLayer& l = layers_[i];
    const bool last = i + 1 == layers_.size();
    const int epilogue = !last && l.activation == kRelu ? kEpilogueBiasRelu : kEpilogueBias;
    const float* bias = l.bias.empty() ? nullptr : l.bias.data();
    const int threads = threadsFor((double)l.rowPtr.back() * batch);
    const std::vector<int> rows = balancedRows(l.rowPtr.data(), l.nOut, threads);
    poolRun(threads, [&](int t) {
      isa.gatherRowsFusedT(l.rowPtr.data(), l.colIdx.data(), nullptr, l.values.data(), src, stride, rows[t], rows[t + 1],
                           dst, epilogue, bias, nullptr);
    });
    std::swap(src, dst);
  }
  const InferenceLayer& last = layers_.back();
  const int tOut = threadsFor((double)last.nOut * batch * 8);
  poolRun(tOut, [&](int t) {
    const int r0 = partOf(last.nOut, t, tOut), r1 = partOf(last.nOut, t + 1, tOut);
    isa.transpose(src + (size_t)r0 * stride, stride, out + r0, last.nOut, r1 - r0, batch);
  });
  applyBiasActivation(last, out, batch, false);  // the output's activation (softmax included) on batch-major rows
  return true;
}

void InferenceNetwork::runOneExample(const float* x, float* out) {
  const IsaKernels& isa = bestIsa();
  const float* in = x;
  for (size_t i = 0; i < layers_.size(); i++) {
    InferenceLayer& l = layers_[i];
    float* y = i + 1 == layers_.size() ? out : l.out.data();
    // A complete layer takes the dense product whatever its input: its nonzeros are neither listed nor counted.
    const int nonzero = l.complete ? l.nIn : isa.listNonzero(in, l.nIn, l.nonzeroAt.data());
    const OneExampleForm form = oneExampleForm(l, nonzero);
    oneExampleForward(l, form, in, l.nonzeroAt.data(), nonzero, y);
    applyBiasActivation(l, y, 1, form != kScatter);
    in = y;
  }
}

void InferenceNetwork::run(const float* x, int batch, float* out) {
  if (batch >= kFeatureMajorFrom && runFeatureMajor(x, batch, out)) return;
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
  if (batch == 1) {
    runOneExample(x, out);
    return;
  }
  const IsaKernels& isa = bestIsa();
  const float* in = x;
  for (size_t i = 0; i < layers_.size(); i++) {
    InferenceLayer& l = layers_[i];
    float* y = i + 1 == layers_.size() ? out : l.out.data();
    try {
      forward(isa, {l.nIn, l.nOut, l.rowPtr.data(), l.colIdx.data()}, l.values.data(), in, batch, y);
    } catch (const std::bad_alloc&) {  // the transposed scratch copies of x and y
      throw NetworkError("run: out of memory for the scratch buffers of layer " + std::to_string(i) + " at batch " +
                         std::to_string(batch));
    }
    applyBiasActivation(l, y, batch, true);
    in = y;
  }
}

}  // namespace sk
