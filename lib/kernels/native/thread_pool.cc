#include "thread_pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define SK_PAUSE() _mm_pause()
#else
#define SK_PAUSE() ((void)0)
#endif

namespace sk {
namespace {

// How long an idle worker spins before sleeping: covers the gap between a step's kernel calls.
constexpr auto kSpin = std::chrono::microseconds(100);

int configuredSize() {
  if (const char* s = std::getenv("SPARSE_THREADS")) {
    const int n = std::atoi(s);
    if (n >= 1) return n > 64 ? 64 : n;
  }
  const unsigned hc = std::thread::hardware_concurrency();
  return hc == 0 ? 1 : (int)hc;
}

class Pool {
 public:
  explicit Pool(int size) : size_(size) {
    for (int i = 1; i < size; i++) workers_.emplace_back([this] { loop(); });
  }

  int size() const { return size_; }

  void run(int n, const std::function<void(int)>& fn) {
    // Concurrent callers (worker_threads) must not share the one job slot: the loser runs serially.
    std::unique_lock<std::mutex> busy(runMutex_, std::try_to_lock);
    if (n <= 1 || workers_.empty() || !busy.owns_lock()) {
      for (int i = 0; i < n; i++) fn(i);
      return;
    }
    job_ = &fn;
    done_.store(0, std::memory_order_relaxed);
    const uint64_t g = (uint64_t)(++gen_ & 0xffffffffu);
    {
      std::lock_guard<std::mutex> lk(m_);
      state_.store(g << 32 | (uint64_t)n << 16, std::memory_order_release);
    }
    cv_.notify_all();
    // Parts are claimed, not assigned: if a worker is descheduled (a busy machine) the caller does its part too.
    const int mine = claimAndRun(g);
    if (done_.fetch_add(mine, std::memory_order_acq_rel) + mine == n) return;
    for (int i = 0; done_.load(std::memory_order_acquire) != n; i++) {
      if (i < 2000) SK_PAUSE();
      else std::this_thread::yield();
    }
  }

  void shutdown() {
    {
      std::lock_guard<std::mutex> lk(m_);
      stop_.store(true);
      state_.fetch_add(uint64_t(1) << 32);  // a new "generation" wakes everyone
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

 private:
  // state_ packs generation (32 bits) | parts (16) | next unclaimed part (16).
  int claimAndRun(uint64_t g) {
    int ran = 0;
    uint64_t s = state_.load(std::memory_order_acquire);
    while ((s >> 32) == g && (s & 0xffff) < ((s >> 16) & 0xffff)) {
      if (!state_.compare_exchange_weak(s, s + 1, std::memory_order_acq_rel)) continue;
      // Safe to read job_: the caller cannot start the next job until this claimed part is done.
      (*job_)((int)(s & 0xffff));
      ran++;
      s = state_.load(std::memory_order_acquire);
    }
    return ran;
  }

  void loop() {
    uint64_t seen = 0;
    for (;;) {
      uint64_t g = state_.load(std::memory_order_acquire) >> 32;
      if (g == seen) {
        const auto until = std::chrono::steady_clock::now() + kSpin;
        for (int i = 0; g == seen; i++) {
          SK_PAUSE();
          g = state_.load(std::memory_order_acquire) >> 32;
          if ((i & 255) == 255 && std::chrono::steady_clock::now() > until) break;
        }
      }
      if (g == seen) {
        std::unique_lock<std::mutex> lk(m_);
        cv_.wait(lk, [&] { return (state_.load(std::memory_order_acquire) >> 32) != seen; });
        g = state_.load(std::memory_order_acquire) >> 32;
      }
      if (stop_.load()) return;
      seen = g;
      const int ran = claimAndRun(g);
      if (ran) done_.fetch_add(ran, std::memory_order_acq_rel);
    }
  }

  const int size_;
  std::vector<std::thread> workers_;
  std::mutex runMutex_, m_;
  std::condition_variable cv_;
  std::atomic<uint64_t> state_{0};
  std::atomic<int> done_{0};
  std::atomic<bool> stop_{false};
  uint32_t gen_ = 0;  // written only by the caller holding runMutex_
  const std::function<void(int)>* job_ = nullptr;
};

// Heap-allocated and never destroyed by static destructors: if the process exits without the cleanup hook
// (process.exit), sleeping workers simply vanish with it instead of hitting a joinable std::thread destructor.
std::mutex gLifecycle;
Pool* gPool = nullptr;
int gRefs = 0;

Pool& pool() {
  std::lock_guard<std::mutex> lk(gLifecycle);
  if (!gPool) gPool = new Pool(configuredSize());
  return *gPool;
}

}  // namespace

int poolSize() { return pool().size(); }

void poolRun(int n, const std::function<void(int)>& fn) {
  Pool& p = pool();
  p.run(n < p.size() ? n : p.size(), fn);
}

void poolAcquire() {
  std::lock_guard<std::mutex> lk(gLifecycle);
  gRefs++;
}

void poolRelease() {
  Pool* doomed = nullptr;
  {
    std::lock_guard<std::mutex> lk(gLifecycle);
    if (--gRefs == 0) std::swap(doomed, gPool);
  }
  if (doomed) {
    doomed->shutdown();
    delete doomed;
  }
}

}  // namespace sk
