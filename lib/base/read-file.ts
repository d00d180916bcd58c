// Reading a file the user named, safely: only a regular file (a FIFO blocks forever, /dev/zero never ends, a directory
// fails with a bare EISDIR), never more bytes than a stated limit, and every failure is one line naming the file.
import * as fs from 'node:fs';
import { formatBytes } from './format-bytes';

export class FileReadError extends Error {
  override name = 'FileReadError';
}

/** "a directory", "a FIFO", ... for a thing that is not a regular file. */
export function kindOf(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO (named pipe)';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return st.isFile() ? 'a regular file' : 'not a regular file';
}

/** The one-line reason for an error from stat, open or read of `file` (the message starts with the file). */
export function fileErrorMessage(file: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return `${file}: missing`;
    case 'ELOOP': return `${file}: a symlink loop (too many levels of symbolic links)`;
    case 'ENOTDIR': return `${file}: a component of the path is not a directory`;
    case 'EISDIR': return `${file}: is a directory`;
    case 'EACCES': case 'EPERM': return `${file}: permission denied`;
    case 'ENAMETOOLONG': return `${file}: path too long`;
    default: return `${file}: cannot read (${code ?? (err as Error).message})`;
  }
}

/** Stats of an existing regular file (symlinks followed); a FileReadError otherwise. Opens nothing. */
export function statRegularFile(file: string): fs.Stats {
  let st: fs.Stats;
  try { st = fs.statSync(file); } catch (err) { throw new FileReadError(fileErrorMessage(file, err)); }
  if (!st.isFile()) throw new FileReadError(`${file}: is ${kindOf(st)}, not a regular file`);
  return st;
}

/** True if something is at `file`, even a dangling link or a symlink loop (which existsSync calls missing). */
export function pathExists(file: string): boolean {
  try { fs.lstatSync(file); return true; } catch { return false; }
}

/**
 * The whole file, if it is a regular file of at most `maxBytes`. It is stat'ed before it is opened (so a device is
 * never opened) and again through the descriptor (so a swap between the two cannot slip a FIFO in); the open is
 * non-blocking, so even then nothing waits for a writer.
 */
export function readRegularFile(file: string, maxBytes: number): Buffer {
  const checkSize = (st: fs.Stats) => {
    if (st.size > maxBytes) {
      throw new FileReadError(`${file}: ${formatBytes(st.size)}, more than the ${formatBytes(maxBytes)} this kind of file may have`);
    }
  };
  checkSize(statRegularFile(file));
  let fd: number;
  try { fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK); } catch (err) { throw new FileReadError(fileErrorMessage(file, err)); }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new FileReadError(`${file}: is ${kindOf(st)}, not a regular file`);
    checkSize(st);
    const buf = Buffer.allocUnsafe(st.size);
    let at = 0;
    for (let n = 1; at < st.size && n > 0; at += n) n = fs.readSync(fd, buf, at, st.size - at, at);
    return at === st.size ? buf : buf.subarray(0, at); // a file that shrank while being read: what was there
  } catch (err) {
    if (err instanceof FileReadError) throw err;
    throw new FileReadError(fileErrorMessage(file, err));
  } finally {
    fs.closeSync(fd);
  }
}

/** readRegularFile as UTF-8 text. */
export function readRegularTextFile(file: string, maxBytes: number): string {
  return readRegularFile(file, maxBytes).toString('utf8');
}
