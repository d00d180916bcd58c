// Adam with tfjs's exact update rule, computed on the host in one loop per variable. tfjs's own Adam dispatches about
// 19 backend ops per variable and step; at the sizes of a sparse network that dispatch, not the arithmetic, was most
// of a training step. The moments live in host Float32Arrays, which also lets a topology change carry them over
// edge by edge (remapState) instead of resetting them.
import * as tf from '@tensorflow/tfjs';
import { hostFloat32 } from '../layers/host-view';

interface Moments { m: Float32Array; v: Float32Array }
type NamedTensor = { name: string; tensor: tf.Tensor };

export class HostAdam extends tf.Optimizer {
  /** @nocollapse */
  static get className(): string { return 'HostAdam'; }
  private readonly moments = new Map<string, Moments>();
  private step = 0;

  /** Mutable: a learning-rate schedule sets it between steps. */
  constructor(public learningRate: number, readonly beta1 = 0.9, readonly beta2 = 0.999,
    readonly epsilon = tf.backend().epsilon()) {
    super();
  }

  override applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const named: NamedTensor[] = Array.isArray(variableGradients)
      ? variableGradients
      : Object.entries(variableGradients).map(([name, tensor]) => ({ name, tensor }));
    this.step++;
    const { beta1, beta2, epsilon } = this;
    const correction1 = 1 - beta1 ** this.step;
    const correction2 = 1 - beta2 ** this.step;
    for (const { name, tensor: gradient } of named) {
      if (gradient == null) continue;
      const variable = tf.engine().registeredVariables[name];
      let state = this.moments.get(name);
      if (!state || state.m.length !== variable.size) {
        state = { m: new Float32Array(variable.size), v: new Float32Array(variable.size) };
        this.moments.set(name, state);
      }
      // Both views are read before the next tfjs allocation (tf.tensor below), as host-view.ts requires.
      const g = hostFloat32(gradient);
      const value = hostFloat32(variable);
      const next = new Float32Array(variable.size);
      const { m, v } = state;
      for (let i = 0; i < next.length; i++) {
        const gi = g[i];
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        next[i] = value[i] - (this.learningRate * (m[i] / correction1)) / (Math.sqrt(v[i] / correction2) + epsilon);
      }
      tf.tidy(() => variable.assign(tf.tensor(next, variable.shape, 'float32')));
    }
    this.incrementIterations();
  }

  /**
   * Rearrange one variable's moments after its variable was rebuilt with a new layout: `sourceIndex[i]` is the old
   * position of new entry i, or -1 for a new entry (its moments start at zero, as a fresh weight's would).
   */
  remapState(name: string, sourceIndex: Int32Array): void {
    const old = this.moments.get(name);
    if (!old) return;
    const m = new Float32Array(sourceIndex.length), v = new Float32Array(sourceIndex.length);
    sourceIndex.forEach((src, i) => { if (src >= 0) { m[i] = old.m[src]; v[i] = old.v[src]; } });
    this.moments.set(name, { m, v });
  }

  /** The host moments of a variable (for tests and diagnostics). */
  momentsOf(name: string): Readonly<Moments> | undefined {
    return this.moments.get(name);
  }

  override dispose(): void {
    this.moments.clear();
    super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { learningRate: this.learningRate, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }

  static override fromConfig<T extends tf.serialization.Serializable>(
    cls: tf.serialization.SerializableConstructor<T>, config: tf.serialization.ConfigDict): T {
    return new cls(config.learningRate, config.beta1, config.beta2, config.epsilon);
  }
}
tf.serialization.registerClass(HostAdam);
