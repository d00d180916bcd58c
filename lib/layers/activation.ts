// tfjs-layers keeps getActivation() private; its activation classes are registered in the public serialization map
// under their identifiers ('relu', 'softmax', ...), so we resolve them there and apply exactly what `Dense` applies.
import * as tf from '@tensorflow/tfjs';
import type { ActivationIdentifier } from '@tensorflow/tfjs-layers/dist/keras_format/activation_config';

export type { ActivationIdentifier };

export interface ActivationFn {
  apply(x: tf.Tensor): tf.Tensor;
}

export function getActivation(identifier: ActivationIdentifier = 'linear'): ActivationFn {
  const entry = tf.serialization.SerializationMap.getMap().classNameMap[identifier];
  if (entry == null) throw new Error(`Unknown activation '${identifier}'`);
  const [cls, fromConfig] = entry;
  // The map also holds layers (which have apply() too); only activation objects qualify.
  if (cls.prototype instanceof tf.layers.Layer) throw new Error(`'${identifier}' is a layer, not an activation`);
  const fn = fromConfig(cls, {}) as unknown as Partial<ActivationFn>;
  if (typeof fn.apply !== 'function') throw new Error(`'${identifier}' is registered but is not an activation`);
  return fn as ActivationFn;
}
