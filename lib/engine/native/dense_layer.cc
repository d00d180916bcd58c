// The dense path of TrainNetwork: a layer whose graph is complete (nnz = nIn·nOut, so CSR order is row-major W)
// runs on the GEMM tile instead of the gather kernels. Same maths; a register tile of tileRows × tileCols outputs
// reuses every loaded input across tileRows rows, where a gather loads one input row per edge. Used for 100%-density
// layers and the dense output layers the presets use. Summation order differs from the sparse kernels (by k in
// blocks of one, not by edge), so results agree within float rounding, not bit for bit.
#include <algorithm>
#include <cstring>

#include "../../kernels/native/sparse_ops.h"
#include "../../kernels/native/thread_pool.h"
#include "train_network.h"

namespace sk {
namespace engine {
namespace {

// Rows [first, end) of part t of `parts`, boundaries on multiples of `tile`.
void tileRange(int n, int tile, int t, int parts, int* first, int* end) {
  const int tiles = (n + tile - 1) / tile;
  *first = std::min(n, tiles * t / parts * tile);
  *end = std::min(n, tiles * (t + 1) / parts * tile);
}

}  // namespace

void TrainNetwork::denseForward(int l, int stride) {
  const Layer& L = layers_[l];
  const float* x = layerInput(l);
  float* y = act_[l].data();
  const int tr = ek_.tileRows, tv = ek_.tileCols / ek_.width, nvAll = stride / ek_.width;
  const int epilogue = L.relu ? kEpilogueBiasRelu : kEpilogueBias;
  const int threads = threadsFor((double)L.nnz() * stride);
  poolRun(threads, [&](int t) {
    int j0, j1;
    tileRange(L.nOut, tr, t, threads, &j0, &j1);
    for (int j = j0; j < j1; j += tr) {
      const int rows = std::min(tr, j1 - j);
      for (int v = 0; v < nvAll; v += tv)
        ek_.gemm(L.values.data() + (size_t)j * L.nIn, L.nIn, 1, rows, x + v * ek_.width, stride, L.nIn,
                 std::min(tv, nvAll - v), y + (size_t)j * stride + v * ek_.width, stride, epilogue, L.bias.data() + j,
                 nullptr);
    }
  });
}

// dZ_{l−1}[i] = Σ_j W[j][i] · dZ_l[j], times step(A_{l−1}[i]) when layer l−1 is ReLU: Wᵀ read with strides.
void TrainNetwork::denseBackwardInput(int l, const float* dz, float* dzBelow, int stride) {
  const Layer& L = layers_[l];
  const bool relu = layers_[l - 1].relu;
  const float* mask = act_[l - 1].data();
  const int tr = ek_.tileRows, tv = ek_.tileCols / ek_.width, nvAll = stride / ek_.width;
  const int threads = threadsFor((double)L.nnz() * stride);
  poolRun(threads, [&](int t) {
    int i0, i1;
    tileRange(L.nIn, tr, t, threads, &i0, &i1);
    for (int i = i0; i < i1; i += tr) {
      const int rows = std::min(tr, i1 - i);
      for (int v = 0; v < nvAll; v += tv) {
        const size_t at = (size_t)i * stride + v * ek_.width;
        ek_.gemm(L.values.data() + i, 1, L.nIn, rows, dz + v * ek_.width, stride, L.nOut, std::min(tv, nvAll - v),
                 dzBelow + at, stride, relu ? kEpilogueReluMask : kEpilogueNone, nullptr, relu ? mask + at : nullptr);
      }
    }
  });
}

// dW = dZ·Xᵀ a block of tileRows output rows at a time (X batch-major, so the tile streams contiguous inputs), then
// Adam on that block's weights and biases while its gradient is in cache.
void TrainNetwork::denseUpdate(int l, const float* dz, int count, int stride, const AdamStep& step) {
  Layer& L = layers_[l];
  const IsaKernels& isa = bestIsa();
  const int tc = ek_.tileCols, tr = ek_.tileRows;
  const size_t ldx = (size_t)(L.nIn + tc - 1) / tc * tc;
  float* xb = inputRows_.data();
  const int threads = threadsFor((double)L.nnz() * stride);
  poolRun(threads, [&](int t) {  // X batch-major, zero-padded to whole tiles
    const int b0 = count * t / threads, b1 = count * (t + 1) / threads;
    if (l == 0) {
      for (int b = b0; b < b1; b++) std::memcpy(xb + b * ldx, slots_[cur_].rows[b], L.nIn * sizeof(float));
    } else {
      isa.transpose(act_[l - 1].data() + b0, stride, xb + b0 * ldx, ldx, L.nIn, b1 - b0);
    }
    for (int b = b0; b < b1; b++) std::memset(xb + b * ldx + L.nIn, 0, (ldx - L.nIn) * sizeof(float));
  });
  poolRun(threads, [&](int t) {
    float* tile = tiles_.data() + (size_t)t * tr * tc;
    int j0, j1;
    tileRange(L.nOut, tr, t, threads, &j0, &j1);
    for (int j = j0; j < j1; j += tr) {
      const int rows = std::min(tr, j1 - j);
      float* g = L.grad.data() + (size_t)j * L.nIn;
      for (int c = 0; c < L.nIn; c += tc) {
        ek_.gemm(dz + (size_t)j * stride, stride, 1, rows, xb + c, ldx, count, tc / ek_.width, tile, tc,
                 kEpilogueNone, nullptr, nullptr);
        const int cols = std::min(tc, L.nIn - c);
        for (int r = 0; r < rows; r++) std::memcpy(g + (size_t)r * L.nIn + c, tile + r * tc, cols * sizeof(float));
      }
      const size_t k0 = (size_t)j * L.nIn, n = (size_t)rows * L.nIn;
      ek_.adam(L.values.data() + k0, L.m.data() + k0, L.v.data() + k0, L.grad.data() + k0, n, step);
      ek_.rowSums(dz, stride, j, j + rows, L.biasGrad.data());
      ek_.adam(L.bias.data() + j, L.biasM.data() + j, L.biasV.data() + j, L.biasGrad.data() + j, rows, step);
    }
  });
}

}  // namespace engine
}  // namespace sk
