// Constant fan-in by dealing: inputs are dealt to outputs, k per output, from a stream of decks (permutations of
// 0..nIn-1), so every input is used floor(k·nOut/nIn) or ceil(k·nOut/nIn) times (max−min fan-out ≤ 1).
// A row that straddles two decks may meet an input it already holds; that input is swapped forward within the
// current deck (deferred to the next row), which keeps the fan-out counts — and so the balance — intact.
// `regular` deals seeded random permutations, `pseudo-random` deals algebraic ones.
import type { Csr } from '../csr';

/** nextDeck(r) returns the r-th deck (a permutation of 0..nIn-1; it may be modified). Requires 1 ≤ k ≤ nIn. */
export function dealFromDecks(nIn: number, nOut: number, k: number, nextDeck: (round: number) => Int32Array): Csr {
  const rowPtr = new Int32Array(nOut + 1);
  const colIdx = new Int32Array(k * nOut);
  const inRow = new Int32Array(nIn).fill(-1); // inRow[i] = last row that took input i
  let round = 0;
  let deck = nextDeck(round);
  let head = 0;
  for (let j = 0; j < nOut; j++) {
    const start = j * k;
    for (let t = 0; t < k; t++) {
      if (head === nIn) { deck = nextDeck(++round); head = 0; }
      // Fewer than k ≤ nIn inputs are already in the row, so a fresh one exists in the rest of the deck.
      let q = head;
      while (inRow[deck[q]] === j) q++;
      const pick = deck[q]; deck[q] = deck[head]; deck[head++] = pick;
      inRow[pick] = j;
      colIdx[start + t] = pick;
    }
    colIdx.subarray(start, start + k).sort();
    rowPtr[j + 1] = start + k;
  }
  return { nIn, nOut, rowPtr, colIdx };
}
