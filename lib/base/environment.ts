// Where the code runs: inside a tslab notebook kernel or in a terminal. Displays (progress, markdown, figures) choose
// their form from it.

/** True inside a tslab kernel, whose main module is tslab's own entry point. */
export function inNotebook(): boolean {
  return /[\\/]tslab[\\/]/.test(require.main?.filename ?? '');
}
