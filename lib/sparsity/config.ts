// How a run's topology evolves during training: the `sparsity` field of a TrainConfig, its defaults and its checks.
// Absent (or 'fixed') means the graph never changes, exactly as before this field existed, and runs with it absent
// keep their run keys. Every other method only decides WHICH edges exist; the layers apply it (SparseDense.setTopology).
// Times are in epochs (fractions allowed; converted to optimizer steps with the run's batches per epoch), update
// periods in optimizer steps.

export const SPARSITY_METHODS = ['fixed', 'gradual-prune', 'one-shot-prune', 'set', 'rigl'] as const;
export type SparsityMethod = typeof SPARSITY_METHODS[number];

export interface SparsityConfig {
  method: SparsityMethod;
  /** Epoch at which updates start (gradual-prune, set, rigl); for one-shot-prune the epoch of the single prune. */
  begin?: number;
  /** Epoch of the last update: gradual-prune reaches its target here; set/rigl stop rewiring here. */
  end?: number;
  /** Optimizer steps between updates (gradual-prune, rigl; set: absent = once per epoch, at its end). */
  updateEvery?: number;
  /** set: ζ, the fraction of each layer's edges replaced per update; rigl: α, the initial drop fraction. */
  dropFraction?: number;
}

type Param = Exclude<keyof SparsityConfig, 'method'>;
const PARAMS: Param[] = ['begin', 'end', 'updateEvery', 'dropFraction'];

/** Methods that start from the dense network and prune it to the run's density (the others keep their start nnz). */
export const PRUNE_METHODS: readonly SparsityMethod[] = ['gradual-prune', 'one-shot-prune'];

export const isPruneMethod = (method: SparsityMethod): boolean => PRUNE_METHODS.includes(method);

/** Rounded to 1/100 epoch so that defaults derived from the epoch count stay short, exact JSON (run keys hash it). */
const epochsAt = (fraction: number, epochs: number) => Math.round(fraction * epochs * 100) / 100;

/**
 * Each method's parameters and their defaults for a run of `epochs` epochs:
 *  gradual-prune  prune from 10% to 50% of the run, every 100 steps (TF-MOT's PolynomialDecay default frequency),
 *                 leaving half the run to recover at the target density (Zhu & Gupta 2017).
 *  one-shot-prune train dense for half the run, prune once, fine-tune the rest.
 *  set            ζ = 0.3 at the end of every epoch but the last (Mocanu et al. 2018), so the tested net was trained.
 *  rigl           α = 0.3, every 100 steps, until 75% of the run (Evci et al. 2020's ΔT and T_end).
 */
const DEFAULTS: Record<SparsityMethod, (epochs: number) => Partial<Record<Param, number>>> = {
  fixed: () => ({}),
  'gradual-prune': epochs => ({ begin: epochsAt(0.1, epochs), end: epochsAt(0.5, epochs), updateEvery: 100 }),
  'one-shot-prune': epochs => ({ begin: epochsAt(0.5, epochs) }),
  set: epochs => ({ begin: 0, end: epochs - 1, dropFraction: 0.3 }),
  rigl: epochs => ({ begin: 0, end: epochsAt(0.75, epochs), updateEvery: 100, dropFraction: 0.3 }),
};

/** The parameters a method takes (anything else is an error, so a typo cannot silently change nothing). */
const ACCEPTS: Record<SparsityMethod, readonly Param[]> = {
  fixed: [],
  'gradual-prune': ['begin', 'end', 'updateEvery'],
  'one-shot-prune': ['begin'],
  set: ['begin', 'end', 'updateEvery', 'dropFraction'],
  rigl: ['begin', 'end', 'updateEvery', 'dropFraction'],
};

/** A method name or a partial config, completed with the method's defaults for a run of `epochs` epochs. */
export function resolveSparsity(s: SparsityMethod | SparsityConfig, epochs: number): SparsityConfig {
  const given: SparsityConfig = typeof s === 'string' ? { method: s } : s;
  const out: SparsityConfig = { method: given.method, ...DEFAULTS[given.method](epochs) };
  for (const p of PARAMS) if (given[p] !== undefined) out[p] = given[p];
  return out;
}

/** The config's sparsity with defaults filled in ('fixed' when absent). Assumes sparsityProblem found nothing. */
export function effectiveSparsity(c: { sparsity?: SparsityConfig; epochs: number }): SparsityConfig {
  return resolveSparsity(c.sparsity ?? { method: 'fixed' }, c.epochs);
}

/**
 * Why `value` is not a valid sparsity for a run of `epochs` epochs, as one line naming the field, or null. Takes
 * untrusted input (grid files). Every update must lie within the run, so the last epoch is at the final density.
 */
export function sparsityProblem(value: unknown, epochs: number): string | null {
  const show = (v: unknown) => JSON.stringify(v) ?? String(v);
  if (typeof value === 'string') value = { method: value };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return `sparsity must be a method name or an object (got ${show(value)})`;
  const obj = value as Record<string, unknown>;
  const method = obj.method as SparsityMethod;
  if (!SPARSITY_METHODS.includes(method)) return `sparsity.method must be one of ${SPARSITY_METHODS.join(', ')} (got ${show(obj.method)})`;
  for (const key of Object.keys(obj)) {
    if (key === 'method' || obj[key] === undefined) continue;
    if (!(PARAMS as string[]).includes(key)) return `sparsity.${key} is not a sparsity field (known: method, ${PARAMS.join(', ')})`;
    if (!ACCEPTS[method].includes(key as Param)) return `sparsity.${key} does not apply to ${method}`;
  }
  const s = resolveSparsity(obj as unknown as SparsityConfig, epochs);
  const num = (p: Param) => s[p] as number;
  const bad = (p: Param, rule: string) => `sparsity.${p} must be ${rule} (got ${show(s[p])})`;
  const isNum = (p: Param) => typeof s[p] === 'number' && Number.isFinite(s[p]);
  if (s.begin !== undefined && !(isNum('begin') && num('begin') >= 0 && num('begin') <= epochs)) return bad('begin', `an epoch in [0, ${epochs}]`);
  if (method === 'one-shot-prune' && !(num('begin') > 0)) return bad('begin', '> 0 (one-shot pruning trains dense first)');
  if (s.end !== undefined) {
    if (!(isNum('end') && num('end') <= epochs)) return bad('end', `an epoch <= ${epochs} (the run's epochs)`);
    const min = method === 'gradual-prune' ? '>' : '>=';
    if (method === 'gradual-prune' ? !(num('end') > num('begin')) : !(num('end') >= num('begin'))) return bad('end', `${min} begin (${s.begin})`);
  }
  if (s.updateEvery !== undefined && !(Number.isInteger(s.updateEvery) && num('updateEvery') >= 1)) return bad('updateEvery', 'a positive integer (steps)');
  if (s.dropFraction !== undefined && !(isNum('dropFraction') && num('dropFraction') > 0 && num('dropFraction') < 1)) return bad('dropFraction', 'in (0, 1)');
  return null;
}
