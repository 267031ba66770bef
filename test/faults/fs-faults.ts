/**
 * Real storage faults for the real process: another process holding SQLite's write lock,
 * files made immutable (read-only even for root, through descriptors already open), and a
 * small tmpfs filled to the last byte. Each says whether this machine allows it, so a test
 * can skip honestly where it cannot be done (no root, no ext4/tmpfs attributes, no mount).
 */
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

/** A second process that holds `BEGIN EXCLUSIVE` on the database until released. */
export interface LockHolder {
  release(): Promise<void>;
}

/**
 * Starts a process that opens `path` with better-sqlite3, takes the write lock with
 * `BEGIN EXCLUSIVE` and keeps it until `release()` (or until this process dies: it exits when
 * its stdin closes).
 */
export async function holdWriteLock(path: string): Promise<LockHolder> {
  const script = `
    const db = new (require('better-sqlite3'))(${JSON.stringify(path)});
    db.pragma('busy_timeout = 10000');
    db.exec('BEGIN EXCLUSIVE');
    process.stdout.write('locked\\n');
    process.stdin.on('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
    process.stdin.on('end', () => process.exit(0));
  `;
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['-e', script], { cwd: ROOT });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    void exited.then((code) => reject(new Error(`the lock holder exited (${code}): ${stderr}`)));
  });
  return {
    release: async () => {
      if (child.exitCode === null) child.stdin.end('release\n');
      await exited;
    },
  };
}

/** Sets or clears the immutable attribute (`chattr +i` / `-i`) of each existing file. */
export function setImmutable(files: string[], on: boolean): void {
  for (const file of files) {
    try {
      execFileSync('chattr', [on ? '+i' : '-i', file], { stdio: 'ignore' });
    } catch (err) {
      if (on) throw err;
    }
  }
}

/**
 * Can `chattr +i` make a file read-only for writes through an already open descriptor here?
 * (ext4, xfs, btrfs and tmpfs on Linux ≥ 6.0 refuse them; it needs CAP_LINUX_IMMUTABLE.)
 */
export function immutableWorks(dir: string): boolean {
  const file = join(dir, 'immutable-probe');
  writeFileSync(file, 'x');
  const fd = openSync(file, 'r+');
  try {
    setImmutable([file], true);
    try {
      writeSync(fd, 'y');
      return false;
    } catch {
      return true;
    }
  } catch {
    return false;
  } finally {
    setImmutable([file], false);
    closeSync(fd);
    rmSync(file, { force: true });
  }
}

/** Mounts a tmpfs of `bytes` at `dir`; false where mounting is not allowed. */
export function mountTmpfs(dir: string, bytes: number): boolean {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  } catch {
    // not mounted
  }
}

/** Writes `file` until the file system has no byte left (ENOSPC); returns the bytes written. */
export function fillDisk(file: string): number {
  const fd = openSync(file, 'w');
  let written = 0;
  try {
    for (const size of [1 << 20, 1 << 16, 1 << 12, 1 << 9]) {
      const chunk = Buffer.alloc(size, 0x5a);
      for (;;) {
        try {
          written += writeSync(fd, chunk);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}
