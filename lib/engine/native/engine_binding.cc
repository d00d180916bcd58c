// N-API surface of the training engine: argument types and lengths are checked here, everything that needs the data
// (CSR invariants, index and label ranges) in TrainNetwork, and every C++ failure becomes a JS exception: an
// ArgumentError a RangeError, std::bad_alloc an Error saying memory ran out. Nothing here aborts the process.
// Typed arrays are read in place (a dataset split is never copied); results are fresh typed arrays.
#include "engine_binding.h"

#include <chrono>
#include <memory>
#include <new>
#include <string>

#include "../../kernels/native/thread_pool.h"
#include "engine_isa.h"
#include "train_network.h"

namespace sk {
namespace engine {
namespace {

template <typename Fn>
auto guarded(const Napi::Env& env, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Napi::Error&) {
    throw;
  } catch (const ArgumentError& e) {
    throw Napi::RangeError::New(env, e.what());
  } catch (const std::bad_alloc&) {
    throw Napi::Error::New(env, "native engine: out of memory");
  } catch (const std::exception& e) {
    throw Napi::Error::New(env, std::string("native engine: ") + e.what());
  }
}

template <typename T>
struct TypedOf;
template <>
struct TypedOf<float> {
  static constexpr napi_typedarray_type type = napi_float32_array;
  static constexpr const char* name = "Float32Array";
};
template <>
struct TypedOf<double> {
  static constexpr napi_typedarray_type type = napi_float64_array;
  static constexpr const char* name = "Float64Array";
};
template <>
struct TypedOf<int32_t> {
  static constexpr napi_typedarray_type type = napi_int32_array;
  static constexpr const char* name = "Int32Array";
};
template <>
struct TypedOf<uint8_t> {
  static constexpr napi_typedarray_type type = napi_uint8_array;
  static constexpr const char* name = "Uint8Array";
};

template <typename T>
Napi::TypedArrayOf<T> typed(const Napi::Env& env, const Napi::Value& v, const std::string& what) {
  if (!v.IsTypedArray() || v.As<Napi::TypedArray>().TypedArrayType() != TypedOf<T>::type)
    throw Napi::TypeError::New(env, what + ": expected a " + TypedOf<T>::name);
  return v.As<Napi::TypedArrayOf<T>>();
}

// A typed array, or nullptr for null/undefined (optional outputs and schedules); `length` checked when present.
template <typename T>
T* optionalTyped(const Napi::Env& env, const Napi::Value& v, size_t length, const std::string& what) {
  if (v.IsNull() || v.IsUndefined()) return nullptr;
  Napi::TypedArrayOf<T> a = typed<T>(env, v, what);
  if (a.ElementLength() != length)
    throw Napi::RangeError::New(env, what + ": length " + std::to_string(a.ElementLength()) + ", expected " +
                                         std::to_string(length));
  return a.Data();
}

double number(const Napi::Env& env, const Napi::Value& v, const std::string& what) {
  if (!v.IsNumber()) throw Napi::TypeError::New(env, what + ": expected a number");
  return v.As<Napi::Number>().DoubleValue();
}

int64_t integer(const Napi::Env& env, const Napi::Value& v, const std::string& what, int64_t lo, int64_t hi) {
  const double d = number(env, v, what);
  if (!(d >= (double)lo && d <= (double)hi) || d != (double)(int64_t)d)
    throw Napi::RangeError::New(env, what + ": expected an integer in [" + std::to_string(lo) + ", " +
                                         std::to_string(hi) + "]");
  return (int64_t)d;
}

template <typename T>
std::vector<T> copyOf(const Napi::TypedArrayOf<T>& a) {
  return std::vector<T>(a.Data(), a.Data() + a.ElementLength());
}

template <typename T>
Napi::TypedArrayOf<T> newTyped(const Napi::Env& env, const T* data, size_t n) {
  Napi::TypedArrayOf<T> a = Napi::TypedArrayOf<T>::New(env, n);
  std::copy(data, data + n, a.Data());
  return a;
}

// (images, labels) at argument positions i, i+1: count × features images.
SplitView splitArgs(const Napi::CallbackInfo& info, size_t i, int features) {
  const Napi::Env env = info.Env();
  Napi::Float32Array images = typed<float>(env, info[i], "images");
  Napi::Uint8Array labels = typed<uint8_t>(env, info[i + 1], "labels");
  const size_t count = labels.ElementLength();
  if (images.ElementLength() != count * (size_t)features)
    throw Napi::RangeError::New(env, "images: length " + std::to_string(images.ElementLength()) + ", expected " +
                                         std::to_string(count) + " labels × " + std::to_string(features) +
                                         " features");
  return {images.Data(), labels.Data(), (int64_t)count, features};
}

bool present(const Napi::Value& v) { return !v.IsUndefined() && !v.IsNull(); }

LayerSpec layerArg(const Napi::Env& env, const Napi::Value& v, int index) {
  const std::string where = "layer " + std::to_string(index);
  if (!v.IsObject()) throw Napi::TypeError::New(env, where + ": expected an object");
  const Napi::Object o = v.As<Napi::Object>();
  LayerSpec s;
  s.nIn = (int)integer(env, o.Get("nIn"), where + ".nIn", 1, 1 << 30);
  s.nOut = (int)integer(env, o.Get("nOut"), where + ".nOut", 1, 1 << 30);
  const Napi::Value relu = o.Get("relu");
  if (!relu.IsBoolean()) throw Napi::TypeError::New(env, where + ".relu: expected a boolean");
  s.relu = relu.As<Napi::Boolean>().Value();
  s.rowPtr = copyOf(typed<int32_t>(env, o.Get("rowPtr"), where + ".rowPtr"));
  s.colIdx = copyOf(typed<int32_t>(env, o.Get("colIdx"), where + ".colIdx"));
  // Weights per edge, or (with tie) shared weights and each edge's index into them; biases likewise.
  if (present(o.Get("tie"))) {
    s.tie = copyOf(typed<int32_t>(env, o.Get("tie"), where + ".tie"));
    s.params = copyOf(typed<float>(env, o.Get("params"), where + ".params"));
  } else {
    s.values = copyOf(typed<float>(env, o.Get("values"), where + ".values"));
  }
  if (present(o.Get("biasTie"))) {
    s.biasTie = copyOf(typed<int32_t>(env, o.Get("biasTie"), where + ".biasTie"));
    s.biasParams = copyOf(typed<float>(env, o.Get("biasParams"), where + ".biasParams"));
  } else {
    s.bias = copyOf(typed<float>(env, o.Get("bias"), where + ".bias"));
  }
  const Napi::Value frozen = o.Get("frozen");
  if (present(frozen)) {
    if (!frozen.IsBoolean()) throw Napi::TypeError::New(env, where + ".frozen: expected a boolean");
    s.frozen = frozen.As<Napi::Boolean>().Value();
  }
  return s;
}

class TrainEngine : public Napi::ObjectWrap<TrainEngine> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "TrainEngine",
                       {InstanceMethod<&TrainEngine::Train>("train"),
                        InstanceMethod<&TrainEngine::Evaluate>("evaluate"),
                        InstanceMethod<&TrainEngine::Values>("values"),
                        InstanceMethod<&TrainEngine::Bias>("bias"),
                        InstanceMethod<&TrainEngine::Moments>("moments"),
                        InstanceMethod<&TrainEngine::SetValues>("setValues"),
                        InstanceMethod<&TrainEngine::SetBias>("setBias"),
                        InstanceMethod<&TrainEngine::SetTopology>("setTopology"),
                        InstanceMethod<&TrainEngine::GrowCandidates>("growCandidates"),
                        InstanceMethod<&TrainEngine::DenseGradient>("denseGradient"),
                        InstanceMethod<&TrainEngine::SetLearningRate>("setLearningRate"),
                        InstanceMethod<&TrainEngine::State>("state"),
                        InstanceMethod<&TrainEngine::ReleaseBuffers>("releaseBuffers"),
                        InstanceMethod<&TrainEngine::Dispose>("dispose")});
  }

  // new TrainEngine([{ nIn, nOut, relu, rowPtr, colIdx, values, bias }], { learningRate, beta1, beta2, epsilon })
  explicit TrainEngine(const Napi::CallbackInfo& info) : Napi::ObjectWrap<TrainEngine>(info) {
    const Napi::Env env = info.Env();
    if (!info[0].IsArray()) throw Napi::TypeError::New(env, "TrainEngine: expected an array of layers");
    if (!info[1].IsObject()) throw Napi::TypeError::New(env, "TrainEngine: expected Adam settings");
    const Napi::Array arr = info[0].As<Napi::Array>();
    const Napi::Object a = info[1].As<Napi::Object>();
    const AdamConfig adam{number(env, a.Get("learningRate"), "learningRate"), number(env, a.Get("beta1"), "beta1"),
                          number(env, a.Get("beta2"), "beta2"), number(env, a.Get("epsilon"), "epsilon")};
    guarded(env, [&] {
      std::vector<LayerSpec> layers;
      for (uint32_t i = 0; i < arr.Length(); i++) layers.push_back(layerArg(env, arr.Get(i), (int)i));
      net_ = std::make_unique<TrainNetwork>(std::move(layers), adam);
      return 0;
    });
  }

 private:
  TrainNetwork& net(const Napi::Env& env) {
    if (!net_) throw Napi::Error::New(env, "TrainEngine: already disposed");
    return *net_;
  }

  int layerIndex(const Napi::CallbackInfo& info, size_t i) {
    return (int)integer(info.Env(), info[i], "layer", 0, net(info.Env()).layerCount() - 1);
  }

  // train(images, labels, order, firstBatch, steps, batchSize, stepLoss|null, learningRates|null)
  Napi::Value Train(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    TrainNetwork& n = net(env);
    const SplitView split = splitArgs(info, 0, n.layer(0).nIn);
    Napi::Int32Array order = typed<int32_t>(env, info[2], "order");
    const int64_t firstBatch = integer(env, info[3], "firstBatch", 0, 1LL << 40);
    const int steps = (int)integer(env, info[4], "steps", 0, 1 << 30);
    const int batch = (int)integer(env, info[5], "batchSize", 1, 1 << 20);
    double* stepLoss = optionalTyped<double>(env, info[6], steps, "stepLoss");
    const double* rates = optionalTyped<double>(env, info[7], steps, "learningRates");
    const TrainResult r = guarded(env, [&] {
      return n.train(split, order.Data(), order.ElementLength(), firstBatch, steps, batch, stepLoss, rates);
    });
    Napi::Object o = Napi::Object::New(env);
    o.Set("lossSum", r.lossSum);
    o.Set("correct", (double)r.correct);
    o.Set("seen", (double)r.seen);
    o.Set("steps", r.steps);
    o.Set("stoppedAt", (double)r.stoppedAt);
    return o;
  }

  // evaluate(images, labels, indices, batchSize)
  Napi::Value Evaluate(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    TrainNetwork& n = net(env);
    const SplitView split = splitArgs(info, 0, n.layer(0).nIn);
    Napi::Int32Array indices = typed<int32_t>(env, info[2], "indices");
    const int batch = (int)integer(env, info[3], "batchSize", 1, 1 << 20);
    const EvalResult r = guarded(env, [&] { return n.evaluate(split, indices.Data(), indices.ElementLength(), batch); });
    Napi::Object o = Napi::Object::New(env);
    o.Set("lossSum", r.lossSum);
    o.Set("correct", (double)r.correct);
    o.Set("seen", (double)r.seen);
    return o;
  }

  Napi::Value Values(const Napi::CallbackInfo& info) {
    const Layer& l = net(info.Env()).layer(layerIndex(info, 0));
    return newTyped(info.Env(), l.values.data(), l.values.size());
  }

  Napi::Value Bias(const Napi::CallbackInfo& info) {
    const Layer& l = net(info.Env()).layer(layerIndex(info, 0));
    return newTyped(info.Env(), l.bias.data(), l.bias.size());
  }

  // moments(l) → { m, v, biasM, biasV }: Adam's state (tests compare it with HostAdam's); a tied layer's are those
  // of its shared weights.
  Napi::Value Moments(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    const Layer& l = net(env).layer(layerIndex(info, 0));
    Napi::Object o = Napi::Object::New(env);
    o.Set("m", newTyped(env, l.m.data(), l.m.size()));
    o.Set("v", newTyped(env, l.v.data(), l.v.size()));
    o.Set("biasM", newTyped(env, l.biasM.data(), l.biasM.size()));
    o.Set("biasV", newTyped(env, l.biasV.data(), l.biasV.size()));
    return o;
  }

  Napi::Value SetValues(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    const int l = layerIndex(info, 0);
    Napi::Float32Array v = typed<float>(env, info[1], "values");
    guarded(env, [&] { net(env).setValues(l, v.Data(), v.ElementLength()); return 0; });
    return env.Undefined();
  }

  Napi::Value SetBias(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    const int l = layerIndex(info, 0);
    Napi::Float32Array v = typed<float>(env, info[1], "bias");
    guarded(env, [&] { net(env).setBias(l, v.Data(), v.ElementLength()); return 0; });
    return env.Undefined();
  }

  // setTopology(l, rowPtr, colIdx, sourceIndex)
  Napi::Value SetTopology(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    const int l = layerIndex(info, 0);
    Napi::Int32Array rowPtr = typed<int32_t>(env, info[1], "rowPtr");
    Napi::Int32Array colIdx = typed<int32_t>(env, info[2], "colIdx");
    Napi::Int32Array source = typed<int32_t>(env, info[3], "sourceIndex");
    guarded(env, [&] {
      net(env).setTopology(l, copyOf(rowPtr), copyOf(colIdx), source.Data(), source.ElementLength());
      return 0;
    });
    return env.Undefined();
  }

  // growCandidates(l, images, labels, indices, k, keptRowPtr, keptColIdx) → { rows, cols, scores }
  Napi::Value GrowCandidates(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    TrainNetwork& n = net(env);
    const int l = layerIndex(info, 0);
    const SplitView split = splitArgs(info, 1, n.layer(0).nIn);
    Napi::Int32Array indices = typed<int32_t>(env, info[3], "indices");
    const int64_t k = integer(env, info[4], "k", 0, 1LL << 40);
    Napi::Int32Array keptRowPtr = typed<int32_t>(env, info[5], "keptRowPtr");
    Napi::Int32Array keptColIdx = typed<int32_t>(env, info[6], "keptColIdx");
    if (indices.ElementLength() > (1 << 20)) throw Napi::RangeError::New(env, "indices: at most 2^20 examples");
    const GrowResult r = guarded(env, [&] {
      return n.growCandidates(l, split, indices.Data(), (int)indices.ElementLength(), k, keptRowPtr.Data(),
                              keptRowPtr.ElementLength(), keptColIdx.Data(), keptColIdx.ElementLength());
    });
    Napi::Object o = Napi::Object::New(env);
    o.Set("rows", newTyped(env, r.rows.data(), r.rows.size()));
    o.Set("cols", newTyped(env, r.cols.data(), r.cols.size()));
    o.Set("scores", newTyped(env, r.scores.data(), r.scores.size()));
    return o;
  }

  // denseGradient(l, images, labels, indices) → Float32Array(nOut·nIn), entry j·nIn + i
  Napi::Value DenseGradient(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    TrainNetwork& n = net(env);
    const int l = layerIndex(info, 0);
    const SplitView split = splitArgs(info, 1, n.layer(0).nIn);
    Napi::Int32Array indices = typed<int32_t>(env, info[3], "indices");
    const Layer& L = n.layer(l);
    const size_t size = (size_t)L.nOut * L.nIn;
    if (size > (1u << 26)) throw Napi::RangeError::New(env, "denseGradient: layer too large (use growCandidates)");
    if (indices.ElementLength() > (1 << 20)) throw Napi::RangeError::New(env, "indices: at most 2^20 examples");
    Napi::Float32Array out = Napi::Float32Array::New(env, size);
    guarded(env, [&] {
      n.denseGradient(l, split, indices.Data(), (int)indices.ElementLength(), out.Data());
      return 0;
    });
    return out;
  }

  Napi::Value SetLearningRate(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    const double lr = number(env, info[0], "learningRate");
    guarded(env, [&] { net(env).setLearningRate(lr); return 0; });
    return env.Undefined();
  }

  // state() → { step, learningRate, nnz: number[] }
  Napi::Value State(const Napi::CallbackInfo& info) {
    const Napi::Env env = info.Env();
    TrainNetwork& n = net(env);
    Napi::Object o = Napi::Object::New(env);
    o.Set("step", (double)n.step());
    o.Set("learningRate", n.learningRate());
    Napi::Array nnz = Napi::Array::New(env, n.layerCount());
    for (int l = 0; l < n.layerCount(); l++) nnz.Set(l, (double)n.layer(l).nnz());
    o.Set("nnz", nnz);
    return o;
  }

  Napi::Value ReleaseBuffers(const Napi::CallbackInfo& info) {
    net(info.Env()).releaseBuffers();
    return info.Env().Undefined();
  }

  Napi::Value Dispose(const Napi::CallbackInfo& info) {
    net_.reset();
    return info.Env().Undefined();
  }

  std::unique_ptr<TrainNetwork> net_;
};

// peakFlops(seconds) → { gflops, threads, isa }: independent FMA chains on every pool thread for about `seconds`,
// at the ISA the engine uses: the machine's attainable arithmetic peak, printed beside achieved GFLOP/s.
Napi::Value PeakFlops(const Napi::CallbackInfo& info) {
  const Napi::Env env = info.Env();
  const double seconds = number(env, info[0], "seconds");
  if (!(seconds > 0 && seconds <= 10)) throw Napi::RangeError::New(env, "peakFlops: seconds must be in (0, 10]");
  const EngineKernels& ek = bestEngineKernels();
  const int threads = poolSize();
  std::vector<double> flops(threads, 0);
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto until = start + std::chrono::duration<double>(seconds);
  poolRun(threads, [&](int t) {
    while (Clock::now() < until) flops[t] += ek.fmaPeak(100000);
  });
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  double total = 0;
  for (const double f : flops) total += f;
  Napi::Object o = Napi::Object::New(env);
  o.Set("gflops", total / elapsed / 1e9);
  o.Set("threads", threads);
  o.Set("isa", ek.name);
  return o;
}

}  // namespace

void registerEngine(Napi::Env env, Napi::Object exports) {
  exports.Set("TrainEngine", TrainEngine::Define(env));
  exports.Set("peakFlops", Napi::Function::New(env, PeakFlops));
}

}  // namespace engine
}  // namespace sk
