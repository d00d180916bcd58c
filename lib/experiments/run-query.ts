// Picking and ordering stored runs by their flattened fields (lib/experiments/summary FlatRecord), for `npm run
// results --runs --where ... --sort ...` and notebooks: "topology=circulant,density=0.1", "testAccuracy:desc".
import { flattenResult, type FlatRecord } from './summary';
import type { StoredResult } from './result-store';

export const QUERY_FIELDS: readonly (keyof FlatRecord)[] = ['key', 'status', 'dataset', 'arch', 'channelTable', 'topology', 'allocation', 'density',
  'mode', 'sparsity', 'seed', 'testAccuracy', 'bestEpoch', 'connections', 'params', 'wallSeconds'];

export interface Condition { field: keyof FlatRecord; value: string }

const isField = (f: string): f is keyof FlatRecord => (QUERY_FIELDS as readonly string[]).includes(f);

/** "a=x,b=y" as conditions; throws one line naming every unknown field or malformed term. */
export function parseWhere(text: string): Condition[] {
  const terms = text.split(',').map(t => t.trim()).filter(Boolean);
  const bad = terms.filter(t => !/^[^=]+=[^=]*$/.test(t) || !isField(t.split('=')[0].trim()));
  if (bad.length) throw new Error(`--where: ${bad.map(t => `'${t}'`).join(', ')} ${bad.length > 1 ? 'are' : 'is'} not field=value (fields: ${QUERY_FIELDS.join(', ')})`);
  return terms.map(t => { const [f, v] = t.split('='); return { field: f.trim() as keyof FlatRecord, value: v.trim() }; });
}

/** "field" or "field:asc" (ascending), "field:desc" (descending); throws for an unknown field or direction. */
export function parseSort(text: string): { field: keyof FlatRecord; descending: boolean } {
  const [field, direction = 'asc', ...rest] = text.split(':');
  if (!isField(field) || rest.length || (direction !== 'asc' && direction !== 'desc')) {
    throw new Error(`--sort: '${text}' is not field[:asc|:desc] (fields: ${QUERY_FIELDS.join(', ')})`);
  }
  return { field, descending: direction === 'desc' };
}

/** A value matches a condition when its text does, or for numbers when they are equal (density=0.1 matches 0.1). */
const matches = (row: FlatRecord, c: Condition) => {
  const v = row[c.field];
  return typeof v === 'number' ? v === Number(c.value) : String(v) === c.value;
};

/** The stored runs that meet every condition, as stored. */
export function filterRuns(results: readonly StoredResult[], where: readonly Condition[]): StoredResult[] {
  return where.length ? results.filter(r => { const f = flattenResult(r); return where.every(c => matches(f, c)); }) : [...results];
}

/** The runs that meet every condition, flattened, in the asked order (stable: stored order among equals). */
export function queryRuns(results: readonly StoredResult[], where: readonly Condition[] = [],
  sort?: { field: keyof FlatRecord; descending: boolean }): FlatRecord[] {
  const rows = results.map(flattenResult).filter(r => where.every(c => matches(r, c)));
  if (!sort) return rows;
  const sign = sort.descending ? -1 : 1;
  return rows.map((r, i) => ({ r, i })).sort((a, b) => {
    const x = a.r[sort.field], y = b.r[sort.field];
    return (x < y ? -sign : x > y ? sign : 0) || a.i - b.i;
  }).map(e => e.r);
}

/** Two runs side by side: every config field and headline metric, marking where they differ. */
export function compareRuns(a: StoredResult, b: StoredResult): { field: string; a: string; b: string; differs: boolean }[] {
  const flat = (r: StoredResult): Record<string, unknown> => ({
    ...r.record.config, sparsity: r.record.config.sparsity ? JSON.stringify(r.record.config.sparsity) : 'fixed',
    arch: flattenResult(r).arch, engine: r.record.engine ?? 'tfjs', testAccuracy: r.record.testAccuracy, testLoss: r.record.testLoss,
    bestEpoch: r.record.bestEpoch, epochsRun: r.record.epochs.length, connections: r.record.connections, wallSeconds: r.record.wallSeconds,
    gitCommit: r.record.gitCommit,
  });
  const [x, y] = [flat(a), flat(b)];
  const fields = [...new Set([...Object.keys(x), ...Object.keys(y)])];
  const text = (v: unknown) => (v === undefined ? '—' : typeof v === 'number' ? String(+v.toPrecision(6)) : String(v));
  return fields.map(field => ({ field, a: text(x[field]), b: text(y[field]), differs: text(x[field]) !== text(y[field]) }));
}
