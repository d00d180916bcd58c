// Section 6.1, continued: where training takes the graph. A fixed graph ends where it starts; SET and RigL end on
// graphs nobody drew, measured by the trainer (RunRecord layers[].finalGraph); pruning starts from the dense net.
// Are the graphs that train best the better expanders, as the paper's later version found for fixed graphs?
import type { StoredResult } from '../experiments/result-store';
import type { Figure } from '../plot/figure';
import { scatter } from '../plot/builders/scatter';
import type { RunRecord } from '../train/config';
import { isPruneMethod } from '../sparsity/config';
import { finalGraphStats, GraphStatsCache, type GraphStats } from '../experiments/graph-metrics';
import { densityLabel, markdownTable, percent } from './prose';
import type { SectionPart } from './section';
import { methodGroups } from './future';
import { runArch } from '../experiments/run-fields';
import { meanSd } from '../base/stats';
import { nameSlug } from './stats';
import { sparsityMethodOf } from '../experiments/run-fields';

/** The expansion and reach of a network's sparse layers: spectral measures are minima over them, dead inputs layer 1's. */
export interface GraphState {
  spectralGap: number;
  algebraicConnectivity: number;
  firstDeadInputs: number;
}

/** The run's graphs at the start of training; undefined when it started dense (pruning) or is the dense net. */
export function startGraph(r: RunRecord, cache: GraphStatsCache): GraphState | undefined {
  const c = r.config;
  if (c.topology === 'dense' || (c.sparsity && isPruneMethod(c.sparsity.method))) return undefined;
  return graphState(cache.get(r));
}

/** The run's graphs after training, as recorded by the trainer (a fixed graph: its start graph). */
export function finalGraph(r: RunRecord, cache: GraphStatsCache): GraphState | undefined {
  const s = finalGraphStats(r, cache);
  return s && graphState(s);
}

const graphState = (s: GraphStats): GraphState =>
  ({ spectralGap: s.spectralGap, algebraicConnectivity: s.algebraicConnectivity, firstDeadInputs: s.firstDeadInputs });

export interface GraphShiftRow {
  label: string;
  runs: number;
  testAccuracy: number;
  /** Means over the group's runs; start is absent for groups that started dense, final for runs without a record of it. */
  start?: GraphState;
  final?: GraphState;
}

function meanState(states: readonly (GraphState | undefined)[]): GraphState | undefined {
  if (states.length === 0 || states.some(s => s === undefined)) return undefined;
  const all = states as GraphState[];
  const mean = (k: keyof GraphState) => meanSd(all.map(s => s[k])).mean;
  return { spectralGap: mean('spectralGap'), algebraicConnectivity: mean('algebraicConnectivity'), firstDeadInputs: mean('firstDeadInputs') };
}

/** Per group (e.g. methodGroups' 'rigl random'): test accuracy and the graphs' state before and after training. */
export function graphShiftRows(groups: ReadonlyMap<string, readonly StoredResult[]>, cache: GraphStatsCache): GraphShiftRow[] {
  return [...groups.entries()].filter(([label]) => label !== 'dense').map(([label, runs]) => {
    const start = meanState(runs.map(r => startGraph(r.record, cache)));
    const final = meanState(runs.map(r => finalGraph(r.record, cache)));
    return { label, runs: runs.length, testAccuracy: meanSd(runs.map(r => r.record.testAccuracy)).mean,
      ...(start ? { start } : {}), ...(final ? { final } : {}) };
  });
}

export const graphShiftColumns = ['configuration', 'runs', 'test accuracy', 'spectral gap: start → end',
  'algebraic connectivity: start → end', 'layer-1 inputs with no edge: start → end'];

export function graphShiftCells(r: GraphShiftRow): string[] {
  const pair = (k: keyof GraphState, digits: number) =>
    `${r.start ? r.start[k].toFixed(digits) : 'dense'} → ${r.final ? r.final[k].toFixed(digits) : 'not recorded'}`;
  return [r.label, String(r.runs), percent(r.testAccuracy), pair('spectralGap', 3), pair('algebraicConnectivity', 3), pair('firstDeadInputs', 1)];
}

/**
 * Test accuracy against the spectral gap of the graphs each run ENDED with, at one density: fixed graphs coloured by
 * class, rewired and pruned ones by method, so one can see whether training moves toward better expanders.
 */
export function finalGapFigure(results: readonly StoredResult[], density: number, arch: string, cache: GraphStatsCache): Figure | undefined {
  const points = results.filter(r => r.record.config.density === density && r.record.config.topology !== 'dense').flatMap(r => {
    const final = finalGraph(r.record, cache);
    const method = sparsityMethodOf(r.record.config);
    return final ? [{ x: final.spectralGap, y: r.record.testAccuracy, topology: method === 'fixed' ? r.record.config.topology : method }] : [];
  });
  if (points.length < 2) return undefined;
  return scatter(points, {
    name: `future-final-spectral-gap-${nameSlug(arch)}-at-${nameSlug(density)}`,
    title: `${arch} at ${densityLabel(density)}: accuracy vs the spectral gap of the trained graph`,
    caption: `${arch} at ${densityLabel(density)}: each run's test accuracy against the spectral gap (minimum over sparse layers) of `
      + 'the graph it ended training with; fixed graphs by class, rewired (SET, RigL) and pruned networks by method.',
    xTitle: 'spectral gap of the final graph (min over sparse layers)', yTitle: 'test accuracy', yTickformat: '.1%',
  });
}

/** Section 6.1, continued: the graphs before and after training at the grid's lowest density, and accuracy vs the final gap. */
export function graphShiftSection(results: readonly StoredResult[], densities: readonly number[], cache = new GraphStatsCache()): SectionPart[] {
  if (results.length === 0) return [{ markdown: '_Not yet: no `dynamic` results._' }];
  const low = Math.min(...densities);
  const fig = finalGapFigure(results, low, runArch(results[0].record), cache);
  return [
    { markdown: `**Graphs before and after training at ${densityLabel(low)}** (means over seeds; spectral measures are minima over the sparse layers)\n\n`
      + markdownTable(graphShiftColumns, graphShiftRows(methodGroups(results, low), cache).map(graphShiftCells)) },
    { figures: fig ? [fig] : [] },
  ];
}
