// A zero-filled, 64-byte aligned float buffer that only grows: the feature-major loops load whole SIMD vectors
// from row starts, and a training step must not allocate. Growing allocates the new block before freeing the old
// one, so std::bad_alloc leaves the previous contents intact.
#pragma once
#include <cstdlib>
#include <cstring>
#include <new>

namespace sk {
namespace engine {

class AlignedBuffer {
 public:
  AlignedBuffer() = default;
  explicit AlignedBuffer(size_t n) { reserveZeroed(n); }
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  AlignedBuffer(AlignedBuffer&& o) noexcept : p_(o.p_), n_(o.n_) { o.p_ = nullptr, o.n_ = 0; }
  AlignedBuffer& operator=(AlignedBuffer&& o) noexcept {
    std::swap(p_, o.p_);
    std::swap(n_, o.n_);
    return *this;
  }
  ~AlignedBuffer() { std::free(p_); }

  /** Ensures room for n floats; a grown buffer is all zeros (contents are not kept). */
  void reserveZeroed(size_t n) {
    if (n <= n_ && p_) return;
    const size_t bytes = ((n * sizeof(float) + 63) / 64) * 64;
    float* p = static_cast<float*>(std::aligned_alloc(64, bytes ? bytes : 64));
    if (!p) throw std::bad_alloc();
    std::memset(p, 0, bytes ? bytes : 64);
    std::free(p_);
    p_ = p;
    n_ = n;
  }
  void release() {
    std::free(p_);
    p_ = nullptr;
    n_ = 0;
  }
  float* data() { return p_; }
  const float* data() const { return p_; }
  size_t size() const { return n_; }

 private:
  float* p_ = nullptr;
  size_t n_ = 0;
};

}  // namespace engine
}  // namespace sk
