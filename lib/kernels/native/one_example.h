// One example through one layer of InferenceNetwork, on the calling thread: at 784-300-100-10, 10%, a layer split
// between two threads by rows measured ~10% faster alone and slower beside another process's spinning threads (ONNX
// Runtime's, in the infer benchmark) on two cores, where a hand-off costs what a few hundred edges do.
#pragma once
#include "inference_network.h"

namespace sk {

enum OneExampleForm { kScatter, kGather, kDense };

/** How one example goes through layer l given its input's nonzeros: the SIMD dense product for a layer with every
 *  connection; an input-sparse scatter over the transposed graph when the input is mostly zeros (MNIST pixels, ReLU
 *  outputs), touching only the edges of nonzero inputs; else row-wise dots. */
OneExampleForm oneExampleForm(const InferenceLayer& l, int nonzero);

/** y = x·Wᵀ, plus the bias in the scatter form only (it starts from the bias; the others leave it and the activation to
 *  the caller). The scatter form reads x's nonzero inputs from `nonzeroAt` (IsaKernels::listNonzero:
 *  branch-free, as a ReLU output's zeros fall at random and a branch per input would be mispredicted half the time). */
void oneExampleForward(const InferenceLayer& l, OneExampleForm form, const float* x, const int32_t* nonzeroAt, int nonzero,
                       float* y);

}  // namespace sk
