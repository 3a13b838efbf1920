// One writer per results file: `<out>.lock` beside it, created exclusively, holding who took it
// (pid, host, start time). A second writer stops at once naming the holder. A lock left by a
// process that no longer runs (same host, pid gone) is stale and taken over; a lock from
// another host is never guessed about: the message says how to remove it.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';

export interface LockHolder {
  pid: number;
  host: string;
  startedAt: string;
  command?: string;
}

export class LockError extends Error {
  readonly holder: LockHolder | null;
  constructor(message: string, holder: LockHolder | null) {
    super(message);
    this.name = 'LockError';
    this.holder = holder;
  }
}

export const lockPathOf = (file: string) => `${file}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !exitedUnreaped(pid);
}

/**
 * A process that has exited but that its parent has not yet reaped (a zombie: a killed batch
 * whose parent was killed with it, until init collects it) still answers signal 0, yet it holds
 * no file and writes nothing. On Linux /proc says so; elsewhere the signal is all there is.
 */
function exitedUnreaped(pid: number): boolean {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  // "pid (command) state ...": the command may hold spaces and parentheses, the state follows the last ')'.
  const state = stat.slice(stat.lastIndexOf(')') + 2).charAt(0);
  return state === 'Z' || state === 'X';
}

function readHolder(path: string): LockHolder | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    return typeof v.pid === 'number' && typeof v.host === 'string' ? v : null;
  } catch {
    return null;
  }
}

export interface FileLock {
  path: string;
  release(): void;
}

const held = new Set<string>();
let exitHook = false;

/** Takes the lock on `file` or throws LockError naming who holds it. Released on exit too. */
export function lockFile(file: string): FileLock {
  const path = lockPathOf(file);
  const me: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command: process.argv.slice(2).join(' ').slice(0, 200) };
  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new LockError(`cannot create the lock file ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give a writable --out`, null);
      }
      const holder = readHolder(path);
      if (holder && holder.host === me.host && !alive(holder.pid)) {
        // Stale: its process is gone. Remove and try again (another starter may race us: wx decides).
        try { unlinkSync(path); } catch { /* someone else removed it */ }
        continue;
      }
      if (!holder) {
        throw new LockError(`${file} is locked (${path} exists but cannot be read; if no milgram run is writing to ${file}, delete ${path})`, null);
      }
      const where = holder.host === me.host ? `pid ${holder.pid}` : `pid ${holder.pid} on host ${holder.host}`;
      throw new LockError(
        `${file} is being written by another milgram run (${where}, started ${holder.startedAt}); one writer per results file. Wait for it, stop it, or give another --out` +
          (holder.host === me.host ? '' : ` (if that process is gone, delete ${path})`),
        holder,
      );
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    held.add(path);
    if (!exitHook) {
      exitHook = true;
      process.on('exit', () => {
        for (const p of held) try { unlinkSync(p); } catch { /* already gone */ }
      });
    }
    return {
      path,
      release() {
        if (!held.delete(path)) return;
        // Only our own lock is removed.
        if (readHolder(path)?.pid === me.pid) try { unlinkSync(path); } catch { /* already gone */ }
      },
    };
  }
  throw new LockError(`could not take the lock ${path}; another process keeps taking it`, null);
}
