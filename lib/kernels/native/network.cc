// The N-API face of InferenceNetwork (inference_network.h): `new Network(layers)` copies and checks the layers,
// `run(x, batch, out)` checks its arguments and runs; every failure becomes a JS exception.
#include "network.h"

#include <new>
#include <string>
#include <vector>

#include "inference_network.h"

namespace sk {
namespace {

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

InferenceLayer parseLayer(const Napi::Env& env, const Napi::Value& v, int index) {
  const std::string where = "layer " + std::to_string(index);
  if (!v.IsObject()) throw Napi::TypeError::New(env, where + ": expected an object");
  const Napi::Object o = v.As<Napi::Object>();
  InferenceLayer l;
  l.nIn = intField(env, o, "nIn", where, 1, 1 << 30);
  l.nOut = intField(env, o, "nOut", where, 1, 1 << 30);
  l.activation = intField(env, o, "activation", where, kLinear, kSoftmax);
  l.rowPtr = copyTyped<int32_t>(env, o.Get("rowPtr"), napi_int32_array, where + ".rowPtr");
  l.colIdx = copyTyped<int32_t>(env, o.Get("colIdx"), napi_int32_array, where + ".colIdx");
  l.values = copyTyped<float>(env, o.Get("values"), napi_float32_array, where + ".values");
  const Napi::Value bias = o.Get("bias");
  if (!bias.IsNull() && !bias.IsUndefined()) l.bias = copyTyped<float>(env, bias, napi_float32_array, where + ".bias");
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
        net_.add(parseLayer(env, arr.Get(i), (int)i));
      } catch (const std::bad_alloc&) {
        throw Napi::Error::New(env, "Network: out of memory copying layer " + std::to_string(i));
      } catch (const NetworkError& e) {
        throw Napi::RangeError::New(env, e.what());
      }
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
    if (x.ElementLength() != (size_t)batch * net_.nIn()) throw Napi::RangeError::New(env, "run: x length must be batch · nIn");
    if (out.ElementLength() != (size_t)batch * net_.nOut()) throw Napi::RangeError::New(env, "run: out length must be batch · nOut");
    try {
      net_.run(x.Data(), batch, out.Data());
    } catch (const NetworkError& e) {
      throw Napi::Error::New(env, e.what());
    }
    return env.Undefined();
  }

  InferenceNetwork net_;
};

}  // namespace

void registerNetwork(Napi::Env env, Napi::Object exports) { exports.Set("Network", Network::Define(env)); }

}  // namespace sk
