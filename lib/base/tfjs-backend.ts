// Picks the tfjs engine: tfjs-node when a user has it installed, else WebAssembly, else pure JS.
// TFJS_BACKEND=node|wasm|cpu (or the `prefer` argument) forces one; forcing an engine that cannot start is an error.
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';

export type EngineChoice = 'auto' | 'node' | 'wasm' | 'cpu';
export const engineChoices: readonly EngineChoice[] = ['auto', 'node', 'wasm', 'cpu'];

export interface BackendInfo {
  /** tfjs backend name: 'tensorflow' (tfjs-node), 'wasm' or 'cpu'. */
  backend: string;
  /** Why this backend was chosen. */
  reason: string;
  tfjsVersion: string;
  nodeVersion: string;
  platform: string;
  cpuModel: string;
  cpuCount: number;
  totalMemoryGiB: number;
}

/**
 * True only for the real @tensorflow/tfjs-node. danfojs-node's scoped npm override aliases its copy to plain
 * @tensorflow/tfjs, and npm may hoist that alias to node_modules/@tensorflow/tfjs-node, so resolving the name is not enough.
 */
function realTfjsNodeInstalled(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require('@tensorflow/tfjs-node/package.json').name === '@tensorflow/tfjs-node';
  } catch {
    return false;
  }
}

type Starter = () => Promise<boolean>;
const starters: Record<Exclude<EngineChoice, 'auto'>, Starter> = {
  async node() {
    if (!realTfjsNodeInstalled()) throw new Error('@tensorflow/tfjs-node is not installed');
    require('@tensorflow/tfjs-node');
    return tf.setBackend('tensorflow');
  },
  async wasm() {
    require('@tensorflow/tfjs-backend-wasm');
    return tf.setBackend('wasm');
  },
  async cpu() {
    return tf.setBackend('cpu');
  },
};

let current: Promise<BackendInfo> | undefined;

/** Start (once per process) and describe the tfjs backend. */
export function initBackend(prefer: EngineChoice = (process.env.TFJS_BACKEND as EngineChoice) || 'auto'): Promise<BackendInfo> {
  if (!engineChoices.includes(prefer)) {
    return Promise.reject(new Error(`TFJS_BACKEND must be one of ${engineChoices.join(', ')} (got '${prefer}')`));
  }
  current ??= start(prefer);
  return current;
}

async function start(prefer: EngineChoice): Promise<BackendInfo> {
  const order: Exclude<EngineChoice, 'auto'>[] = prefer === 'auto' ? ['node', 'wasm', 'cpu'] : [prefer];
  const skipped: string[] = [];
  for (const engine of order) {
    let ok = false;
    try {
      ok = await starters[engine]();
    } catch (err) {
      skipped.push(`${engine}: ${(err as Error).message.split('\n')[0]}`);
      continue;
    }
    if (ok) {
      await tf.ready();
      const reason = prefer === 'auto'
        ? `auto: first of node, wasm, cpu that started${skipped.length ? ` (${skipped.join('; ')})` : ''}`
        : `forced (${prefer})`;
      return describe(reason);
    }
    skipped.push(`${engine}: not available`);
  }
  throw new Error(`no tfjs backend could start: ${skipped.join('; ')}`);
}

function describe(reason: string): BackendInfo {
  const cpus = os.cpus();
  return {
    backend: tf.getBackend(),
    reason,
    tfjsVersion: tf.version.tfjs,
    nodeVersion: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryGiB: Math.round(os.totalmem() / 2 ** 30),
  };
}
