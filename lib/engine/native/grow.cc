// RigL's grow criterion on the engine: the dense gradient dL/dW = dZ·Xᵀ of one layer on one batch, at every
// position, reduced tile by tile so no nOut × nIn buffer ever exists. Each pool thread takes a band of output rows
// and walks it in blocks (kBlockRows rows of dZ stay in L2 while the input sweeps past), computing GEMM tiles
// (tileRows × tileCols) from dZ (feature-major) and Xᵀ (the layer input transposed once into column panels, each a
// contiguous batch × tileCols block), and keeps its own top-k buffer; a tile row whose largest |g| is below its
// threshold is skipped with a few vector ops. Memory: the transposed input (batch × nIn) plus O(k) per thread.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <string>

#include "../../kernels/native/sparse_ops.h"
#include "../../kernels/native/thread_pool.h"
#include "csr_check.h"
#include "train_network.h"

namespace sk {
namespace engine {
namespace {

constexpr int kBlockRows = 600;  // a multiple of every ISA's tileRows (6): 600 rows of dZ at batch 128 = 300 KB

struct Candidate {
  float score;
  int64_t position;
};

// Larger score first; equal scores: the lower position (as lib/sparsity/select.ts topK breaks ties).
inline bool better(const Candidate& a, const Candidate& b) {
  return a.score > b.score || (a.score == b.score && a.position < b.position);
}

// The k best candidates seen. Accepted candidates are appended and the buffer is cut back to the best k by
// nth_element whenever it reaches 2k: amortised O(1) per candidate and sequential memory, where a binary heap of
// 600k entries (10 MB) missed the cache on every sift. A newcomer must beat the k-th best of the last cut.
class TopK {
 public:
  explicit TopK(int64_t k) : k_((size_t)k) { buf_.reserve((size_t)std::min<int64_t>(2 * k, 1 << 22)); }
  void offer(float score, int64_t position) {
    const Candidate c{score, position};
    if (full_ && !better(c, kth_)) return;
    buf_.push_back(c);
    if (buf_.size() >= 2 * k_) cut();
  }
  // Scores below this cannot enter (equal ones may, by position).
  float threshold() const { return full_ ? kth_.score : -1.f; }
  std::vector<Candidate>& items() {
    if (buf_.size() > k_) cut();
    return buf_;
  }

 private:
  void cut() {
    std::nth_element(buf_.begin(), buf_.begin() + (k_ - 1), buf_.end(), better);
    buf_.resize(k_);
    kth_ = buf_[k_ - 1];
    full_ = true;
  }
  size_t k_;
  bool full_ = false;
  Candidate kth_{0.f, 0};
  std::vector<Candidate> buf_;
};

}  // namespace

const float* TrainNetwork::gradientAt(int l, const SplitView& split, const int32_t* indices, int count,
                                      int* strideOut) {
  checkSplit(split);
  if (l < 0 || l >= (int)layers_.size()) throw ArgumentError("gradient: no layer " + std::to_string(l));
  if (count < 1) throw ArgumentError("gradient: the batch is empty");
  checkExamples(split, indices, (size_t)count);
  const int stride = (count + ek_.width - 1) / ek_.width * ek_.width;
  ensureStride(stride);
  loadBatch(split, indices, count, stride, cur_);
  forward(stride);
  const int last = (int)layers_.size() - 1;
  double loss = 0;
  int64_t correct = 0;
  float* dz = dz_[0].data();
  float* below = dz_[1].data();
  ek_.softmaxXent(act_[last].data(), layers_[last].nOut, stride, count, slots_[cur_].lanes.data(), 1.0f / (float)count, dz, &loss,
                  &correct);
  for (int j = last; j > l; j--) {
    backwardInput(j, dz, below, stride);
    std::swap(dz, below);
  }
  *strideOut = stride;
  return dz;
}

template <typename Visit>
void TrainNetwork::forEachGradientTile(int l, int count, int stride, const float* dz, Visit&& visit) {
  const Layer& L = layers_[l];
  const IsaKernels& isa = bestIsa();
  const int tc = ek_.tileCols, tr = ek_.tileRows;
  const int panels = (L.nIn + tc - 1) / tc;
  const size_t panel = (size_t)count * tc;  // panel p: inputs [p·tc, (p+1)·tc) of every example, batch-major
  AlignedBuffer xb(panel * panels);         // zero-filled: columns past nIn contribute nothing
  const float* x = layerInput(l);
  const int threads = std::min(poolSize(), std::max(1, (int)((double)L.nOut * L.nIn * count / 2e6)));
  poolRun(threads, [&](int t) {
    for (int p = panels * t / threads; p < panels * (t + 1) / threads; p++)
      isa.transpose(x + (size_t)p * tc * stride, stride, xb.data() + p * panel, tc, std::min(tc, L.nIn - p * tc), count);
  });
  std::vector<float> tiles((size_t)threads * tr * tc);
  poolRun(threads, [&](int t) {
    const int j0 = (int)((int64_t)L.nOut * t / threads), j1 = (int)((int64_t)L.nOut * (t + 1) / threads);
    float* tile = tiles.data() + (size_t)t * tr * tc;
    for (int jb = j0; jb < j1; jb += kBlockRows) {
      const int je = std::min(j1, jb + kBlockRows);
      visit.beginBlock(t, jb, je);
      for (int c0 = 0; c0 < L.nIn; c0 += tc) {
        for (int r0 = jb; r0 < je; r0 += tr) {
          const int rows = std::min(tr, je - r0);
          ek_.gemm(dz + (size_t)r0 * stride, stride, 1, rows, xb.data() + (size_t)(c0 / tc) * panel, tc, count,
                   tc / ek_.width, tile, tc, kEpilogueNone, nullptr, nullptr);
          visit.tile(t, r0, rows, c0, std::min(tc, L.nIn - c0), tile, tc);
        }
      }
    }
  });
}

GrowResult TrainNetwork::growCandidates(int l, const SplitView& split, const int32_t* indices, int count, int64_t k,
                                        const int32_t* keptRowPtr, size_t keptRowPtrLen, const int32_t* keptColIdx,
                                        size_t keptColLen) {
  if (l < 0 || l >= (int)layers_.size()) throw ArgumentError("growCandidates: no layer " + std::to_string(l));
  checkRewirable(l, "growCandidates");
  const Layer& L = layers_[l];
  checkCsr("growCandidates: kept", L.nIn, L.nOut, keptRowPtr, keptRowPtrLen, keptColIdx, keptColLen);
  if (k < 0) throw ArgumentError("growCandidates: k must be >= 0");
  GrowResult out;
  if (k == 0) return out;
  int stride = 0;
  const float* dz = gradientAt(l, split, indices, count, &stride);
  const int threads = poolSize();
  std::vector<TopK> best;
  for (int t = 0; t < threads; t++) best.emplace_back(k);
  std::vector<std::vector<int32_t>> cursor(threads, std::vector<int32_t>(kBlockRows));
  std::vector<char> nonFinite(threads, 0);
  struct Visitor {
    const EngineKernels& ek;
    const int32_t* keptRowPtr;
    const int32_t* keptColIdx;
    int nIn;
    std::vector<TopK>& best;
    std::vector<std::vector<int32_t>>& cursor;
    std::vector<char>& nonFinite;
    int blockStart[64];
    void beginBlock(int t, int jb, int je) {
      blockStart[t] = jb;
      for (int j = jb; j < je; j++) cursor[t][j - jb] = keptRowPtr[j];
    }
    void tile(int t, int r0, int rows, int c0, int cols, const float* g, int ld) {
      TopK& top = best[t];
      float rowMax[16];
      ek.rowMaxAbs(g, rows, ld, ld, rowMax);  // whole tile rows: columns past nIn are zero
      for (int r = 0; r < rows; r++) {
        if (rowMax[r] == INFINITY) nonFinite[t] = 1;
        float thr = top.threshold();
        if (rowMax[r] < thr) continue;
        const int j = r0 + r;
        int32_t& cur = cursor[t][j - blockStart[t]];
        const int32_t end = keptRowPtr[j + 1];
        const int64_t base = (int64_t)j * nIn;
        for (int q = 0; q < cols; q++) {
          const float s = std::fabs(g[r * ld + q]);
          if (s < thr) continue;
          const int i = c0 + q;
          while (cur < end && keptColIdx[cur] < i) cur++;
          if (cur < end && keptColIdx[cur] == i) continue;  // kept edges are not candidates
          top.offer(s, base + i);
          thr = top.threshold();
        }
      }
    }
  } visitor{ek_, keptRowPtr, keptColIdx, L.nIn, best, cursor, nonFinite, {}};
  forEachGradientTile(l, count, stride, dz, visitor);
  for (const char bad : nonFinite)
    if (bad) throw ArgumentError("growCandidates: the gradient is not finite");
  std::vector<Candidate> all;
  for (TopK& t : best) all.insert(all.end(), t.items().begin(), t.items().end());
  const size_t keep = (size_t)std::min<int64_t>(k, (int64_t)all.size());
  std::partial_sort(all.begin(), all.begin() + keep, all.end(), better);
  all.resize(keep);
  std::sort(all.begin(), all.end(), [](const Candidate& a, const Candidate& b) { return a.position < b.position; });
  for (const Candidate& c : all) {
    out.rows.push_back((int32_t)(c.position / L.nIn));
    out.cols.push_back((int32_t)(c.position % L.nIn));
    out.scores.push_back(c.score);
  }
  return out;
}

void TrainNetwork::denseGradient(int l, const SplitView& split, const int32_t* indices, int count, float* out) {
  int stride = 0;
  const float* dz = gradientAt(l, split, indices, count, &stride);
  const int nIn = layers_[l].nIn;
  struct Visitor {
    float* out;
    int nIn;
    void beginBlock(int, int, int) {}
    void tile(int, int r0, int rows, int c0, int cols, const float* g, int ld) {
      for (int r = 0; r < rows; r++) std::copy(g + r * ld, g + r * ld + cols, out + (size_t)(r0 + r) * nIn + c0);
    }
  } visitor{out, nIn};
  forEachGradientTile(l, count, stride, dz, visitor);
}

}  // namespace engine
}  // namespace sk
