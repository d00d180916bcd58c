#!/usr/bin/env python3
"""PyTorch as the inference peer: the benchmark's network as (a) dense F.linear layers and (b) sparse CSR weights,
timed per call like lib/base/timing.ts's timeCalls, under torch.inference_mode(). Checks that both agree on every
input, then prints ONE JSON line: {peer, torch, rows: [{threads, blasThreads, batch, mode, us, usMin}], maxAbsDiff}.

--net: raw little-endian float32, per layer in order W [nOut, nIn] row-major (zeros where there is no edge), then
its bias [nOut]. --inputs: raw float32 [N, sizes[0]] row-major (the benchmark's 256 MNIST test images). Batch b
uses N/b fixed slices of the inputs, call i the slice i mod N/b (batch 1: row i mod N; batch N: all of them).

--threads sets torch's intra-op (OpenMP) threads per entry. OpenBLAS sizes its pool from OPENBLAS_NUM_THREADS once,
when torch loads it, and libgomp reads OMP_WAIT_POLICY once, so torch_infer.ts runs one process per thread count t
with OPENBLAS_NUM_THREADS=t and OMP_WAIT_POLICY=PASSIVE (see there why).

Usage: torch_infer.py --net F --sizes 784,300,100,10 --activations relu,relu,linear --inputs F
                      [--batches 1,256] [--threads 1,2] [--blocks 7] [--min-block-ms 50]
"""
import argparse
import json
import os
import time

import numpy as np
import torch
import torch.nn.functional as F

TOLERANCE = 1e-4  # largest |dense - sparse_csr| accepted on any output of any input


def activate(x, name, feature_dim):
    if name == 'relu':
        return torch.relu_(x)
    if name == 'sigmoid':
        return torch.sigmoid_(x)
    if name == 'tanh':
        return torch.tanh_(x)
    if name == 'softmax':
        return torch.softmax(x, dim=feature_dim)
    if name == 'linear':
        return x
    raise SystemExit(f'unknown activation {name!r}')


def read_layers(path, sizes):
    raw = np.fromfile(path, dtype='<f4')
    want = sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))
    if raw.size != want:
        raise SystemExit(f'{path}: {raw.size} float32 values, sizes {sizes} need {want}')
    layers, at = [], 0
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        w = torch.from_numpy(raw[at:at + n_out * n_in].reshape(n_out, n_in).copy())
        at += n_out * n_in
        b = torch.from_numpy(raw[at:at + n_out].copy())
        at += n_out
        layers.append((w, b))
    return layers


def dense_model(layers, activations):
    def forward(x):  # x [batch, nIn]
        for (w, b), act in zip(layers, activations):
            x = activate(F.linear(x, w, b), act, 1)
        return x
    return forward


def sparse_model(layers, activations):
    # torch 1.13 without MKL (Debian's build) has one CPU kernel for sparse CSR @ strided, addmm_out_sparse_csr_native_cpu:
    # per output row h and edge (h, c, v), axpy(batch, v, dense[c, :], out[h, :]). Its axpy runs along the dense
    # operand's rows, so activations stay [features, batch] contiguous through the net (one transpose copy in, a view
    # out); a strided x.t() gives the same outputs ~5x slower at batch 256. Measured on 784-300-100-10 at 10% density:
    # addmm with the bias as a [nOut, 1] column is the fastest (mm + b, torch.sparse.mm, and COO addmm 10-50% slower);
    # x @ (W^T as CSR) is 5-9x slower; addmv needs MKL; F.linear(x, W_csr) fails under inference_mode. The kernel's
    # parallel_for over rows has grain 32768 > nOut, so it runs on one thread whatever --threads says.
    csr = [(w.to_sparse_csr(), b[:, None].contiguous()) for w, b in layers]

    def forward(x):  # x [batch, nIn]
        h = x.t().contiguous()
        for (w, b), act in zip(csr, activations):
            h = activate(torch.addmm(b, w, h), act, 0)
        return h.t()
    return forward


def time_calls(fn, blocks, min_block_ms):
    """timeCalls: blocks each calling fn(i) until it has lasted min_block_ms (at least once); per-call ms per block.
    One untimed block first (caches, thread pools, allocator)."""
    i = 0
    per_call = []
    for block in range(blocks + 1):
        calls, start = 0, time.perf_counter()
        while True:
            fn(i)
            i += 1
            calls += 1
            elapsed = (time.perf_counter() - start) * 1000
            if elapsed >= min_block_ms:
                break
        if block > 0:
            per_call.append(elapsed / calls)
    per_call.sort()
    return per_call[len(per_call) // 2], per_call[0]  # the upper median, as lib/base/stats.ts's median; the minimum


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--net', required=True)
    ap.add_argument('--sizes', required=True)
    ap.add_argument('--activations', required=True)
    ap.add_argument('--inputs', required=True)
    ap.add_argument('--batches', default='1,256')
    ap.add_argument('--threads', default='1')
    ap.add_argument('--blocks', type=int, default=7)
    ap.add_argument('--min-block-ms', type=float, default=50)
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(',')]
    activations = args.activations.split(',')
    batches = [int(s) for s in args.batches.split(',')]
    threads = [int(s) for s in args.threads.split(',')]
    if len(activations) != len(sizes) - 1:
        raise SystemExit(f'{len(activations)} activations for {len(sizes) - 1} layers')
    layers = read_layers(args.net, sizes)
    inputs = np.fromfile(args.inputs, dtype='<f4')
    if inputs.size == 0 or inputs.size % sizes[0]:
        raise SystemExit(f'{args.inputs}: {inputs.size} float32 values, not rows of {sizes[0]}')
    inputs = torch.from_numpy(inputs.reshape(-1, sizes[0]).copy())
    n = inputs.shape[0]
    for b in batches:
        if b < 1 or n % b:
            raise SystemExit(f'batch {b} does not divide the {n} inputs')
    models = {'dense': dense_model(layers, activations), 'sparse_csr': sparse_model(layers, activations)}
    blas_threads = int(os.environ.get('OPENBLAS_NUM_THREADS', '0')) or None

    rows, max_diff = [], 0.0
    with torch.inference_mode():
        # Every batch size's path on every input: batch 1 and batch N take different strides through the kernels.
        for b in batches:
            dense = torch.cat([models['dense'](inputs[k:k + b]) for k in range(0, n, b)])
            sparse = torch.cat([models['sparse_csr'](inputs[k:k + b]) for k in range(0, n, b)])
            diff = (dense - sparse).abs().max().item()
            if not diff <= TOLERANCE:  # NaN too (max() would drop it)
                raise SystemExit(f'batch {b}: dense and sparse_csr outputs differ by {diff:g} (tolerance {TOLERANCE:g})')
            max_diff = max(max_diff, diff)
        for t in threads:
            torch.set_num_threads(t)
            for b in batches:
                slices = [inputs[k:k + b] for k in range(0, n, b)]
                for mode, forward in models.items():
                    med, low = time_calls(lambda i: forward(slices[i % len(slices)]), args.blocks, args.min_block_ms)
                    rows.append({'threads': t, 'blasThreads': blas_threads, 'batch': b, 'mode': mode,
                                 'us': med * 1000, 'usMin': low * 1000})
    print(json.dumps({'peer': 'pytorch', 'torch': torch.__version__, 'rows': rows, 'maxAbsDiff': max_diff}))


if __name__ == '__main__':
    main()
