#include "sparse_ops.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "thread_pool.h"

namespace sk {
namespace {

// Below this batch the transposes cost more than they save: use row-wise dots on batch-major data.
constexpr int kSmallBatch = 4;
// Below this many multiply-adds a job runs on the calling thread: the hand-off would cost more than it saves.
constexpr double kParallelWork = 150e3;
// Per-row overhead in edge units (output stores, loop set-up) when balancing rows across threads.
constexpr int kRowCost = 4;

struct AlignedFree {
  void operator()(float* p) const { std::free(p); }
};

// Reusable 64-byte aligned scratch owned by the calling thread (workers only read/write it during a job).
class Scratch {
 public:
  float* get(size_t n) {
    if (n > cap_) {
      const size_t bytes = ((n * sizeof(float) + 63) / 64) * 64;
      float* p = static_cast<float*>(std::aligned_alloc(64, bytes));
      if (p == nullptr) throw std::bad_alloc();  // callers turn it into a JS exception
      buf_.reset(p);
      cap_ = bytes / sizeof(float);
    }
    return buf_.get();
  }

 private:
  std::unique_ptr<float, AlignedFree> buf_;
  size_t cap_ = 0;
};

thread_local Scratch scratchA, scratchB;

int paddedStride(int batch, int width) { return (batch + width - 1) / width * width; }

// Columns [c0, c1) of batch-major src (batch×n) into feature-major dst (n×stride), zeroing the padding.
void toFeatureMajor(const IsaKernels& isa, const float* src, int batch, int n, float* dst, int stride, int c0, int c1) {
  isa.transpose(src + c0, n, dst + (size_t)c0 * stride, stride, batch, c1 - c0);
  if (stride > batch)
    for (int c = c0; c < c1; c++) std::memset(dst + (size_t)c * stride + batch, 0, (stride - batch) * sizeof(float));
}

// Rows [c0, c1) of feature-major srcT (n×stride) into columns of batch-major dst (batch×n).
void toBatchMajor(const IsaKernels& isa, const float* srcT, int stride, int n, int batch, float* dst, int c0, int c1) {
  isa.transpose(srcT + (size_t)c0 * stride, stride, dst + c0, n, c1 - c0, batch);
}

int evenSplit(int n, int t, int parts) { return (int)((long)n * t / parts); }

// out = Σ over the rows of (ptr, idx[, perm]) of values · src, for forward (CSR) and backwardInput (CSC):
// feature-major in, register-tiled rows, feature-major out, transposed back.
void gather(const IsaKernels& isa, const int32_t* ptr, const int32_t* idx, const int32_t* perm, int nRows,
            int nSrc, const float* values, const float* src, int batch, float* out) {
  const int threads = threadsFor((double)ptr[nRows] * batch);
  const std::vector<int> rows = balancedRows(ptr, nRows, threads);
  if (batch < kSmallBatch) {
    poolRun(threads, [&](int t) {
      isa.gatherRows(ptr, idx, perm, values, src, nSrc, batch, rows[t], rows[t + 1], out, nRows);
    });
    return;
  }
  const int stride = paddedStride(batch, isa.width);
  float* srcT = scratchA.get((size_t)nSrc * stride);
  float* outT = scratchB.get((size_t)nRows * stride);
  poolRun(threads, [&](int t) {
    toFeatureMajor(isa, src, batch, nSrc, srcT, stride, evenSplit(nSrc, t, threads), evenSplit(nSrc, t + 1, threads));
  });
  poolRun(threads, [&](int t) { isa.gatherRowsT(ptr, idx, perm, values, srcT, stride, rows[t], rows[t + 1], outT); });
  poolRun(threads, [&](int t) {
    toBatchMajor(isa, outT, stride, nRows, batch, out, evenSplit(nRows, t, threads), evenSplit(nRows, t + 1, threads));
  });
}

const IsaKernels& detectIsa() {
  const char* cap = std::getenv("SPARSE_ISA");
  const std::string want = cap ? cap : "avx512";
  __builtin_cpu_init();
  const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl");
  const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  if (want == "avx512" && avx512) return isaAvx512();
  if ((want == "avx512" || want == "avx2") && avx2) return isaAvx2();
  return isaBase();
}

}  // namespace

int threadsFor(double work) {
  if (work < kParallelWork) return 1;
  return std::min(poolSize(), (int)(work / (kParallelWork / 2)));
}

// First index r with ptr[r] + r*kRowCost >= target (the prefix cost is monotone).
static int splitPoint(const int32_t* ptr, int n, double target) {
  int lo = 0, hi = n;
  while (lo < hi) {
    const int mid = (lo + hi) / 2;
    if ((double)ptr[mid] + (double)mid * kRowCost < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

// Rows [bounds[t], bounds[t+1]) go to part t, each with about the same edges + row overhead.
std::vector<int> balancedRows(const int32_t* ptr, int n, int parts) {
  std::vector<int> bounds(parts + 1, n);
  bounds[0] = 0;
  const double total = (double)ptr[n] + (double)n * kRowCost;
  for (int t = 1; t < parts; t++) bounds[t] = std::max(bounds[t - 1], splitPoint(ptr, n, total * t / parts));
  return bounds;
}

void transposeStructure(const CsrView& w, std::vector<int32_t>& colPtr, std::vector<int32_t>& rowIdx,
                        std::vector<int32_t>& perm) {
  const size_t nnz = (size_t)w.rowPtr[w.nOut];
  colPtr.assign(w.nIn + 1, 0);
  rowIdx.resize(nnz);
  perm.resize(nnz);
  for (size_t k = 0; k < nnz; k++) colPtr[w.colIdx[k] + 1]++;
  for (int i = 0; i < w.nIn; i++) colPtr[i + 1] += colPtr[i];
  std::vector<int32_t> next(colPtr.begin(), colPtr.end() - 1);
  for (int j = 0; j < w.nOut; j++) {
    for (int32_t k = w.rowPtr[j]; k < w.rowPtr[j + 1]; k++) {
      const int32_t at = next[w.colIdx[k]]++;
      rowIdx[at] = j;
      perm[at] = k;
    }
  }
}

const IsaKernels& bestIsa() {
  static const IsaKernels& isa = detectIsa();
  return isa;
}

void forward(const IsaKernels& isa, const CsrView& w, const float* values, const float* x, int batch, float* y) {
  gather(isa, w.rowPtr, w.colIdx, nullptr, w.nOut, w.nIn, values, x, batch, y);
}

void backwardInput(const IsaKernels& isa, const CsrView& w, const CscView& wt, const float* values, const float* dy,
                   int batch, float* dx) {
  gather(isa, wt.colPtr, wt.rowIdx, wt.perm, w.nIn, w.nOut, values, dy, batch, dx);
}

void backwardValues(const IsaKernels& isa, const CsrView& w, const float* x, const float* dy, int batch, float* dv) {
  const int threads = threadsFor((double)w.rowPtr[w.nOut] * batch);
  const std::vector<int> rows = balancedRows(w.rowPtr, w.nOut, threads);
  if (batch < kSmallBatch) {
    poolRun(threads, [&](int t) {
      isa.edgeDots(w.rowPtr, w.colIdx, dy, w.nOut, x, w.nIn, batch, rows[t], rows[t + 1], dv);
    });
    return;
  }
  const int stride = paddedStride(batch, isa.width);
  float* xT = scratchA.get((size_t)w.nIn * stride);
  float* dyT = scratchB.get((size_t)w.nOut * stride);
  poolRun(threads, [&](int t) {
    toFeatureMajor(isa, x, batch, w.nIn, xT, stride, evenSplit(w.nIn, t, threads), evenSplit(w.nIn, t + 1, threads));
    toFeatureMajor(isa, dy, batch, w.nOut, dyT, stride, evenSplit(w.nOut, t, threads), evenSplit(w.nOut, t + 1, threads));
  });
  poolRun(threads, [&](int t) { isa.edgeDotsT(w.rowPtr, w.colIdx, dyT, xT, stride, rows[t], rows[t + 1], dv); });
}

}  // namespace sk
