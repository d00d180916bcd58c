// Network: copies the layers once (CSR, values, biases, activation), owns its intermediate buffers, and runs
// x → outputs in one call, bias and activation fused after each layer. Activation codes match lib/infer/model.ts
// ACTIVATIONS: 0 linear, 1 relu, 2 sigmoid, 3 tanh, 4 softmax. The layer data is validated here because the kernels
// trust the indices, and allocation failures (a layer too wide for the batch) become JS exceptions instead of an
// abort: std::bad_alloc must never escape into Node. Per layer: batch ≥ 2 goes through sparse_ops' forward (row-wise
// dots below batch 4, SpMM above); a single example takes an input-sparse scatter over the transposed (CSC) graph
// when its input is mostly zeros (MNIST pixels, ReLU outputs), touching only the edges of nonzero inputs, and
// otherwise this file's row-wise dots.
#include "network.h"

#include <cmath>
#include <algorithm>
#include <cstdint>
#include <new>
#include <string>
#include <vector>

#include "sparse_ops.h"

namespace sk {
namespace {

enum Activation { kLinear = 0, kRelu = 1, kSigmoid = 2, kTanh = 3, kSoftmax = 4 };

struct Layer {
  int nIn = 0, nOut = 0, activation = kLinear;
  std::vector<int32_t> rowPtr, colIdx;
  std::vector<float> values, bias;  // bias empty when the layer has none
  std::vector<float> out;           // batch × nOut, grown on demand (unused for the last layer)
  // The same graph by input (CSC): edges of input i are cscPtr[i]..cscPtr[i+1], output row and weight per edge.
  std::vector<int32_t> cscPtr, cscRow;
  std::vector<float> cscVal;
};

// Scatter is worth it below this fraction of nonzero inputs: a scattered edge (load, add, store to y) costs about
// twice a gathered one (two loads, one FMA into a register).
constexpr double kScatterBelow = 0.5;

void buildCsc(Layer& l) {
  std::vector<int32_t> perm;
  transposeStructure({l.nIn, l.nOut, l.rowPtr.data(), l.colIdx.data()}, l.cscPtr, l.cscRow, perm);
  l.cscVal.resize(perm.size());
  for (size_t at = 0; at < perm.size(); at++) l.cscVal[at] = l.values[perm[at]];
}

// One example, y = x·Wᵀ + bias, visiting only nonzero inputs. Returns false (y untouched) when x is too dense.
bool scatterForward(const Layer& l, const float* x, float* y) {
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
void gatherForward(const Layer& l, const float* x, float* y) {
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

void applyBiasActivation(const Layer& l, float* y, int batch, bool addBias) {
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

template <typename E>
std::vector<E> copyTyped(const Napi::Env& env, const Napi::Value& v, napi_typedarray_type type,
                         const std::string& what) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != type)
    throw Napi::TypeError::New(env, what + ": wrong or missing typed array");
  const Napi::TypedArrayOf<E> a = v.As<Napi::TypedArrayOf<E>>();
  return std::vector<E>(a.Data(), a.Data() + a.ElementLength());
}

int intField(const Napi::Env& env, const Napi::Object& o, const char* name, const std::string& where, int lo, int hi) {
  const Napi::Value v = o.Get(name);
  const double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : -1;
  if (!(d >= lo && d <= hi) || d != (double)(int)d)
    throw Napi::RangeError::New(env, where + ": " + name + " must be an integer in [" + std::to_string(lo) + ", " +
                                         std::to_string(hi) + "]");
  return (int)d;
}

Layer parseLayer(const Napi::Env& env, const Napi::Value& v, int index) {
  const std::string where = "layer " + std::to_string(index);
  if (!v.IsObject()) throw Napi::TypeError::New(env, where + ": expected an object");
  const Napi::Object o = v.As<Napi::Object>();
  Layer l;
  l.nIn = intField(env, o, "nIn", where, 1, 1 << 30);
  l.nOut = intField(env, o, "nOut", where, 1, 1 << 30);
  l.activation = intField(env, o, "activation", where, kLinear, kSoftmax);
  l.rowPtr = copyTyped<int32_t>(env, o.Get("rowPtr"), napi_int32_array, where + ".rowPtr");
  l.colIdx = copyTyped<int32_t>(env, o.Get("colIdx"), napi_int32_array, where + ".colIdx");
  l.values = copyTyped<float>(env, o.Get("values"), napi_float32_array, where + ".values");
  const Napi::Value bias = o.Get("bias");
  if (!bias.IsNull() && !bias.IsUndefined()) {
    l.bias = copyTyped<float>(env, bias, napi_float32_array, where + ".bias");
    if ((int)l.bias.size() != l.nOut) throw Napi::RangeError::New(env, where + ": bias length must equal nOut");
  }
  if ((int)l.rowPtr.size() != l.nOut + 1) throw Napi::RangeError::New(env, where + ": rowPtr length must be nOut + 1");
  const size_t nnz = l.colIdx.size();
  if (l.rowPtr[0] != 0 || (size_t)l.rowPtr[l.nOut] != nnz || l.values.size() != nnz)
    throw Napi::RangeError::New(env, where + ": rowPtr must run from 0 to nnz = colIdx.length = values.length");
  for (int j = 0; j < l.nOut; j++)
    if (l.rowPtr[j + 1] < l.rowPtr[j]) throw Napi::RangeError::New(env, where + ": rowPtr decreases");
  for (const int32_t c : l.colIdx)
    if (c < 0 || c >= l.nIn) throw Napi::RangeError::New(env, where + ": column index out of range");
  buildCsc(l);
  return l;
}

class Network : public Napi::ObjectWrap<Network> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Network", {InstanceMethod<&Network::Run>("run")});
  }

  // new Network([{ nIn, nOut, rowPtr, colIdx, values, bias|null, activation }, ...])
  explicit Network(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Network>(info) {
    const Napi::Env env = info.Env();
    if (!info[0].IsArray()) throw Napi::TypeError::New(env, "Network: expected an array of layers");
    const Napi::Array arr = info[0].As<Napi::Array>();
    if (arr.Length() == 0) throw Napi::RangeError::New(env, "Network: no layers");
    for (uint32_t i = 0; i < arr.Length(); i++) {
      try {
        layers_.push_back(parseLayer(env, arr.Get(i), (int)i));
      } catch (const std::bad_alloc&) {
        throw Napi::Error::New(env, "Network: out of memory copying layer " + std::to_string(i));
      }
      if (i > 0 && layers_[i].nIn != layers_[i - 1].nOut)
        throw Napi::RangeError::New(env, "layer " + std::to_string(i) + ": nIn differs from the previous nOut");
    }
  }

 private:
  // run(x: Float32Array(batch·nIn), batch, out: Float32Array(batch·nOut)) → undefined; out is overwritten.
  Napi::Value Run(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    const double db = info[1].IsNumber() ? info[1].As<Napi::Number>().DoubleValue() : 0;
    if (!(db >= 1 && db <= 1 << 30) || db != (double)(int)db)
      throw Napi::RangeError::New(env, "run: batch must be a positive integer");
    const int batch = (int)db;
    if (!info[0].IsTypedArray() || info[0].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array ||
        !info[2].IsTypedArray() || info[2].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
      throw Napi::TypeError::New(env, "run: x and out must be Float32Arrays");
    const Napi::Float32Array x = info[0].As<Napi::Float32Array>();
    Napi::Float32Array out = info[2].As<Napi::Float32Array>();
    if (x.ElementLength() != (size_t)batch * layers_.front().nIn)
      throw Napi::RangeError::New(env, "run: x length must be batch · nIn");
    if (out.ElementLength() != (size_t)batch * layers_.back().nOut)
      throw Napi::RangeError::New(env, "run: out length must be batch · nOut");
    // Every hidden buffer is grown before any layer runs, so a batch too large for memory fails before any work.
    for (size_t i = 0; i + 1 < layers_.size(); i++) {
      Layer& l = layers_[i];
      const size_t need = (size_t)batch * l.nOut;
      if (l.out.size() >= need) continue;
      try {
        l.out.resize(need);
      } catch (const std::exception&) {  // bad_alloc, or length_error beyond max_size()
        throw Napi::Error::New(env, "run: out of memory: layer " + std::to_string(i) + " outputs need " +
                                        std::to_string((double)need * sizeof(float) / (1 << 20)) + " MiB at batch " +
                                        std::to_string(batch));
      }
    }
    const IsaKernels& isa = bestIsa();
    const float* in = x.Data();
    for (size_t i = 0; i < layers_.size(); i++) {
      Layer& l = layers_[i];
      float* y = i + 1 == layers_.size() ? out.Data() : l.out.data();
      const bool scattered = batch == 1 && scatterForward(l, in, y);
      if (batch == 1 && !scattered) {
        gatherForward(l, in, y);
      } else if (!scattered) {
        try {
          forward(isa, {l.nIn, l.nOut, l.rowPtr.data(), l.colIdx.data()}, l.values.data(), in, batch, y);
        } catch (const std::bad_alloc&) {  // the transposed scratch copies of x and y
          throw Napi::Error::New(env, "run: out of memory for the scratch buffers of layer " + std::to_string(i) +
                                          " at batch " + std::to_string(batch));
        }
      }
      applyBiasActivation(l, y, batch, !scattered);
      in = y;
    }
    return env.Undefined();
  }

  std::vector<Layer> layers_;
};

}  // namespace

void registerNetwork(Napi::Env env, Napi::Object exports) { exports.Set("Network", Network::Define(env)); }

}  // namespace sk
