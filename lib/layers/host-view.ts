// The float32 contents of a tensor as a host Float32Array, for the synchronous native kernels.
// On the wasm backend this is a zero-copy view into the wasm heap: reading with dataSync() would allocate and copy
// (a batch of images is 400 KB) on every call, which cost more than the sparse kernels themselves. A view is valid
// only until the next wasm allocation (memory growth detaches it), so use it at once and never keep it.
import * as tf from '@tensorflow/tfjs';

interface WasmBackendInternals {
  dataIdMap: { get(id: object): { memoryOffset: number | null } | undefined };
  wasm: { HEAPU8: Uint8Array };
}

export function hostFloat32(t: tf.Tensor): Float32Array {
  if (t.dtype === 'float32' && tf.getBackend() === 'wasm') {
    const backend = tf.backend() as unknown as WasmBackendInternals;
    const entry = backend.dataIdMap.get(t.dataId);
    if (entry?.memoryOffset != null) return new Float32Array(backend.wasm.HEAPU8.buffer, entry.memoryOffset, t.size);
  }
  return t.dataSync() as Float32Array;
}
