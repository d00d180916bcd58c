// The engine loops, written once with GCC vector extensions and included by each engine_isa_*.cc, which first
// defines EN_NS (namespace), EN_W (floats per vector), EN_GEMM_NV (vectors per GEMM tile row), EN_NAME, EN_GETTER
// and its target pragma.
#include <cfloat>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "../../kernels/native/isa.h"
#include "engine_isa.h"

namespace sk {
namespace engine {
namespace EN_NS {

typedef float vf __attribute__((vector_size(EN_W * 4)));
typedef int32_t vi __attribute__((vector_size(EN_W * 4)));
constexpr int W = EN_W;
constexpr int GEMM_ROWS = 6;
constexpr int GEMM_NV = EN_GEMM_NV;

static inline vf load(const float* p) {
  vf v;
  std::memcpy(&v, p, sizeof v);
  return v;
}
static inline void store(float* p, vf v) { std::memcpy(p, &v, sizeof v); }

// e^x for float lanes, Cephes' expf (range reduction by ln 2 in two parts, degree-5 polynomial): within ~1 ulp of
// glibc's expf. Inputs below −87.3 give ~1e-38 instead of a denormal or 0 (only a softmax's far tail: immaterial).
static inline vf expv(vf x) {
  x = x > 88.3762626647949f ? vf{} + 88.3762626647949f : x;
  x = x < -87.3365447504f ? vf{} - 87.3365447504f : x;
  const vf t = x * 1.44269504088896341f + 0.5f;
  vi n = __builtin_convertvector(t, vi);                 // truncates toward zero …
  n += (vi)(__builtin_convertvector(n, vf) > t);          // … so step down where that rounded up: floor(t)
  const vf fn = __builtin_convertvector(n, vf);
  vf r = x - fn * 0.693359375f;
  r = r - fn * -2.12194440e-4f;
  vf p = vf{} + 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  const vi bits = (n + 127) << 23;
  vf scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return p * scale;
}

static void softmaxXent(const float* logitsT, int classes, int stride, int count, const uint8_t* labels, float scale,
                        float* dLogitsT, double* lossSum, int64_t* correct) {
  double sum = 0;
  int64_t hits = 0;
  for (int b0 = 0; b0 < stride; b0 += W) {
    if (b0 >= count) {  // pad lanes: no loss, zero gradient
      if (dLogitsT)
        for (int c = 0; c < classes; c++) store(dLogitsT + (size_t)c * stride + b0, vf{});
      continue;
    }
    vf m = load(logitsT + b0);
    vi arg = vi{};
    for (int c = 1; c < classes; c++) {
      const vf x = load(logitsT + (size_t)c * stride + b0);
      const vi better = (vi)(x > m);  // strict: ties keep the first maximum, as tf.argMax
      arg = better ? vi{} + c : arg;
      m = x > m ? x : m;
    }
    vf s = vf{};
    for (int c = 0; c < classes; c++) s += expv(load(logitsT + (size_t)c * stride + b0) - m);
    vf lse;
    for (int i = 0; i < W; i++) lse[i] = m[i] + std::log(s[i]);
    const int lanes = count - b0 < W ? count - b0 : W;
    for (int i = 0; i < lanes; i++) {
      const int y = labels[b0 + i];
      sum += (double)-(logitsT[(size_t)y * stride + b0 + i] - lse[i]);
      hits += arg[i] == y;
    }
    if (!dLogitsT) continue;
    for (int c = 0; c < classes; c++) {
      vf onehot = vf{};
      for (int i = 0; i < lanes; i++) onehot[i] = labels[b0 + i] == c ? 1.f : 0.f;
      vf g = scale * (expv(load(logitsT + (size_t)c * stride + b0) - lse) - onehot);
      for (int i = lanes; i < W; i++) g[i] = 0.f;
      store(dLogitsT + (size_t)c * stride + b0, g);
    }
  }
  *lossSum += sum;
  *correct += hits;
}

// HostAdam's expression, evaluated in double exactly as JavaScript does (no FMA contraction), each moment rounded
// to float32 when stored, as HostAdam's Float32Arrays round it.
#pragma GCC push_options
#pragma GCC optimize("fp-contract=off")
static void adam(float* w, float* m, float* v, const float* g, size_t n, const AdamStep& s) {
  const double b1 = s.beta1, b2 = s.beta2, a1 = 1 - s.beta1, a2 = 1 - s.beta2;
  const double lr = s.learningRate, c1 = s.correction1, c2 = s.correction2, eps = s.epsilon;
  for (size_t i = 0; i < n; i++) {
    const double gi = g[i];
    const float mi = (float)(b1 * (double)m[i] + a1 * gi);
    const float vi = (float)(b2 * (double)v[i] + a2 * gi * gi);
    m[i] = mi;
    v[i] = vi;
    w[i] = (float)((double)w[i] - (lr * ((double)mi / c1)) / (std::sqrt((double)vi / c2) + eps));
  }
}
#pragma GCC pop_options

static void rowSums(const float* xT, int stride, int r0, int r1, float* out) {
  for (int r = r0; r < r1; r++) {
    const float* x = xT + (size_t)r * stride;
    vf a0 = vf{}, a1 = vf{};
    int b = 0;
    for (; b + 2 * W <= stride; b += 2 * W) {
      a0 += load(x + b);
      a1 += load(x + b + W);
    }
    for (; b < stride; b += W) a0 += load(x + b);
    a0 += a1;
    float s = 0;
    for (int i = 0; i < W; i++) s += a0[i];
    out[r] = s;
  }
}

// c[r*ldc + q] = epilogue_r(Σ_k a[r*ars + k*aks] · b[k*ldb + q]): R rows × NV vectors of accumulators in registers;
// per k, NV loads of b and R broadcasts of a feed R·NV FMAs.
template <int R, int NV, int EPI>
static inline void gemmBlock(const float* a, size_t ars, size_t aks, const float* b, size_t ldb, int K, float* c,
                             size_t ldc, const float* bias, const float* mask) {
  vf acc[R][NV];
  for (int r = 0; r < R; r++)
    for (int q = 0; q < NV; q++) acc[r][q] = vf{};
  for (int k = 0; k < K; k++) {
    vf bv[NV];
    for (int q = 0; q < NV; q++) bv[q] = load(b + (size_t)k * ldb + q * W);
    for (int r = 0; r < R; r++) {
      const float ar = a[r * ars + k * aks];
      for (int q = 0; q < NV; q++) acc[r][q] += ar * bv[q];
    }
  }
  for (int r = 0; r < R; r++) {
    for (int q = 0; q < NV; q++) {
      vf v = acc[r][q];
      if (EPI == kEpilogueBias || EPI == kEpilogueBiasRelu) v += bias[r];
      if (EPI == kEpilogueBiasRelu) v = v > 0.f ? v : vf{};
      if (EPI == kEpilogueReluMask) v *= load(mask + r * ldc + q * W) > 0.f ? vf{} + 1.f : vf{};
      store(c + r * ldc + q * W, v);
    }
  }
}

template <int R, int EPI>
static inline void gemmRows(const float* a, size_t ars, size_t aks, const float* b, size_t ldb, int K, int nv,
                            float* c, size_t ldc, const float* bias, const float* mask) {
  switch (nv) {
    case 1: return gemmBlock<R, 1, EPI>(a, ars, aks, b, ldb, K, c, ldc, bias, mask);
    case 2: return gemmBlock<R, (GEMM_NV >= 2 ? 2 : 1), EPI>(a, ars, aks, b, ldb, K, c, ldc, bias, mask);
    case 3: return gemmBlock<R, (GEMM_NV >= 3 ? 3 : 1), EPI>(a, ars, aks, b, ldb, K, c, ldc, bias, mask);
    default: return gemmBlock<R, GEMM_NV, EPI>(a, ars, aks, b, ldb, K, c, ldc, bias, mask);
  }
}

template <int EPI>
static inline void gemmEpilogue(const float* a, size_t ars, size_t aks, int rows, const float* b, size_t ldb, int K,
                                int nv, float* c, size_t ldc, const float* bias, const float* mask) {
  switch (rows) {
    case 1: return gemmRows<1, EPI>(a, ars, aks, b, ldb, K, nv, c, ldc, bias, mask);
    case 2: return gemmRows<2, EPI>(a, ars, aks, b, ldb, K, nv, c, ldc, bias, mask);
    case 3: return gemmRows<3, EPI>(a, ars, aks, b, ldb, K, nv, c, ldc, bias, mask);
    case 4: return gemmRows<4, EPI>(a, ars, aks, b, ldb, K, nv, c, ldc, bias, mask);
    case 5: return gemmRows<5, EPI>(a, ars, aks, b, ldb, K, nv, c, ldc, bias, mask);
    default: return gemmRows<GEMM_ROWS, EPI>(a, ars, aks, b, ldb, K, nv, c, ldc, bias, mask);
  }
}

static void gemm(const float* a, size_t ars, size_t aks, int rows, const float* b, size_t ldb, int K, int nv,
                 float* c, size_t ldc, int epilogue, const float* bias, const float* mask) {
  switch (epilogue) {
    case kEpilogueBias: return gemmEpilogue<kEpilogueBias>(a, ars, aks, rows, b, ldb, K, nv, c, ldc, bias, mask);
    case kEpilogueBiasRelu:
      return gemmEpilogue<kEpilogueBiasRelu>(a, ars, aks, rows, b, ldb, K, nv, c, ldc, bias, mask);
    case kEpilogueReluMask:
      return gemmEpilogue<kEpilogueReluMask>(a, ars, aks, rows, b, ldb, K, nv, c, ldc, bias, mask);
    default: return gemmEpilogue<kEpilogueNone>(a, ars, aks, rows, b, ldb, K, nv, c, ldc, bias, mask);
  }
}

// out[r] = max_q |c[r*ld + q]| over q < cols (a multiple of W), +inf where a row holds NaN or ±inf.
static void rowMaxAbs(const float* c, int rows, int cols, size_t ld, float* out) {
  const vf big = vf{} + FLT_MAX, inf = vf{} + INFINITY;
  for (int r = 0; r < rows; r++) {
    vf m = vf{};
    for (int q = 0; q < cols; q += W) {
      vf a = load(c + r * ld + q);
      a = a < 0.f ? -a : a;
      a = a <= big ? a : inf;  // NaN fails the comparison too
      m = a > m ? a : m;
    }
    float best = 0;
    for (int i = 0; i < W; i++) best = m[i] > best ? m[i] : best;
    out[r] = best;
  }
}

// 12 independent chains cover the FMA latency × issue width of current x86 cores; the values stay near 1.
static double fmaPeak(long iterations) {
  constexpr int kChains = 12;
  vf acc[kChains];
  for (int i = 0; i < kChains; i++) acc[i] = vf{} + 1.0f + i * 1e-3f;
  const vf mul = vf{} + 0.999999f, add = vf{} + 1e-6f;
  for (long it = 0; it < iterations; it++) {
    for (int i = 0; i < kChains; i++) acc[i] = acc[i] * mul + add;  // no fast-math: the chains cannot be folded
  }
  vf s = vf{};
  for (int i = 0; i < kChains; i++) s += acc[i];
  volatile float sink = s[0];
  (void)sink;
  return (double)iterations * kChains * W * 2;
}

}  // namespace EN_NS

const EngineKernels& EN_GETTER() {
  static const EngineKernels k = {EN_NAME,       EN_NS::W,          EN_NS::GEMM_ROWS, EN_NS::GEMM_NV * EN_NS::W,
                                  EN_NS::softmaxXent, EN_NS::adam,  EN_NS::rowSums,   EN_NS::gemm,      EN_NS::rowMaxAbs,
                                  EN_NS::fmaPeak};
  return k;
}

}  // namespace engine
}  // namespace sk
