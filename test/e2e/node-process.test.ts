/**
 * The real `src/node.ts` process, as `npm start` runs it: config errors stop start-up with
 * file:line messages; a good config probes and serves; SIGTERM writes everything and exits 0.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type LocalServer } from '../support/local-server.ts';

const ROOT = join(import.meta.dirname, '../..');
let dir: string;
let target: LocalServer;

function runNode(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'src/node.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
}

function exitOf(child: ChildProcessWithoutNullStreams): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d));
  child.stderr.on('data', (d: Buffer) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr })));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'supportwatch-proc-'));
  target = await startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('help centre online');
  });
});

afterAll(async () => {
  await target?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('node entry', () => {
  it('refuses an invalid config with one file:line line per problem and exit code 2', async () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'providers:\n  - id: Bad Id\n    name: X\n    timezone: Mars/Base\n    channels: []\n');
    const { code, stderr } = await exitOf(runNode(['--config', file], { DATABASE_PATH: join(dir, 'bad.db'), PORT: '0' }));
    expect(code).toBe(2);
    expect(stderr).toContain('bad.yaml:2 providers[0].id:');
    expect(stderr).toContain('bad.yaml:4 providers[0].timezone: unknown time zone "Mars/Base"');
  });

  it('refuses a missing config file', async () => {
    const { code, stderr } = await exitOf(runNode([], { SUPPORTWATCH_CONFIG: join(dir, 'missing.yaml'), DATABASE_PATH: join(dir, 'x.db'), PORT: '0' }));
    expect(code).toBe(2);
    expect(stderr).toContain('missing.yaml');
  });

  it('exits with a clear message when the port is taken, instead of hanging', async () => {
    const file = join(dir, 'port.yaml');
    writeFileSync(file, 'providers:\n  - id: p\n    name: P\n    timezone: UTC\n    channels:\n      - { id: p-mail, kind: email, name: Mail }\n');
    const busyPort = new URL(target.url).port;
    const { code, stderr } = await exitOf(runNode(['--config', file], { DATABASE_PATH: join(dir, 'port.db'), PORT: busyPort, HOST: '127.0.0.1' }));
    expect(code).toBe(1);
    expect(stderr).toContain('EADDRINUSE');
  });

  it('probes, serves channel states, and on SIGTERM writes every check and exits 0', async () => {
    const file = join(dir, 'good.yaml');
    const dbPath = join(dir, 'good.db');
    writeFileSync(
      file,
      `providers:
  - id: localpay
    name: LocalPay
    timezone: UTC
    channels:
      - id: localpay-help
        kind: help_center
        name: Help centre
        probes:
          - type: http
            url: ${target.url}/help
            interval: 10s
            expect: { contains: online }
`,
    );
    const child = runNode(['--config', file], { DATABASE_PATH: dbPath, PORT: '0', HOST: '127.0.0.1' });
    const exited = exitOf(child);
    const url = await new Promise<string>((resolve, reject) => {
      let buffer = '';
      child.stdout.on('data', (d: Buffer) => {
        buffer += d;
        const match = /"url":"(http:\/\/[^"]+)"/.exec(buffer);
        if (match) resolve(match[1]!);
      });
      child.on('exit', () => reject(new Error('exited before listening')));
    });

    // The first check is spread within one 10 s interval.
    let state = 'unknown';
    for (let i = 0; i < 150 && state !== 'up'; i++) {
      const body = (await (await fetch(`${url}/api/v1/providers/localpay`)).json()) as { channels: { state: string }[] };
      state = body.channels[0]!.state;
      if (state !== 'up') await new Promise((r) => setTimeout(r, 100));
    }
    expect(state).toBe('up');

    child.kill('SIGTERM');
    const { code } = await exited;
    expect(code).toBe(0);
    const db = new Database(dbPath, { readonly: true });
    const { n } = db.prepare('SELECT count(*) AS n FROM checks').get() as { n: number };
    expect(n).toBeGreaterThanOrEqual(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});

