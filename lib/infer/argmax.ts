// The predicted class of each row of outputs: the first largest entry, so a tie goes to the lower class.
// On its own so the browser module (lib/infer/browser/) shares it without the predictor's Node imports.
export function argmaxRows(y: Float32Array, rows: number, cols: number, out: Int32Array): Int32Array {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let best = 0;
    for (let c = 1; c < cols; c++) if (y[o + c] > y[o + best]) best = c;
    out[r] = best;
  }
  return out;
}
