// Which engine trains a run. The native engine trains sparse mode whenever the addon has it (a run's results do not
// depend on the choice: test/unit/engine-*.test.ts hold the two to each other); masked mode, and machines without the
// addon, train on tfjs. Asking for native where it cannot run is an error, never a silent fallback.
import { initBackend } from '../base/tfjs-backend';
import type { LayerMode } from '../layers/mode';
import type { TopologySpec } from '../topology/spec';
import type { EngineName, ModelFamily, TrainingEngine } from './engine';
import { loadEngine } from './native';
import { NativeEngine } from './native-engine';
import { TfjsEngine } from './tfjs';

export type EngineChoice = EngineName | 'auto';
export const ENGINE_CHOICES: readonly EngineChoice[] = ['auto', 'native', 'tfjs'];

/**
 * The engine a run uses, and why; throws one line when `requested` cannot train `mode` (or the model family) here.
 * LeNet-5 trains on the native engine only: its convolutions are weight-tied graphs, which SparseDense does not tie.
 */
export function chooseEngine(requested: EngineChoice, mode: LayerMode, model: ModelFamily = 'mlp'): { name: EngineName; reason: string } {
  const native = loadEngine();
  if (model === 'lenet5') {
    if (requested === 'tfjs') throw new Error('lenet5 trains on the native engine only (its convolutions share weights across edges): drop --engine tfjs');
    if (!native.ok) throw new Error(`lenet5 needs the native engine, which is unavailable: ${native.reason}`);
    return { name: 'native', reason: 'lenet5 trains on the native engine' };
  }
  if (requested === 'tfjs') return { name: 'tfjs', reason: 'asked for' };
  if (mode === 'masked') {
    if (requested === 'native') throw new Error('the native engine trains sparse mode only (masked mode is a dense kernel times a mask: use --engine tfjs)');
    return { name: 'tfjs', reason: 'masked mode trains on tfjs' };
  }
  if (native.ok) return { name: 'native', reason: requested === 'native' ? 'asked for' : 'the addon has the native engine' };
  if (requested === 'native') throw new Error(`the native engine is unavailable: ${native.reason}`);
  return { name: 'tfjs', reason: `native engine unavailable (${native.reason})` };
}

/** A fresh engine holding the network of `specs` (graphs and initial weights from the specs' seeds). */
export async function createEngine(name: EngineName, sizes: number[], specs: TopologySpec[], mode: LayerMode, learningRate: number): Promise<TrainingEngine> {
  if (name === 'native') return NativeEngine.fromSpecs(sizes, specs, learningRate);
  await initBackend();
  return new TfjsEngine(sizes, specs, mode, learningRate);
}
