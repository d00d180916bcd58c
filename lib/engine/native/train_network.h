// TrainNetwork: a whole MLP of sparse (CSR) layers trained in native code. It owns the weights (CSR values and
// biases), Adam's moments and step count, and every scratch buffer, so one call trains a run of batches with no
// JS↔C++ traffic in between. Plain C++ (no N-API): arguments arrive validated by shape from engine_binding.cc;
// the checks that need the data (CSR invariants, index ranges, labels) are made here and throw ArgumentError.
//
// Layout: activations stay feature-major through the whole network (one row of `stride` floats per unit, the batch
// contiguous and zero-padded to the SIMD width), so only the input batch is transposed, gathered straight from the
// dataset rows. Per step: gather (1 pool job), forward per layer with bias+ReLU fused into the store, softmax
// cross-entropy on the caller thread, then per layer from the top: dX with the ReLU-gradient mask fused (skipped for
// the first layer), and one job that computes dW a chunk of rows at a time and applies Adam to that chunk while it is
// in cache (bias gradient and bias Adam in the same pass). For a small network the step runs on one core while the
// other gathers the next batch (one pool job per step instead of about ten hand-offs). A layer whose input is far larger than the caches does dX
// and dW in one pass over its transposed graph instead (backwardFused): random row reads are what it costs.
// A CNN is the same chain: a convolution is a layer whose edges share weights (tie: edge → shared weight; its dW per
// edge is summed into the shared weights before Adam, and the edges' copies are refreshed), a pool a frozen layer.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "aligned_buffer.h"
#include "engine_isa.h"

namespace sk {
namespace engine {

/** A bad argument (sizes, indices, CSR invariants): the binding throws it to JS as a RangeError. */
struct ArgumentError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

struct LayerSpec {
  int nIn = 0, nOut = 0;
  bool relu = false;
  std::vector<int32_t> rowPtr, colIdx;
  std::vector<float> values, bias;
  // Shared weights (a convolution as a graph): with tie given, edge k's weight is params[tie[k]] and `values` is not
  // read; with biasTie given, output j's bias is biasParams[biasTie[j]] and `bias` is not read.
  std::vector<int32_t> tie, biasTie;
  std::vector<float> params, biasParams;
  bool frozen = false;  // never updated (a fixed averaging layer): gradients flow through it, Adam leaves it alone
};

struct AdamConfig {
  double learningRate, beta1, beta2, epsilon;
};

/** A dataset split in JS memory (read in place): count × features images, count labels. */
struct SplitView {
  const float* images;
  const uint8_t* labels;
  int64_t count;
  int features;
};

struct TrainResult {
  double lossSum = 0;       // Σ over examples of the per-example cross-entropy
  int64_t correct = 0;      // examples whose first arg-max logit is the label
  int64_t seen = 0;         // examples trained on
  int steps = 0;            // batches applied
  int64_t stoppedAt = -1;   // batch index (into the order) whose loss was non-finite; its update was not applied
};

struct EvalResult {
  double lossSum = 0;
  int64_t correct = 0, seen = 0;
};

/** RigL grow candidates, ascending by position j·nIn + i. */
struct GrowResult {
  std::vector<int32_t> rows, cols;
  std::vector<float> scores;  // |dL/dW| at each candidate
};

struct Layer {
  int nIn = 0, nOut = 0;
  bool relu = false;
  std::vector<int32_t> rowPtr, colIdx;
  std::vector<int32_t> cscPtr, cscRow, cscPerm;  // the transposed graph, for dX (not built for the first layer)
  std::vector<float> values, m, v, grad;         // per edge
  std::vector<float> bias, biasM, biasV, biasGrad;
  // Thread partitions for the current stride: CSR rows (forward, dW) and CSC columns (dX), balanced by edges.
  bool dense = false;  // complete untied graph (nnz = nIn·nOut): runs on the GEMM tile (dense_layer.cc)
  bool frozen = false;
  // Tied layers: values/bias are the per-edge/per-output copies the kernels read, params/biasParams what Adam updates
  // (m, v and biasM, biasV are then sized by the shared weights), re-copied after every update.
  std::vector<int32_t> tie, biasTie;
  std::vector<float> params, paramGrad, biasParams, biasParamGrad;
  bool tied() const { return !tie.empty(); }
  bool biasTied() const { return !biasTie.empty(); }
  int splitStride = 0;
  std::vector<int> rowSplit, colSplit;
  int64_t nnz() const { return (int64_t)colIdx.size(); }
};

class TrainNetwork {
 public:
  TrainNetwork(std::vector<LayerSpec> layers, const AdamConfig& adam);

  int layerCount() const { return (int)layers_.size(); }
  const Layer& layer(int l) const { return layers_.at(l); }
  int64_t step() const { return step_; }
  double learningRate() const { return adam_.learningRate; }
  void setLearningRate(double lr);

  /** `steps` Adam steps on batches order[(firstBatch+s)·batch ..] (the last may be short); learningRates, if given,
   *  holds one rate per step (else the current rate); stepLoss, if given, receives each batch's mean loss. */
  TrainResult train(const SplitView& split, const int32_t* order, size_t orderLen, int64_t firstBatch, int steps,
                    int batch, double* stepLoss, const double* learningRates);
  /** Forward only over indices, in chunks of at most `batch` (fewer when the widest layer would need a large buffer). */
  EvalResult evaluate(const SplitView& split, const int32_t* indices, size_t n, int batch);

  void setValues(int l, const float* values, size_t n);
  void setBias(int l, const float* bias, size_t n);
  /** New graph for layer l: sourceIndex[k] = old edge of new edge k or −1 (weight 0, zero moments). */
  void setTopology(int l, std::vector<int32_t> rowPtr, std::vector<int32_t> colIdx, const int32_t* sourceIndex,
                   size_t n);

  /** The k positions of largest |dL/dW| of layer l on one batch, among positions not in the kept CSR. */
  GrowResult growCandidates(int l, const SplitView& split, const int32_t* indices, int count, int64_t k,
                            const int32_t* keptRowPtr, size_t keptRowPtrLen, const int32_t* keptColIdx,
                            size_t keptColLen);
  /** The full dense gradient of layer l (nOut × nIn, row-major) on one batch: for small layers and tests. */
  void denseGradient(int l, const SplitView& split, const int32_t* indices, int count, float* out);

  /** Frees the scratch buffers (they are re-made on the next call). */
  void releaseBuffers();

 private:
  void ensureStride(int stride);
  void ensureSplits(Layer& layer, int stride);
  void checkSplit(const SplitView& split) const;
  void checkExamples(const SplitView& split, const int32_t* indices, size_t n) const;
  void loadBatch(const SplitView& split, const int32_t* indices, int count, int stride, int slot);
  // Forward, loss and the Adam update of the batch in slot cur_; false (and no update) if its loss is not finite.
  // Runs inside a pool job when pipelined, so it must not throw or allocate.
  bool trainStep(int count, int stride, const AdamStep& step, double* loss, int64_t* correct);
  void prepareSplits(int stride);
  void forward(int stride);
  void backwardInput(int l, const float* dz, float* dzBelow, int stride);
  // gradReady: L.grad already holds dW (backwardFused), so only Adam runs.
  void updateLayer(int l, const float* dz, int count, int stride, const AdamStep& step, bool gradReady = false);
  // A layer with shared weights or biases: edge and output gradients first, then summed into the shared ones.
  void tiedUpdate(int l, const float* dz, int stride, const AdamStep& step, bool gradReady);
  void checkRewirable(int l, const std::string& what) const;
  bool fusedBackward(int l, int stride) const;
  void backwardFused(int l, const float* dz, float* dzBelow, int stride, const AdamStep& step);
  void denseForward(int l, int stride);
  void denseBackwardInput(int l, const float* dz, float* dzBelow, int stride);
  void denseUpdate(int l, const float* dz, int count, int stride, const AdamStep& step);
  const float* layerInput(int l) const;
  // Forward + loss + dX down to layer l on one batch, no update: leaves dL/dZ_l in dz_[0] (returned).
  const float* gradientAt(int l, const SplitView& split, const int32_t* indices, int count, int* strideOut);
  template <typename Visit>
  void forEachGradientTile(int l, int count, int stride, const float* dz, Visit&& visit);

  std::vector<Layer> layers_;
  AdamConfig adam_;
  int64_t step_ = 0;
  const EngineKernels& ek_;
  int stride_ = 0;      // lanes the buffers below are sized for
  int maxWidth_ = 0;
  // A batch loaded for a step: its input (nIn0 × stride, feature-major), dataset rows and labels. Two of them, so
  // a small network's step can run while the other core gathers the next batch into the other slot.
  struct BatchSlot {
    AlignedBuffer input;
    std::vector<const float*> rows;
    std::vector<uint8_t> lanes;
  };
  BatchSlot slots_[2];
  int cur_ = 0;                       // the slot the current step reads
  std::vector<AlignedBuffer> act_;    // per layer: nOut × stride (the last is the logits)
  AlignedBuffer dz_[2];               // maxWidth × stride, ping-pong through the backward pass
  AlignedBuffer inputRows_;           // a dense layer's input, batch-major (count × nIn padded to whole tiles)
  AlignedBuffer tiles_;               // one GEMM output tile per pool thread
};

}  // namespace engine
}  // namespace sk
