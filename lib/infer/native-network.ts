// The predictor's native path: the addon's `Network` class (lib/kernels/native/network.cc) runs every layer in one
// call. Older builds of the addon lack it; then `nativeNetwork` says why and the predictor falls back to TypeScript.
import { loadNative } from '../kernels/native';
import { ACTIVATIONS, type ModelLayer } from './model';
import type { NetworkRunner } from './typescript-network';

interface NativeLayerArgs {
  nIn: number;
  nOut: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float32Array;
  bias: Float32Array | null;
  activation: number;
}

type NetworkClass = new (layers: NativeLayerArgs[]) => NetworkRunner;

// `reason?: undefined` on the ok side: tslab compiles without strictNullChecks, where `if (!l.ok)` does not narrow.
export type NativeNetworkLoad = { ok: true; create(layers: ModelLayer[]): NetworkRunner; reason?: undefined } | { ok: false; reason: string };

export function nativeNetwork(): NativeNetworkLoad {
  const load = loadNative();
  if (!load.ok) return { ok: false, reason: `native addon unavailable: ${load.reason}` };
  const Network = (load.addon as unknown as { Network?: NetworkClass }).Network;
  if (typeof Network !== 'function') return { ok: false, reason: 'the native addon predates Network; rebuild it with `npm run install`' };
  return {
    ok: true,
    create: layers => new Network(layers.map(l => ({
      nIn: l.csr.nIn, nOut: l.csr.nOut, rowPtr: l.csr.rowPtr, colIdx: l.csr.colIdx, values: l.values, bias: l.bias,
      activation: ACTIVATIONS.indexOf(l.activation),
    }))),
  };
}
