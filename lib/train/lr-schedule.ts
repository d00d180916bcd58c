// The learning rate of each optimizer step. 'constant' keeps the config's rate; 'cosine' anneals it from that rate to
// 0 over the run's steps (Loshchilov & Hutter 2017, without restarts): large steps early, small ones that settle the
// weights late, so the last epochs are the best-trained instead of noisy around a minimum.
export const LR_SCHEDULES = ['constant', 'cosine'] as const;
export type LearningRateSchedule = typeof LR_SCHEDULES[number];

/** The rate of step `step` (1-based) of `totalSteps`. */
export function learningRateAt(schedule: LearningRateSchedule, base: number, step: number, totalSteps: number): number {
  if (schedule === 'constant') return base;
  return base * 0.5 * (1 + Math.cos((Math.PI * (step - 1)) / totalSteps));
}

/** The rates of steps first+1 .. first+count. */
export function learningRates(schedule: LearningRateSchedule, base: number, first: number, count: number, totalSteps: number): Float64Array {
  return Float64Array.from({ length: count }, (_, i) => learningRateAt(schedule, base, first + i + 1, totalSteps));
}
