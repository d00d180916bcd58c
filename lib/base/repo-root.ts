// The repository's root folder, from this file's place in it: every path the workspace reads or writes by default
// (data/results, figures/, build/, node_modules/.jupyter) is resolved from here, so commands work from any directory.
import * as path from 'node:path';
import { isInside } from './path-inside';

export const repoRoot = path.resolve(__dirname, '..', '..');

/** A path given relative to the repository root (absolute paths pass through). */
export const fromRepoRoot = (...parts: string[]): string => path.resolve(repoRoot, ...parts);

/** A path as printed in committed prose: relative to the repository root when inside it, so no machine's folder leaks. */
export const displayPath = (p: string): string => isInside(repoRoot, path.resolve(p)) ? path.relative(repoRoot, p) : p;
