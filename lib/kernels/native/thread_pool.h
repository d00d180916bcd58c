// A persistent fork-join pool: workers start once and spin briefly, then sleep, between jobs, so back-to-back
// kernel calls (a training step) pay no thread start-up and little wake-up cost.
#pragma once
#include <functional>

namespace sk {

/** Participants (caller + workers) a job may use: SPARSE_THREADS if set, else hardware_concurrency. */
int poolSize();
/** Runs fn(0..n-1), part 0 on the calling thread; returns when all parts are done. n is clamped to poolSize(). */
void poolRun(int n, const std::function<void(int)>& fn);
/** Each Node environment that loads the addon holds a reference; the last release joins the workers. */
void poolAcquire();
void poolRelease();

}  // namespace sk
