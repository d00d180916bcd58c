// The hot loops, written once with GCC vector extensions and included by each isa_*.cc, which first defines
// SK_NS (namespace), SK_W (floats per vector), SK_NV (vectors per register tile), SK_NAME and its target pragma.
// Register tiles: a tile of SK_NV vectors of the batch stays in registers while we stream over a row's edges,
// so each edge costs one load + one FMA per vector (no accumulator traffic through memory).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <immintrin.h>

#include "isa.h"

namespace sk {
namespace SK_NS {

typedef float vf __attribute__((vector_size(SK_W * 4)));
constexpr int W = SK_W;
constexpr int NV = SK_NV;
constexpr int TILE = W * NV;

static inline float hsum(vf v) {
  float s = 0;
  for (int i = 0; i < W; i++) s += v[i];
  return s;
}

// tile[0..N*W) = epilogue(Σ_k v(k) · srcT[idx[k]*stride + b0 ..]): the sum is the same for every epilogue, so the
// fused forms (bias, ReLU, ReLU-gradient mask) give bit-identical results to a separate pass after the plain store.
// With PF (a source far larger than the caches, so every edge's row is a DRAM miss), the source row of the edge
// kPrefetch ahead (up to edge kEnd) is requested before it is needed, so several misses are in flight instead of one
// at a time: about 2x on random 512-byte rows of a 50 MB buffer (8 ahead beat 16).
constexpr int kPrefetch = 8;

template <int N>
static inline void prefetchRow(const float* row) {
  for (int line = 0; line < N * W; line += 64 / (int)sizeof(float)) __builtin_prefetch(row + line, 0, 3);
}

template <int N, bool PERM, int EPI, bool PF>
static inline void gatherTile(const int32_t* idx, const int32_t* perm, const float* values, int k0, int k1, int kEnd,
                              const float* srcT, size_t stride, float bias, const float* mask, float* tile) {
  vf acc[N];
  for (int j = 0; j < N; j++) acc[j] = vf{};
  for (int k = k0; k < k1; k++) {
    if (PF && k + kPrefetch < kEnd) prefetchRow<N>(srcT + (size_t)idx[k + kPrefetch] * stride);
    const float w = values[PERM ? perm[k] : k];
    const vf* s = reinterpret_cast<const vf*>(srcT + (size_t)idx[k] * stride);
    for (int j = 0; j < N; j++) acc[j] += w * s[j];
  }
  for (int j = 0; j < N; j++) {
    vf a = acc[j];
    if (EPI == kEpilogueBias || EPI == kEpilogueBiasRelu) a += bias;
    if (EPI == kEpilogueBiasRelu) a = a > 0.f ? a : vf{};
    // dy · step(x), as tfjs's ReLU gradient computes it (a multiply, so NaN and signed zeros behave alike).
    if (EPI == kEpilogueReluMask) a *= reinterpret_cast<const vf*>(mask)[j] > 0.f ? vf{} + 1.f : vf{};
    reinterpret_cast<vf*>(tile)[j] = a;
  }
}

template <int EPI, bool PF>
static void gatherRowsEpilogueT(const int32_t* ptr, const int32_t* idx, const int32_t* perm, const float* values,
                                const float* srcT, int stride, int r0, int r1, float* outT, const float* bias,
                                const float* maskT) {
  const int kEnd = ptr[r1];
  for (int b0 = 0; b0 < stride; b0 += TILE) {
    const int nv = (stride - b0 < TILE ? stride - b0 : TILE) / W;  // stride is a multiple of W, so nv ≤ NV
    const float* src = srcT + b0;
    for (int r = r0; r < r1; r++) {
      const int k0 = ptr[r], k1 = ptr[r + 1];
      float* tile = outT + (size_t)r * stride + b0;
      const float b = bias ? bias[r] : 0.f;
      const float* mask = maskT ? maskT + (size_t)r * stride + b0 : nullptr;
      switch (nv * 2 + (perm != nullptr)) {  // a full tile is the common case; partial tiles only at the end
#define SK_CASE(n)                                                                                       \
  case 2 * n:                                                                                            \
    gatherTile<(n <= NV ? n : 1), false, EPI, PF>(idx, perm, values, k0, k1, kEnd, src, stride, b, mask, tile); \
    break;                                                                                               \
  case 2 * n + 1:                                                                                        \
    gatherTile<(n <= NV ? n : 1), true, EPI, PF>(idx, perm, values, k0, k1, kEnd, src, stride, b, mask, tile);  \
    break;
        SK_CASE(1) SK_CASE(2) SK_CASE(3) SK_CASE(4) SK_CASE(5) SK_CASE(6) SK_CASE(7) SK_CASE(8)
#undef SK_CASE
      }
    }
  }
}

static void gatherRowsT(const int32_t* ptr, const int32_t* idx, const int32_t* perm, const float* values,
                        const float* srcT, int stride, int r0, int r1, float* outT) {
  gatherRowsEpilogueT<kEpilogueNone, false>(ptr, idx, perm, values, srcT, stride, r0, r1, outT, nullptr, nullptr);
}

template <bool PF>
static void gatherRowsFused(const int32_t* ptr, const int32_t* idx, const int32_t* perm, const float* values,
                            const float* srcT, int stride, int r0, int r1, float* outT, int epilogue,
                            const float* bias, const float* maskT) {
  switch (epilogue) {
    case kEpilogueBias:
      return gatherRowsEpilogueT<kEpilogueBias, PF>(ptr, idx, perm, values, srcT, stride, r0, r1, outT, bias, maskT);
    case kEpilogueBiasRelu:
      return gatherRowsEpilogueT<kEpilogueBiasRelu, PF>(ptr, idx, perm, values, srcT, stride, r0, r1, outT, bias,
                                                        maskT);
    case kEpilogueReluMask:
      return gatherRowsEpilogueT<kEpilogueReluMask, PF>(ptr, idx, perm, values, srcT, stride, r0, r1, outT, bias,
                                                        maskT);
    default:
      return gatherRowsEpilogueT<kEpilogueNone, PF>(ptr, idx, perm, values, srcT, stride, r0, r1, outT, bias, maskT);
  }
}

static void gatherRowsFusedT(const int32_t* ptr, const int32_t* idx, const int32_t* perm, const float* values,
                             const float* srcT, int stride, int r0, int r1, float* outT, int epilogue,
                             const float* bias, const float* maskT) {
  if (epilogue & kFarSource)
    gatherRowsFused<true>(ptr, idx, perm, values, srcT, stride, r0, r1, outT, epilogue & ~kFarSource, bias, maskT);
  else
    gatherRowsFused<false>(ptr, idx, perm, values, srcT, stride, r0, r1, outT, epilogue, bias, maskT);
}

typedef float v8 __attribute__((vector_size(32)));
typedef int32_t i8 __attribute__((vector_size(32)));

// One 8×8 block from 8 row pointers: unpack pairs, then quads, then 128-bit halves (the classic AVX transpose).
static inline void transpose8(const float* const* rows, float* b, size_t ldb) {
  v8 r[8], t[8], u[8];
  for (int i = 0; i < 8; i++) std::memcpy(&r[i], rows[i], sizeof(v8));
  for (int i = 0; i < 4; i++) {
    t[2 * i] = __builtin_shuffle(r[2 * i], r[2 * i + 1], i8{0, 8, 1, 9, 4, 12, 5, 13});
    t[2 * i + 1] = __builtin_shuffle(r[2 * i], r[2 * i + 1], i8{2, 10, 3, 11, 6, 14, 7, 15});
  }
  for (int h = 0; h < 2; h++) {
    for (int p = 0; p < 2; p++) {
      u[4 * h + p] = __builtin_shuffle(t[4 * h + p], t[4 * h + p + 2], i8{0, 1, 8, 9, 4, 5, 12, 13});
      u[4 * h + p + 2] = __builtin_shuffle(t[4 * h + p], t[4 * h + p + 2], i8{2, 3, 10, 11, 6, 7, 14, 15});
    }
  }
  static const int column[4] = {0, 2, 1, 3};  // u[j] holds columns column[j] (low half) and column[j]+4 (high)
  for (int j = 0; j < 4; j++) {
    const v8 lo = __builtin_shuffle(u[j], u[j + 4], i8{0, 1, 2, 3, 8, 9, 10, 11});
    const v8 hi = __builtin_shuffle(u[j], u[j + 4], i8{4, 5, 6, 7, 12, 13, 14, 15});
    std::memcpy(b + column[j] * ldb, &lo, sizeof(v8));
    std::memcpy(b + (column[j] + 4) * ldb, &hi, sizeof(v8));
  }
}

// b[j*ldb + i] = rows[i][col0 + j]: rows anywhere (a batch gathered from dataset examples). Blocks of 16 rows × 8
// columns: the two 8×8 transposes fill whole 64-byte output lines at once, and only 16 input streams are open.
static void transposeRows(const float* const* rows, int col0, float* b, size_t ldb, int nRows, int cols) {
  const int rows16 = nRows & ~15, cols8 = cols & ~7;
  for (int i = 0; i < rows16; i += 16) {
    const float* r[16];
    for (int j = 0; j < cols8; j += 8) {
      for (int q = 0; q < 16; q++) r[q] = rows[i + q] + col0 + j;
      transpose8(r, b + j * ldb + i, ldb);
      transpose8(r + 8, b + j * ldb + i + 8, ldb);
    }
  }
  for (int j = 0; j < cols8; j++)
    for (int i = rows16; i < nRows; i++) b[j * ldb + i] = rows[i][col0 + j];
  for (int j = cols8; j < cols; j++)
    for (int i = 0; i < nRows; i++) b[j * ldb + i] = rows[i][col0 + j];
}

static void transpose(const float* a, size_t lda, float* b, size_t ldb, int rows, int cols) {
  const int rows8 = rows & ~7, cols8 = cols & ~7;
  for (int j = 0; j < cols8; j += 8) {
    for (int i = 0; i < rows8; i += 8) {
      const float* r[8];
      for (int q = 0; q < 8; q++) r[q] = a + (i + q) * lda + j;
      transpose8(r, b + j * ldb + i, ldb);
    }
    for (int jj = j; jj < j + 8; jj++)
      for (int i = rows8; i < rows; i++) b[jj * ldb + i] = a[i * lda + jj];
  }
  for (int j = cols8; j < cols; j++)
    for (int i = 0; i < rows; i++) b[j * ldb + i] = a[i * lda + j];
}

typedef int32_t vi __attribute__((vector_size(SK_W * 4)));

// x and y each hold W/G groups of G lanes; returns their 2W/G groups of G/2 lanes (x's first), each the sum of its
// group's two halves. Constant masks: one two-source permute and one add per call.
template <int G>
static inline vf pairReduce(vf x, vf y) {
  vi lo, hi;
  for (int o = 0; o < W; o++) {
    const int group = o / (G / 2), h = o % (G / 2);
    lo[o] = group * G + h;
    hi[o] = group * G + G / 2 + h;
  }
  return __builtin_shuffle(x, y, lo) + __builtin_shuffle(x, y, hi);
}

// The sums of four vectors in lanes 0..3, by a tree of pairwise reductions: about 3 vector ops per sum where a
// scalar loop over the lanes takes W − 1 dependent adds.
static inline vf hsum4(vf a, vf b, vf c, vf d) {
  vf s = pairReduce<W / 2>(pairReduce<W>(a, b), pairReduce<W>(c, d));  // 4 groups of W/4 lanes
  if (W >= 8) s = pairReduce<(W >= 8 ? W / 4 : 2)>(s, s);
  if (W >= 16) s = pairReduce<(W >= 16 ? W / 8 : 2)>(s, s);
  return s;
}

// dv[k] += dot(d, xT[colIdx[k]] ..) for k∈[k0,k1), d = one row of dyT held in N registers. Four edges at a time
// with two accumulators each, so eight independent FMA chains hide the FMA latency.
template <int N, bool PF>
static inline void dotTile(const int32_t* colIdx, const float* dyRow, const float* xT, size_t stride, int k0, int k1,
                           int kEnd, float* dv) {
  vf d[N];
  for (int j = 0; j < N; j++) d[j] = reinterpret_cast<const vf*>(dyRow)[j];
  int k = k0;
  for (; k + 4 <= k1; k += 4) {
    if (PF)
      for (int q = kPrefetch; q < kPrefetch + 4; q++)
        if (k + q < kEnd) prefetchRow<N>(xT + (size_t)colIdx[k + q] * stride);
    const vf* x0 = reinterpret_cast<const vf*>(xT + (size_t)colIdx[k] * stride);
    const vf* x1 = reinterpret_cast<const vf*>(xT + (size_t)colIdx[k + 1] * stride);
    const vf* x2 = reinterpret_cast<const vf*>(xT + (size_t)colIdx[k + 2] * stride);
    const vf* x3 = reinterpret_cast<const vf*>(xT + (size_t)colIdx[k + 3] * stride);
    vf a0[2] = {}, a1[2] = {}, a2[2] = {}, a3[2] = {};
    for (int j = 0; j < N; j++) {
      a0[j & 1] += d[j] * x0[j];
      a1[j & 1] += d[j] * x1[j];
      a2[j & 1] += d[j] * x2[j];
      a3[j & 1] += d[j] * x3[j];
    }
    const vf sums = hsum4(a0[0] + a0[1], a1[0] + a1[1], a2[0] + a2[1], a3[0] + a3[1]);
    dv[k] += sums[0];
    dv[k + 1] += sums[1];
    dv[k + 2] += sums[2];
    dv[k + 3] += sums[3];
  }
  for (; k < k1; k++) {
    const vf* x0 = reinterpret_cast<const vf*>(xT + (size_t)colIdx[k] * stride);
    vf a[2] = {};
    for (int j = 0; j < N; j++) a[j & 1] += d[j] * x0[j];
    dv[k] += hsum(a[0] + a[1]);
  }
}

template <bool PF>
static void edgeDots_(const int32_t* rowPtr, const int32_t* colIdx, const float* dyT, const float* xT, int stride,
                      int r0, int r1, float* dv) {
  const int kEnd = rowPtr[r1];
  for (int b0 = 0; b0 < stride; b0 += TILE) {
    const int nv = (stride - b0 < TILE ? stride - b0 : TILE) / W;  // stride is a multiple of W; pads are zero
    for (int r = r0; r < r1; r++) {
      const float* dyRow = dyT + (size_t)r * stride + b0;
      const int k0 = rowPtr[r], k1 = rowPtr[r + 1];
      switch (nv) {
#define SK_CASE(n) \
  case n: dotTile<(n <= NV ? n : 1), PF>(colIdx, dyRow, xT + b0, stride, k0, k1, kEnd, dv); break;
        SK_CASE(1) SK_CASE(2) SK_CASE(3) SK_CASE(4) SK_CASE(5) SK_CASE(6) SK_CASE(7) SK_CASE(8)
#undef SK_CASE
      }
    }
  }
}

static void edgeDotsT(const int32_t* rowPtr, const int32_t* colIdx, const float* dyT, const float* xT, int stride,
                      int r0, int r1, float* dv) {
  edgeDots_<false>(rowPtr, colIdx, dyT, xT, stride, r0, r1, dv);
}

static void edgeDotsFarT(const int32_t* rowPtr, const int32_t* colIdx, const float* dyT, const float* xT, int stride,
                         int r0, int r1, float* dv) {
  edgeDots_<true>(rowPtr, colIdx, dyT, xT, stride, r0, r1, dv);
}

// dX and dW of a layer in one pass over its transposed graph, for layers whose input is far larger than the caches:
// by input row i, each edge k (output row j = idx[k], CSR edge perm[k]) loads dz[j] once and uses it twice:
//   outT[i] = step(xT[i]) · Σ_k values[perm[k]] · dzT[j]   (dX with the ReLU-gradient mask; no mask if !relu)
//   grad[perm[k]] += dot(dzT[j], xT[i])                    (dW; xT[i] is the row held in registers)
// so dW needs no random reads of the input at all (edgeDotsT reads one input row per edge). grad must arrive zeroed.
template <int N, bool RELU>
static inline void gatherDotsTile(const int32_t* idx, const int32_t* perm, const float* values, int k0, int k1,
                                  int kEnd, const float* dzT, const float* xRow, size_t stride, float* outTile,
                                  float* grad) {
  vf x[N], acc[N];
  for (int j = 0; j < N; j++) x[j] = reinterpret_cast<const vf*>(xRow)[j], acc[j] = vf{};
  int k = k0;
  for (; k + 4 <= k1; k += 4) {
    for (int q = kPrefetch; q < kPrefetch + 4; q++)
      if (k + q < kEnd) prefetchRow<N>(dzT + (size_t)idx[k + q] * stride);
    vf p[4][2] = {};
    for (int e = 0; e < 4; e++) {
      const vf* d = reinterpret_cast<const vf*>(dzT + (size_t)idx[k + e] * stride);
      const float w = values[perm[k + e]];
      for (int j = 0; j < N; j++) {
        acc[j] += w * d[j];
        p[e][j & 1] += x[j] * d[j];
      }
    }
    const vf sums = hsum4(p[0][0] + p[0][1], p[1][0] + p[1][1], p[2][0] + p[2][1], p[3][0] + p[3][1]);
    for (int e = 0; e < 4; e++) grad[perm[k + e]] += sums[e];
  }
  for (; k < k1; k++) {
    const vf* d = reinterpret_cast<const vf*>(dzT + (size_t)idx[k] * stride);
    const float w = values[perm[k]];
    vf p[2] = {};
    for (int j = 0; j < N; j++) {
      acc[j] += w * d[j];
      p[j & 1] += x[j] * d[j];
    }
    grad[perm[k]] += hsum(p[0] + p[1]);
  }
  for (int j = 0; j < N; j++) {
    vf a = acc[j];
    if (RELU) a *= x[j] > 0.f ? vf{} + 1.f : vf{};
    reinterpret_cast<vf*>(outTile)[j] = a;
  }
}

template <bool RELU>
static void gatherDots_(const int32_t* ptr, const int32_t* idx, const int32_t* perm, const float* values,
                        const float* dzT, const float* xT, int stride, int i0, int i1, float* outT, float* grad) {
  const int kEnd = ptr[i1];
  for (int b0 = 0; b0 < stride; b0 += TILE) {
    const int nv = (stride - b0 < TILE ? stride - b0 : TILE) / W;
    for (int i = i0; i < i1; i++) {
      const float* xRow = xT + (size_t)i * stride + b0;
      float* out = outT ? outT + (size_t)i * stride + b0 : nullptr;
      switch (nv) {
#define SK_CASE(n)                                                                                             \
  case n:                                                                                                      \
    gatherDotsTile<(n <= NV ? n : 1), RELU>(idx, perm, values, ptr[i], ptr[i + 1], kEnd, dzT + b0, xRow, stride, \
                                            out, grad);                                                        \
    break;
        SK_CASE(1) SK_CASE(2) SK_CASE(3) SK_CASE(4) SK_CASE(5) SK_CASE(6) SK_CASE(7) SK_CASE(8)
#undef SK_CASE
      }
    }
  }
}

static void gatherRowsWithDotsT(const int32_t* ptr, const int32_t* idx, const int32_t* perm, const float* values,
                                const float* dzT, const float* xT, int stride, int i0, int i1, float* outT,
                                bool relu, float* grad) {
  if (relu) gatherDots_<true>(ptr, idx, perm, values, dzT, xT, stride, i0, i1, outT, grad);
  else gatherDots_<false>(ptr, idx, perm, values, dzT, xT, stride, i0, i1, outT, grad);
}

// Small batches: row-wise dot products with register accumulators straight on batch-major data.
template <bool PERM>
static void gatherRows_(const int32_t* ptr, const int32_t* idx, const int32_t* perm, const float* values,
                        const float* src, int srcStride, int batch, int r0, int r1, float* out, int outStride) {
  for (int b = 0; b < batch; b++) {
    const float* s = src + (size_t)b * srcStride;
    float* o = out + (size_t)b * outStride;
    for (int r = r0; r < r1; r++) {
      const int k1 = ptr[r + 1];
      int k = ptr[r];
      float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      for (; k + 4 <= k1; k += 4) {
        a0 += values[PERM ? perm[k] : k] * s[idx[k]];
        a1 += values[PERM ? perm[k + 1] : k + 1] * s[idx[k + 1]];
        a2 += values[PERM ? perm[k + 2] : k + 2] * s[idx[k + 2]];
        a3 += values[PERM ? perm[k + 3] : k + 3] * s[idx[k + 3]];
      }
      for (; k < k1; k++) a0 += values[PERM ? perm[k] : k] * s[idx[k]];
      o[r] = (a0 + a1) + (a2 + a3);
    }
  }
}

static void gatherRows(const int32_t* ptr, const int32_t* idx, const int32_t* perm, const float* values,
                       const float* src, int srcStride, int batch, int r0, int r1, float* out, int outStride) {
  if (perm) gatherRows_<true>(ptr, idx, perm, values, src, srcStride, batch, r0, r1, out, outStride);
  else gatherRows_<false>(ptr, idx, perm, values, src, srcStride, batch, r0, r1, out, outStride);
}

static void edgeDots(const int32_t* rowPtr, const int32_t* colIdx, const float* dy, int nOut, const float* x, int nIn,
                     int batch, int r0, int r1, float* dv) {
  for (int r = r0; r < r1; r++) {
    const int k0 = rowPtr[r], k1 = rowPtr[r + 1];
    for (int b = 0; b < batch; b++) {
      const float g = dy[(size_t)b * nOut + r];
      const float* xs = x + (size_t)b * nIn;
      for (int k = k0; k < k1; k++) dv[k] += g * xs[colIdx[k]];
    }
  }
}

// y[r] = Σ_i w[r*n + i] · x[i] for r < m: a fully connected layer (row-major weights) for one example. The rows are
// independent, so out-of-order execution overlaps one row's reduction with the next row's multiplies.
static void denseRows(const float* w, int m, int n, const float* x, float* y) {
  for (int r = 0; r < m; r++) {
    const float* row = w + (size_t)r * n;
    vf acc = vf{};
    int i = 0;
    for (; i + W <= n; i += W) {
      vf a, b;
      std::memcpy(&a, row + i, sizeof a);
      std::memcpy(&b, x + i, sizeof b);
      acc += a * b;
    }
    float sum = hsum(acc);
    for (; i < n; i++) sum += row[i] * x[i];
    y[r] = sum;
  }
}

#if SK_W != 16
// For each 4-bit mask, the pshufb control that moves the lanes set in it (4 bytes each) to the front, in order.
struct CompressTable {
  uint8_t control[16][16];
};
static constexpr CompressTable makeCompressTable() {
  CompressTable t{};
  for (int m = 0; m < 16; m++) {
    int o = 0;
    for (int lane = 0; lane < 4; lane++)
      if (m >> lane & 1) {
        for (int c = 0; c < 4; c++) t.control[m][o * 4 + c] = (uint8_t)(lane * 4 + c);
        o++;
      }
    for (; o < 4; o++)
      for (int c = 0; c < 4; c++) t.control[m][o * 4 + c] = 0x80;
  }
  return t;
}
alignas(16) static constexpr CompressTable kCompress = makeCompressTable();
#endif

// at[0..count) = the i < n with x[i] ≠ 0 (NaN included), ascending; returns count. Whole vectors are stored, so `at`
// holds n + 16 entries. Branch-free, 16 (AVX-512's compress) or 4 (a shuffle picked by the mask) inputs at a time.
static int listNonzero(const float* x, int n, int32_t* at) {
  int count = 0, i = 0;
#if SK_W == 16
  __m512i idx = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
  for (; i + 16 <= n; i += 16) {
    const __mmask16 m = _mm512_cmp_ps_mask(_mm512_loadu_ps(x + i), _mm512_setzero_ps(), _CMP_NEQ_UQ);
    _mm512_storeu_si512(at + count, _mm512_maskz_compress_epi32(m, idx));
    count += __builtin_popcount(m);
    idx = _mm512_add_epi32(idx, _mm512_set1_epi32(16));
  }
#else
  const __m128i lanes = _mm_setr_epi32(0, 1, 2, 3);
  for (; i + 4 <= n; i += 4) {
    const int m = _mm_movemask_ps(_mm_cmpneq_ps(_mm_loadu_ps(x + i), _mm_setzero_ps()));
    const __m128i control = _mm_load_si128(reinterpret_cast<const __m128i*>(kCompress.control[m]));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(at + count), _mm_shuffle_epi8(_mm_add_epi32(_mm_set1_epi32(i), lanes), control));
    count += __builtin_popcount(m);
  }
#endif
  for (; i < n; i++) {
    at[count] = i;
    count += x[i] != 0.f;
  }
  return count;
}

}  // namespace SK_NS

const IsaKernels& SK_GETTER() {
  static const IsaKernels k = {SK_NAME,          SK_NS::W,          SK_NS::gatherRowsT, SK_NS::edgeDotsT,
                               SK_NS::transpose, SK_NS::gatherRows, SK_NS::edgeDots,   SK_NS::gatherRowsFusedT,
                               SK_NS::transposeRows, SK_NS::edgeDotsFarT, SK_NS::gatherRowsWithDotsT,
                               SK_NS::denseRows,     SK_NS::listNonzero};
  return k;
}

}  // namespace sk
