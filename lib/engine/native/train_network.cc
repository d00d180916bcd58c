#include "train_network.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "../../kernels/native/sparse_ops.h"
#include "../../kernels/native/thread_pool.h"
#include "csr_check.h"

namespace sk {
namespace engine {
namespace {

// dW is computed and Adam applied a chunk of rows at a time, so the chunk's gradient is still in L1/L2 when Adam
// reads it back (with m, v and the values): about 2k edges, 32 KB of per-edge state.
constexpr int kChunkEdges = 2048;
// The input gather is a transpose (memory-bound): worth both cores above this many floats.
constexpr int64_t kParallelGather = 48 * 1024;
// A source matrix larger than this (bytes) is read with prefetching (isa.h kFarSource): its rows come from DRAM.
constexpr size_t kFarSourceBytes = 8 << 20;
// All activation buffers together stay below this many floats (8 GB).
constexpr size_t kMaxBufferFloats = (size_t)2 << 30;
// Below this many multiply-adds per pass over the whole network (Σ nnz · stride) a step runs on one core while the
// other gathers the next batch: a hand-off per kernel would cost more than splitting the kernels saves.
constexpr double kPipelineWork = 2e6;
// An evaluation buffer holds at most this many floats per layer (32 MB): very wide layers get smaller chunks.
constexpr int64_t kEvalBufferFloats = 8 << 20;

int paddedStride(int batch, int width) { return (batch + width - 1) / width * width; }

bool farSource(int rows, int stride) { return (size_t)rows * stride * sizeof(float) > kFarSourceBytes; }

void buildCsc(Layer& l) {
  transposeStructure({l.nIn, l.nOut, l.rowPtr.data(), l.colIdx.data()}, l.cscPtr, l.cscRow, l.cscPerm);
}

void checkTie(const std::string& what, const std::vector<int32_t>& tie, size_t expected, size_t shared) {
  if (tie.size() != expected) throw ArgumentError(what + ": length " + std::to_string(tie.size()) + ", expected " +
                                                  std::to_string(expected));
  if (shared == 0) throw ArgumentError(what + ": no shared weights to point at");
  for (const int32_t t : tie)
    if (t < 0 || (size_t)t >= shared)
      throw ArgumentError(what + ": " + std::to_string(t) + " out of range [0, " + std::to_string(shared) + ")");
}

std::vector<float> untie(const std::vector<int32_t>& tie, const std::vector<float>& shared) {
  std::vector<float> out(tie.size());
  for (size_t k = 0; k < tie.size(); k++) out[k] = shared[tie[k]];
  return out;
}

// Shared values from per-entry ones (a snapshot put back): every entry tied to one shared value must carry it.
// Checked in full before anything is written, so a refused call leaves the layer as it was.
void retie(const std::string& what, const std::vector<int32_t>& tie, const float* perEntry, std::vector<float>& shared) {
  std::vector<float> next = shared;
  std::vector<uint8_t> seen(shared.size(), 0);
  for (size_t k = 0; k < tie.size(); k++) {
    float& s = next[tie[k]];
    if (seen[tie[k]] && !(s == perEntry[k] || (std::isnan(s) && std::isnan(perEntry[k]))))
      throw ArgumentError(what + ": entries " + std::to_string(k) + " and an earlier one share a weight but differ");
    s = perEntry[k];
    seen[tie[k]] = 1;
  }
  shared = std::move(next);
}

// g[tie[k]] = Σ of the entries' gradients, in entry order (the same sum for any thread count).
void sumTied(const std::vector<int32_t>& tie, const float* perEntry, std::vector<float>& g) {
  std::fill(g.begin(), g.end(), 0.f);
  for (size_t k = 0; k < tie.size(); k++) g[tie[k]] += perEntry[k];
}

AdamStep adamStep(const AdamConfig& a, int64_t t, double lr) {
  // Math.pow in JS and pow here are both within an ulp of b^t; HostAdam computes 1 − b^t the same way.
  return {lr, a.beta1, a.beta2, a.epsilon, 1 - std::pow(a.beta1, (double)t), 1 - std::pow(a.beta2, (double)t)};
}

}  // namespace

TrainNetwork::TrainNetwork(std::vector<LayerSpec> specs, const AdamConfig& adam)
    : adam_(adam), ek_(bestEngineKernels()) {
  if (specs.empty()) throw ArgumentError("engine: no layers");
  if (!(adam.learningRate >= 0) || !std::isfinite(adam.learningRate)) throw ArgumentError("engine: bad learning rate");
  if (!(adam.beta1 >= 0 && adam.beta1 < 1) || !(adam.beta2 >= 0 && adam.beta2 < 1))
    throw ArgumentError("engine: beta1 and beta2 must be in [0, 1)");
  if (!(adam.epsilon > 0) || !std::isfinite(adam.epsilon)) throw ArgumentError("engine: epsilon must be positive");
  for (size_t l = 0; l < specs.size(); l++) {
    LayerSpec& s = specs[l];
    const std::string what = "layer " + std::to_string(l);
    if (l > 0 && s.nIn != specs[l - 1].nOut) throw ArgumentError(what + ": nIn differs from the previous nOut");
    if (l + 1 == specs.size() && (s.relu || s.nOut > 255 + 1))
      throw ArgumentError(what + ": the output layer must be linear with at most 256 classes");
    checkCsr(what, s.nIn, s.nOut, s.rowPtr.data(), s.rowPtr.size(), s.colIdx.data(), s.colIdx.size());
    Layer L;
    L.nIn = s.nIn, L.nOut = s.nOut, L.relu = s.relu, L.frozen = s.frozen;
    L.rowPtr = std::move(s.rowPtr), L.colIdx = std::move(s.colIdx);
    if (s.tie.empty()) {
      if (s.values.size() != L.colIdx.size()) throw ArgumentError(what + ": values length must equal nnz");
      L.values = std::move(s.values);
    } else {
      checkTie(what + ".tie", s.tie, L.colIdx.size(), s.params.size());
      L.tie = std::move(s.tie), L.params = std::move(s.params);
      L.values = untie(L.tie, L.params);
      L.paramGrad.assign(L.params.size(), 0.f);
    }
    if (s.biasTie.empty()) {
      if (s.bias.size() != (size_t)s.nOut) throw ArgumentError(what + ": bias length must equal nOut");
      L.bias = std::move(s.bias);
    } else {
      checkTie(what + ".biasTie", s.biasTie, (size_t)L.nOut, s.biasParams.size());
      L.biasTie = std::move(s.biasTie), L.biasParams = std::move(s.biasParams);
      L.bias = untie(L.biasTie, L.biasParams);
      L.biasParamGrad.assign(L.biasParams.size(), 0.f);
    }
    const size_t weights = L.tied() ? L.params.size() : L.values.size();
    const size_t biases = L.biasTied() ? L.biasParams.size() : (size_t)L.nOut;
    L.m.assign(weights, 0.f), L.v.assign(weights, 0.f), L.grad.assign(L.values.size(), 0.f);
    L.biasM.assign(biases, 0.f), L.biasV.assign(biases, 0.f), L.biasGrad.assign(L.nOut, 0.f);
    L.dense = !L.tied() && L.nnz() == (int64_t)L.nIn * L.nOut;
    if (l > 0 && !L.dense) buildCsc(L);
    maxWidth_ = std::max(maxWidth_, L.nOut);
    layers_.push_back(std::move(L));
  }
  act_.resize(layers_.size());
}

void TrainNetwork::setLearningRate(double lr) {
  if (!(lr >= 0) || !std::isfinite(lr)) throw ArgumentError("setLearningRate: expected a finite rate >= 0");
  adam_.learningRate = lr;
}

void TrainNetwork::ensureStride(int stride) {
  if (stride <= stride_) return;
  // Refused rather than attempted: with overcommit a huge allocation can succeed and then be killed when touched.
  size_t floats = (size_t)layers_[0].nIn + 2 * (size_t)maxWidth_;
  for (const Layer& l : layers_) floats += (size_t)l.nOut;
  if (floats * stride > kMaxBufferFloats)
    throw ArgumentError("batch of " + std::to_string(stride) + " lanes needs " +
                        std::to_string(floats * stride * sizeof(float) >> 20) + " MB of activations (limit " +
                        std::to_string(kMaxBufferFloats * sizeof(float) >> 20) + " MB): use a smaller batch");
  // Allocate everything first: on bad_alloc the network keeps its old (smaller) buffers and stays usable.
  AlignedBuffer input0((size_t)layers_[0].nIn * stride), input1((size_t)layers_[0].nIn * stride);
  std::vector<AlignedBuffer> act;
  for (const Layer& l : layers_) act.emplace_back((size_t)l.nOut * stride);
  AlignedBuffer dz0((size_t)maxWidth_ * stride), dz1((size_t)maxWidth_ * stride);
  size_t denseInputs = 0;
  for (const Layer& l : layers_)
    if (l.dense) denseInputs = std::max(denseInputs, (size_t)(l.nIn + ek_.tileCols - 1) / ek_.tileCols * ek_.tileCols);
  AlignedBuffer inputRows(denseInputs * stride), tiles((size_t)poolSize() * ek_.tileRows * ek_.tileCols);
  BatchSlot slots[2] = {{std::move(input0), std::vector<const float*>(stride), std::vector<uint8_t>(stride)},
                        {std::move(input1), std::vector<const float*>(stride), std::vector<uint8_t>(stride)}};
  inputRows_ = std::move(inputRows);
  tiles_ = std::move(tiles);
  slots_[0] = std::move(slots[0]);
  slots_[1] = std::move(slots[1]);
  act_ = std::move(act);
  dz_[0] = std::move(dz0);
  dz_[1] = std::move(dz1);
  stride_ = stride;
}

void TrainNetwork::releaseBuffers() {
  slots_[0].input.release();
  slots_[1].input.release();
  for (AlignedBuffer& a : act_) a.release();
  dz_[0].release();
  dz_[1].release();
  inputRows_.release();
  stride_ = 0;
}

void TrainNetwork::ensureSplits(Layer& l, int stride) {
  if (l.splitStride == stride) return;
  const double work = (double)l.nnz() * stride;
  if (l.dense) return;  // dense_layer.cc splits by tiles
  l.rowSplit = balancedRows(l.rowPtr.data(), l.nOut, threadsFor(work));
  if (!l.cscPtr.empty()) l.colSplit = balancedRows(l.cscPtr.data(), l.nIn, threadsFor(work));
  l.splitStride = stride;
}

void TrainNetwork::checkSplit(const SplitView& s) const {
  if (s.features != layers_[0].nIn)
    throw ArgumentError("split: " + std::to_string(s.features) + " features, the first layer has nIn " +
                        std::to_string(layers_[0].nIn));
}

void TrainNetwork::checkExamples(const SplitView& s, const int32_t* idx, size_t n) const {
  const int classes = layers_.back().nOut;
  for (size_t i = 0; i < n; i++) {
    if (idx[i] < 0 || idx[i] >= s.count)
      throw ArgumentError("example index " + std::to_string(idx[i]) + " out of range [0, " + std::to_string(s.count) +
                          ")");
    if (s.labels[idx[i]] >= classes)
      throw ArgumentError("label " + std::to_string(s.labels[idx[i]]) + " of example " + std::to_string(idx[i]) +
                          " is not below " + std::to_string(classes) + " classes");
  }
}

void TrainNetwork::loadBatch(const SplitView& s, const int32_t* idx, int count, int stride, int slot) {
  BatchSlot& bs = slots_[slot];
  for (int b = 0; b < count; b++) {
    bs.rows[b] = s.images + (size_t)idx[b] * s.features;
    bs.lanes[b] = s.labels[idx[b]];
  }
  const IsaKernels& isa = bestIsa();
  const int nIn = layers_[0].nIn;
  float* x = bs.input.data();
  const int threads = (int64_t)count * nIn >= kParallelGather ? poolSize() : 1;
  poolRun(threads, [&](int t) {
    const int f0 = (int)((int64_t)nIn * t / threads), f1 = (int)((int64_t)nIn * (t + 1) / threads);
    isa.transposeRows(bs.rows.data(), f0, x + (size_t)f0 * stride, stride, count, f1 - f0);
    if (count < stride)
      for (int f = f0; f < f1; f++) std::memset(x + (size_t)f * stride + count, 0, (stride - count) * sizeof(float));
  });
}

const float* TrainNetwork::layerInput(int l) const {
  return l == 0 ? slots_[cur_].input.data() : act_[l - 1].data();
}

void TrainNetwork::prepareSplits(int stride) {
  for (Layer& l : layers_) ensureSplits(l, stride);
}

void TrainNetwork::forward(int stride) {
  const IsaKernels& isa = bestIsa();
  for (size_t l = 0; l < layers_.size(); l++) {
    Layer& L = layers_[l];
    ensureSplits(L, stride);
    if (L.dense) {
      denseForward((int)l, stride);
      continue;
    }
    const float* in = layerInput((int)l);
    float* out = act_[l].data();
    const int epilogue = (L.relu ? kEpilogueBiasRelu : kEpilogueBias) | (farSource(L.nIn, stride) ? kFarSource : 0);
    poolRun((int)L.rowSplit.size() - 1, [&](int t) {
      isa.gatherRowsFusedT(L.rowPtr.data(), L.colIdx.data(), nullptr, L.values.data(), in, stride, L.rowSplit[t],
                           L.rowSplit[t + 1], out, epilogue, L.bias.data(), nullptr);
    });
  }
}

// dZ of layer l−1 = (Wᵀ·dZ_l) · step(A_{l−1}) when layer l−1 is ReLU, by input rows over the transposed graph.
void TrainNetwork::backwardInput(int l, const float* dz, float* dzBelow, int stride) {
  Layer& L = layers_[l];
  if (L.dense) return denseBackwardInput(l, dz, dzBelow, stride);
  const IsaKernels& isa = bestIsa();
  const bool relu = layers_[l - 1].relu;
  const float* mask = act_[l - 1].data();
  poolRun((int)L.colSplit.size() - 1, [&](int t) {
    isa.gatherRowsFusedT(L.cscPtr.data(), L.cscRow.data(), L.cscPerm.data(), L.values.data(), dz, stride,
                         L.colSplit[t], L.colSplit[t + 1], dzBelow,
                         (relu ? kEpilogueReluMask : kEpilogueNone) | (farSource(L.nOut, stride) ? kFarSource : 0),
                         nullptr, relu ? mask : nullptr);
  });
}

bool TrainNetwork::fusedBackward(int l, int stride) const {
  const Layer& L = layers_[l];
  return l > 0 && !L.dense && farSource(L.nIn, stride);
}

// A layer whose input is far larger than the caches: dX and dW in one pass over the transposed graph (each edge's
// dZ row loaded once, no random reads of the input), then Adam over the finished gradient.
void TrainNetwork::backwardFused(int l, const float* dz, float* dzBelow, int stride, const AdamStep& step) {
  const IsaKernels& isa = bestIsa();
  Layer& L = layers_[l];
  const bool relu = layers_[l - 1].relu;
  const float* x = layerInput(l);
  poolRun((int)L.rowSplit.size() - 1, [&](int t) {
    std::fill(L.grad.begin() + L.rowPtr[L.rowSplit[t]], L.grad.begin() + L.rowPtr[L.rowSplit[t + 1]], 0.f);
  });
  poolRun((int)L.colSplit.size() - 1, [&](int t) {
    isa.gatherRowsWithDotsT(L.cscPtr.data(), L.cscRow.data(), L.cscPerm.data(), L.values.data(), dz, x, stride,
                            L.colSplit[t], L.colSplit[t + 1], dzBelow, relu, L.grad.data());
  });
  updateLayer(l, dz, 0, stride, step, true);
}

void TrainNetwork::updateLayer(int l, const float* dz, int count, int stride, const AdamStep& step, bool gradReady) {
  Layer& L = layers_[l];
  if (L.frozen) return;
  if (L.tied() || L.biasTied()) return tiedUpdate(l, dz, stride, step, gradReady);
  if (L.dense) return denseUpdate(l, dz, count, stride, step);
  const IsaKernels& isa = bestIsa();
  const float* x = layerInput(l);
  const auto edgeDots = farSource(L.nIn, stride) ? isa.edgeDotsFarT : isa.edgeDotsT;
  poolRun((int)L.rowSplit.size() - 1, [&](int t) {
    for (int r0 = L.rowSplit[t]; r0 < L.rowSplit[t + 1];) {
      int r1 = r0 + 1;  // at least one row, then rows while the chunk stays under kChunkEdges
      while (r1 < L.rowSplit[t + 1] && L.rowPtr[r1 + 1] - L.rowPtr[r0] <= kChunkEdges) r1++;
      const int32_t k0 = L.rowPtr[r0], k1 = L.rowPtr[r1];
      if (!gradReady) {
        std::fill(L.grad.begin() + k0, L.grad.begin() + k1, 0.f);
        edgeDots(L.rowPtr.data(), L.colIdx.data(), dz, x, stride, r0, r1, L.grad.data());
      }
      ek_.adam(L.values.data() + k0, L.m.data() + k0, L.v.data() + k0, L.grad.data() + k0, k1 - k0, step);
      ek_.rowSums(dz, stride, r0, r1, L.biasGrad.data());
      ek_.adam(L.bias.data() + r0, L.biasM.data() + r0, L.biasV.data() + r0, L.biasGrad.data() + r0, r1 - r0, step);
      r0 = r1;
    }
  });
}

void TrainNetwork::tiedUpdate(int l, const float* dz, int stride, const AdamStep& step, bool gradReady) {
  Layer& L = layers_[l];
  const IsaKernels& isa = bestIsa();
  const float* x = layerInput(l);
  const auto edgeDots = farSource(L.nIn, stride) ? isa.edgeDotsFarT : isa.edgeDotsT;
  poolRun((int)L.rowSplit.size() - 1, [&](int t) {
    const int r0 = L.rowSplit[t], r1 = L.rowSplit[t + 1];
    if (!gradReady) {
      std::fill(L.grad.begin() + L.rowPtr[r0], L.grad.begin() + L.rowPtr[r1], 0.f);
      edgeDots(L.rowPtr.data(), L.colIdx.data(), dz, x, stride, r0, r1, L.grad.data());
    }
    ek_.rowSums(dz, stride, r0, r1, L.biasGrad.data());
  });
  if (L.tied()) {
    sumTied(L.tie, L.grad.data(), L.paramGrad);
    ek_.adam(L.params.data(), L.m.data(), L.v.data(), L.paramGrad.data(), L.params.size(), step);
    for (size_t k = 0; k < L.tie.size(); k++) L.values[k] = L.params[L.tie[k]];
  } else {
    ek_.adam(L.values.data(), L.m.data(), L.v.data(), L.grad.data(), L.values.size(), step);
  }
  if (L.biasTied()) {
    sumTied(L.biasTie, L.biasGrad.data(), L.biasParamGrad);
    ek_.adam(L.biasParams.data(), L.biasM.data(), L.biasV.data(), L.biasParamGrad.data(), L.biasParams.size(), step);
    for (int j = 0; j < L.nOut; j++) L.bias[j] = L.biasParams[L.biasTie[j]];
  } else {
    ek_.adam(L.bias.data(), L.biasM.data(), L.biasV.data(), L.biasGrad.data(), L.nOut, step);
  }
}

bool TrainNetwork::trainStep(int count, int stride, const AdamStep& step, double* loss, int64_t* correct) {
  const int last = (int)layers_.size() - 1;
  forward(stride);
  float* dz = dz_[0].data();
  float* below = dz_[1].data();
  ek_.softmaxXent(act_[last].data(), layers_[last].nOut, stride, count, slots_[cur_].lanes.data(), 1.0f / (float)count,
                  dz, loss, correct);
  if (!std::isfinite(*loss)) return false;
  // Top down: layer l's dX reads its weights before its own update changes them, as tfjs computes every gradient
  // before applying any.
  for (int l = last; l >= 0; l--) {
    if (fusedBackward(l, stride)) {
      backwardFused(l, dz, below, stride, step);
    } else {
      if (l > 0) backwardInput(l, dz, below, stride);
      updateLayer(l, dz, count, stride, step);
    }
    std::swap(dz, below);
  }
  return true;
}

TrainResult TrainNetwork::train(const SplitView& split, const int32_t* order, size_t orderLen, int64_t firstBatch,
                                int steps, int batch, double* stepLoss, const double* learningRates) {
  checkSplit(split);
  if (batch < 1) throw ArgumentError("train: batch size must be at least 1");
  if (steps < 0) throw ArgumentError("train: steps must be >= 0");
  const int64_t begin = firstBatch * batch;
  if (firstBatch < 0 || (steps > 0 && begin + (int64_t)(steps - 1) * batch >= (int64_t)orderLen))
    throw ArgumentError("train: batches " + std::to_string(firstBatch) + ".." + std::to_string(firstBatch + steps - 1) +
                        " of " + std::to_string(batch) + " run past the order's " + std::to_string(orderLen) +
                        " examples");
  const int64_t end = std::min<int64_t>((int64_t)orderLen, begin + (int64_t)steps * batch);
  checkExamples(split, order + begin, (size_t)(end - begin));
  if (learningRates)
    for (int s = 0; s < steps; s++)
      if (!(learningRates[s] >= 0) || !std::isfinite(learningRates[s]))
        throw ArgumentError("train: learning rate of step " + std::to_string(s) + " is not a finite rate >= 0");
  const int stride = paddedStride(batch, ek_.width);
  ensureStride(stride);

  prepareSplits(stride);
  double work = 0;
  for (const Layer& l : layers_) work += (double)l.nnz() * stride;
  const bool pipelined = work < kPipelineWork && poolSize() > 1;
  const auto batchAt = [&](int s, int64_t* start) {
    *start = begin + (int64_t)s * batch;
    return (int)std::min<int64_t>(batch, (int64_t)orderLen - *start);
  };

  TrainResult r;
  bool loaded = false;  // slot cur_ already holds batch s (gathered during the previous step)
  for (int s = 0; s < steps; s++) {
    int64_t start;
    const int count = batchAt(s, &start);
    if (!loaded) loadBatch(split, order + start, count, stride, cur_);
    const AdamStep step = adamStep(adam_, step_ + 1, learningRates ? learningRates[s] : adam_.learningRate);
    double loss = 0;
    int64_t correct = 0;
    bool finite;
    loaded = pipelined && s + 1 < steps;
    if (loaded) {
      int64_t nextStart;
      const int nextCount = batchAt(s + 1, &nextStart);
      // Part 0 trains, part 1 gathers; whichever thread takes a part, the pool calls inside it run serially.
      poolRun(2, [&](int t) {
        if (t == 0) finite = trainStep(count, stride, step, &loss, &correct);
        else loadBatch(split, order + nextStart, nextCount, stride, cur_ ^ 1);
      });
    } else {
      finite = trainStep(count, stride, step, &loss, &correct);
    }
    if (!finite) {
      r.stoppedAt = firstBatch + s;
      break;
    }
    step_++;
    if (stepLoss) stepLoss[s] = loss / count;
    r.lossSum += loss;
    r.correct += correct;
    r.seen += count;
    r.steps++;
    if (loaded) cur_ ^= 1;
  }
  return r;
}

EvalResult TrainNetwork::evaluate(const SplitView& split, const int32_t* indices, size_t n, int batch) {
  checkSplit(split);
  if (batch < 1) throw ArgumentError("evaluate: batch size must be at least 1");
  checkExamples(split, indices, n);
  const int64_t widest = std::max(maxWidth_, layers_[0].nIn);
  const int cap = std::max<int>(ek_.width, (int)(kEvalBufferFloats / widest) / ek_.width * ek_.width);
  const int chunk = std::min(batch, std::max(cap, stride_));
  const int stride = paddedStride(chunk, ek_.width);
  ensureStride(stride);
  EvalResult r;
  const int last = (int)layers_.size() - 1;
  for (size_t start = 0; start < n; start += chunk) {
    const int count = (int)std::min<size_t>(chunk, n - start);
    loadBatch(split, indices + start, count, stride, cur_);
    forward(stride);
    ek_.softmaxXent(act_[last].data(), layers_[last].nOut, stride, count, slots_[cur_].lanes.data(), 1.f, nullptr,
                    &r.lossSum,
                    &r.correct);
    r.seen += count;
  }
  return r;
}

void TrainNetwork::setValues(int l, const float* values, size_t n) {
  Layer& L = layers_.at(l);
  if (n != L.values.size()) throw ArgumentError("setValues: expected " + std::to_string(L.values.size()) + " values");
  if (L.tied()) retie("setValues(layer " + std::to_string(l) + ")", L.tie, values, L.params);
  std::copy(values, values + n, L.values.begin());
}

void TrainNetwork::setBias(int l, const float* bias, size_t n) {
  Layer& L = layers_.at(l);
  if (n != L.bias.size()) throw ArgumentError("setBias: expected " + std::to_string(L.bias.size()) + " values");
  if (L.biasTied()) retie("setBias(layer " + std::to_string(l) + ")", L.biasTie, bias, L.biasParams);
  std::copy(bias, bias + n, L.bias.begin());
}

void TrainNetwork::checkRewirable(int l, const std::string& what) const {
  const Layer& L = layers_.at(l);
  if (L.tied() || L.biasTied() || L.frozen)
    throw ArgumentError(what + ": layer " + std::to_string(l) + (L.frozen ? " is frozen" : " shares weights (a convolution)") +
                        ": its graph is fixed");
}

void TrainNetwork::setTopology(int l, std::vector<int32_t> rowPtr, std::vector<int32_t> colIdx,
                               const int32_t* sourceIndex, size_t n) {
  Layer& old = layers_.at(l);
  const std::string what = "setTopology(layer " + std::to_string(l) + ")";
  checkRewirable(l, "setTopology");
  checkCsr(what, old.nIn, old.nOut, rowPtr.data(), rowPtr.size(), colIdx.data(), colIdx.size());
  if (n != colIdx.size()) throw ArgumentError(what + ": sourceIndex length must equal the new nnz");
  // Each old edge moves to at most one new edge (edgeSourceIndex is a merge of two sorted graphs).
  std::vector<uint8_t> used(old.values.size(), 0);
  for (size_t k = 0; k < n; k++) {
    const int32_t src = sourceIndex[k];
    if (src < -1 || src >= (int64_t)old.values.size())
      throw ArgumentError(what + ": sourceIndex " + std::to_string(src) + " out of range [-1, " +
                          std::to_string(old.values.size()) + ")");
    if (src >= 0 && used[src]++) throw ArgumentError(what + ": old edge " + std::to_string(src) + " used twice");
  }
  Layer next;
  next.nIn = old.nIn, next.nOut = old.nOut, next.relu = old.relu;  // untied and not frozen (checked above)
  next.rowPtr = std::move(rowPtr), next.colIdx = std::move(colIdx);
  next.values.assign(n, 0.f), next.m.assign(n, 0.f), next.v.assign(n, 0.f), next.grad.assign(n, 0.f);
  for (size_t k = 0; k < n; k++) {
    const int32_t src = sourceIndex[k];
    if (src < 0) continue;
    next.values[k] = old.values[src], next.m[k] = old.m[src], next.v[k] = old.v[src];
  }
  next.dense = next.nnz() == (int64_t)next.nIn * next.nOut;
  if (l > 0 && !next.dense) buildCsc(next);
  next.bias = std::move(old.bias), next.biasM = std::move(old.biasM), next.biasV = std::move(old.biasV);
  next.biasGrad = std::move(old.biasGrad);
  old = std::move(next);
  if (old.dense) stride_ = 0;  // a layer that became dense needs the batch-major input buffer: re-size on next use
}

}  // namespace engine
}  // namespace sk
