// N-API surface of the sparse kernels: checks argument shapes (so a bad call throws instead of reading out of
// bounds), allocates zero-filled outputs and calls sparse_ops synchronously. CSR/CSC invariants (sorted, in-range
// indices) are validated once per structure on the JS side (lib/kernels/native.ts).
#include <napi.h>

#include <string>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "../../engine/native/engine_binding.h"
#include "network.h"
#include "sparse_ops.h"
#include "thread_pool.h"

namespace {

template <typename T>
T typedArg(const Napi::CallbackInfo& info, size_t i, size_t expectLen, const char* what) {
  const Napi::Value v = info[i];
  if (!v.IsTypedArray()) throw Napi::TypeError::New(info.Env(), std::string(what) + ": expected a typed array");
  const Napi::TypedArray ta = v.As<Napi::TypedArray>();
  const napi_typedarray_type want =
      std::is_same<T, Napi::Int32Array>::value ? napi_int32_array : napi_float32_array;
  if (ta.TypedArrayType() != want)
    throw Napi::TypeError::New(info.Env(), std::string(what) + ": wrong typed array type");
  if (ta.ElementLength() != expectLen)
    throw Napi::RangeError::New(info.Env(), std::string(what) + ": length " + std::to_string(ta.ElementLength()) +
                                                ", expected " + std::to_string(expectLen));
  return v.As<T>();
}

int intArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  const Napi::Value v = info[i];
  if (!v.IsNumber()) throw Napi::TypeError::New(info.Env(), std::string(what) + ": expected a number");
  const double d = v.As<Napi::Number>().DoubleValue();
  if (!(d >= 1 && d <= 2147483647.0) || d != (double)(int)d)
    throw Napi::RangeError::New(info.Env(), std::string(what) + ": expected a positive integer");
  return (int)d;
}

// Arguments common to every kernel: (rowPtr, colIdx, batch, nIn, nOut) at the given positions.
struct Shape {
  sk::CsrView w;
  Napi::Int32Array rowPtr, colIdx;
  int batch, nnz;
};

Shape shapeArgs(const Napi::CallbackInfo& info, size_t batchAt) {
  Shape s;
  s.batch = intArg(info, batchAt, "batch");
  const int nIn = intArg(info, batchAt + 1, "nIn"), nOut = intArg(info, batchAt + 2, "nOut");
  s.rowPtr = typedArg<Napi::Int32Array>(info, 0, (size_t)nOut + 1, "rowPtr");
  s.nnz = s.rowPtr[nOut];
  if (s.rowPtr[0] != 0 || s.nnz < 0) throw Napi::RangeError::New(info.Env(), "rowPtr: must run from 0 to nnz");
  s.colIdx = typedArg<Napi::Int32Array>(info, 1, (size_t)s.nnz, "colIdx");
  s.w = {nIn, nOut, s.rowPtr.Data(), s.colIdx.Data()};
  return s;
}

// forward(rowPtr, colIdx, values, x, batch, nIn, nOut) → Float32Array(batch·nOut)
Napi::Value Forward(const Napi::CallbackInfo& info) {
  const Shape s = shapeArgs(info, 4);
  auto values = typedArg<Napi::Float32Array>(info, 2, s.nnz, "values");
  auto x = typedArg<Napi::Float32Array>(info, 3, (size_t)s.batch * s.w.nIn, "x");
  auto y = Napi::Float32Array::New(info.Env(), (size_t)s.batch * s.w.nOut);
  sk::forward(sk::bestIsa(), s.w, values.Data(), x.Data(), s.batch, y.Data());
  return y;
}

// backwardInput(rowPtr, colIdx, values, dy, batch, nIn, nOut, cscPtr, cscRow, cscPerm) → Float32Array(batch·nIn)
Napi::Value BackwardInput(const Napi::CallbackInfo& info) {
  const Shape s = shapeArgs(info, 4);
  auto values = typedArg<Napi::Float32Array>(info, 2, s.nnz, "values");
  auto dy = typedArg<Napi::Float32Array>(info, 3, (size_t)s.batch * s.w.nOut, "dy");
  auto colPtr = typedArg<Napi::Int32Array>(info, 7, (size_t)s.w.nIn + 1, "cscPtr");
  auto rowIdx = typedArg<Napi::Int32Array>(info, 8, s.nnz, "cscRow");
  auto perm = typedArg<Napi::Int32Array>(info, 9, s.nnz, "cscPerm");
  if (colPtr[0] != 0 || colPtr[s.w.nIn] != s.nnz) throw Napi::RangeError::New(info.Env(), "cscPtr: must run 0..nnz");
  auto dx = Napi::Float32Array::New(info.Env(), (size_t)s.batch * s.w.nIn);
  sk::backwardInput(sk::bestIsa(), s.w, {colPtr.Data(), rowIdx.Data(), perm.Data()}, values.Data(), dy.Data(),
                    s.batch, dx.Data());
  return dx;
}

// backwardValues(rowPtr, colIdx, x, dy, batch, nIn, nOut) → Float32Array(nnz)
Napi::Value BackwardValues(const Napi::CallbackInfo& info) {
  const Shape s = shapeArgs(info, 4);
  auto x = typedArg<Napi::Float32Array>(info, 2, (size_t)s.batch * s.w.nIn, "x");
  auto dy = typedArg<Napi::Float32Array>(info, 3, (size_t)s.batch * s.w.nOut, "dy");
  auto dv = Napi::Float32Array::New(info.Env(), s.nnz);
  sk::backwardValues(sk::bestIsa(), s.w, x.Data(), dy.Data(), s.batch, dv.Data());
  return dv;
}

// info() → { isa, threads }: what this process runs on (for reports and the methods notebook).
Napi::Value Info(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("isa", sk::bestIsa().name);
  o.Set("threads", sk::poolSize());
  return o;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
#if defined(M_TOP_PAD)
  // Every kernel (and every tfjs read) returns a fresh typed array; with glibc's defaults the heap is trimmed and
  // re-grown between calls, and page faults on the new output doubled the cost of small kernels. Keeping up to
  // 32 MB of freed heap (process-wide) removes that churn. Setting any of these turns off glibc's dynamic mmap
  // threshold, so the threshold is raised explicitly too: otherwise every array over 128 KB (a batch of images)
  // would get fresh, faulting pages from mmap on each allocation.
  mallopt(M_TOP_PAD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
  sk::poolAcquire();
  napi_add_env_cleanup_hook(env, [](void*) { sk::poolRelease(); }, nullptr);
  exports.Set("forward", Napi::Function::New(env, Forward));
  exports.Set("backwardInput", Napi::Function::New(env, BackwardInput));
  exports.Set("backwardValues", Napi::Function::New(env, BackwardValues));
  exports.Set("info", Napi::Function::New(env, Info));
  sk::registerNetwork(env, exports);
  sk::engine::registerEngine(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(sparse_kernels, Init)
