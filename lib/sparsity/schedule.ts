// When updates happen and how much they change: pure schedule maths, in optimizer steps t (t = number of steps done).

/** The step at which `epochs` (fractional allowed) epochs of `stepsPerEpoch` steps have been trained. */
export function epochStep(epochs: number, stepsPerEpoch: number): number {
  return Math.round(epochs * stepsPerEpoch);
}

/** A periodic update fires at t = begin, begin + every, ... up to and including end (TF-MOT's pruning turns). */
export function isPeriodicStep(t: number, begin: number, end: number, every: number): boolean {
  return t >= begin && t <= end && (t - begin) % every === 0;
}

/** The first periodic step after t (see isPeriodicStep), or Infinity when none is left. */
export function nextPeriodicStep(t: number, begin: number, end: number, every: number): number {
  const next = t < begin ? begin : begin + (Math.floor((t - begin) / every) + 1) * every;
  return next <= end ? next : Infinity;
}

export interface PolynomialSchedule {
  /** Sparsity (fraction of connections removed) at `begin` and from `end` on. */
  initial: number;
  final: number;
  begin: number;
  end: number;
  /** 3 in Zhu & Gupta (2017) and TF-MOT's PolynomialDecay default. */
  exponent?: number;
}

/**
 * TF Model Optimization's PolynomialDecay: s_t = s_f + (s_i − s_f)·(1 − p)^e with p = (t − t0)/(t_end − t0) clamped
 * to [0, 1], so the sparsity rises fast while many weights are redundant and slowly as it nears the target.
 */
export function polynomialSparsity(t: number, s: PolynomialSchedule): number {
  const p = s.end > s.begin ? Math.min(1, Math.max(0, (t - s.begin) / (s.end - s.begin))) : t >= s.begin ? 1 : 0;
  return s.final + (s.initial - s.final) * (1 - p) ** (s.exponent ?? 3);
}

/**
 * Gradual pruning fires on TF-MOT's turns (every `every` steps from begin, within [begin, end]) and also at `end`
 * itself, so the target is reached exactly even when end − begin is not a multiple of the frequency (TF-MOT would
 * stop short of it then).
 */
export function isPruneStep(t: number, begin: number, end: number, every: number): boolean {
  return t === end || isPeriodicStep(t, begin, end, every);
}

/** The first prune step after t (see isPruneStep), or Infinity when none is left. */
export function nextPruneStep(t: number, begin: number, end: number, every: number): number {
  return t < end ? Math.min(nextPeriodicStep(t, begin, end, every), end) : Infinity;
}

/** RigL's cosine-annealed drop fraction α/2·(1 + cos(π·t/T_end)); 0 from T_end on. */
export function cosineDropFraction(t: number, alpha: number, tEnd: number): number {
  if (t >= tEnd) return 0;
  return (alpha / 2) * (1 + Math.cos((Math.PI * t) / tEnd));
}

/** Edges a layer of `total` positions keeps at sparsity s, never below `target` (the run's final count). */
export function keepCount(total: number, sparsity: number, target: number): number {
  return Math.max(target, Math.round((1 - sparsity) * total));
}
