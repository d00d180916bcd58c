// Writing a result file the user named: into a temporary file beside it, then renamed over it, so a failure (a full
// disk, a kill) never leaves a half-written file or destroys the one that was there.
import * as fs from 'node:fs';
import * as path from 'node:path';

export function writeFileAtomic(file: string, bytes: Uint8Array | string): void {
  const tmp = path.join(path.dirname(path.resolve(file)), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, bytes);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}
