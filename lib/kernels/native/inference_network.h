// A feed-forward network of sparse layers for inference (lib/infer's predictor), in plain C++: it owns the layers
// (CSR, values, biases, activation) and its intermediate buffers and runs x → outputs in one call, bias and activation
// fused after each layer. network.cc is its N-API face. Failures (bad layer data, a batch too large for memory) are
// NetworkError with a one-line message; std::bad_alloc never escapes.
#pragma once
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sk {

/** Codes match lib/infer/model.ts ACTIVATIONS. */
enum Activation { kLinear = 0, kRelu = 1, kSigmoid = 2, kTanh = 3, kSoftmax = 4 };

struct InferenceLayer {
  int nIn = 0, nOut = 0, activation = kLinear;
  std::vector<int32_t> rowPtr, colIdx;
  std::vector<float> values, bias;  // bias empty when the layer has none
  std::vector<float> out;           // batch × nOut, grown on demand (unused for the last layer)
  // The same graph by input (CSC): edges of input i are cscPtr[i]..cscPtr[i+1], output row and weight per edge.
  std::vector<int32_t> cscPtr, cscRow;
  std::vector<float> cscVal;
  // Every connection, each row's columns in order: `values` is then the row-major weight matrix, and one example
  // takes the SIMD dense product (no indices to load) instead of either sparse form.
  bool complete = false;
  std::vector<int32_t> nonzeroAt;  // one example's nonzero inputs (scratch, nIn + 16)
};

struct NetworkError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class InferenceNetwork {
 public:
  /** Validates the layer (the kernels trust its indices) against the previous one and takes it. */
  void add(InferenceLayer layer);
  bool empty() const { return layers_.empty(); }
  int nIn() const { return layers_.front().nIn; }
  int nOut() const { return layers_.back().nOut; }
  /** out (batch × nOut) = the network applied to x (batch × nIn). */
  void run(const float* x, int batch, float* out);

 private:
  // 64-byte aligned floats, grown on demand (the feature-major kernels load whole SIMD vectors).
  struct AlignedFloats {
    struct Free {
      void operator()(float* p) const { std::free(p); }
    };
    std::unique_ptr<float, Free> data;
    size_t capacity = 0;
    float* get(size_t n);
  };
  /** Batch ≥ 4 with ReLU/linear hidden layers: the whole chain feature-major, bias and ReLU fused into each layer's
   *  store, one transpose in and one out. Returns false (nothing done) for other hidden activations. */
  bool runFeatureMajor(const float* x, int batch, float* out);
  /** Batch 1: layer by layer in the form its input suits (one_example.h). */
  void runOneExample(const float* x, float* out);

  std::vector<InferenceLayer> layers_;
  AlignedFloats chainA_, chainB_;
};

}  // namespace sk
