/** Printing and machine facts shared by the bench scripts. */
import { cpus, loadavg, release, totalmem, type } from 'node:os';

export interface MachineInfo {
  cpuModel: string;
  cores: number;
  totalMemoryBytes: number;
  node: string;
  os: string;
  /** 1-minute load average when the bench started: a busy machine skews every figure. */
  loadAverage1m: number;
  date: string;
}

export function machineInfo(): MachineInfo {
  const cores = cpus();
  return {
    cpuModel: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    totalMemoryBytes: totalmem(),
    node: process.version,
    os: `${type()} ${release()}`,
    loadAverage1m: round(loadavg()[0] ?? 0, 2),
    date: new Date().toISOString(),
  };
}

/** One line of a two-column table: a figure's name and its formatted value. */
export type Row = [label: string, value: string];

/** A two-column table (label, value), labels padded so values line up. */
export function keyValueTable(title: string, rows: Row[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return [title, ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)].join('\n');
}

/** A table with a header row; numeric-looking cells are right-aligned. */
export function gridTable(title: string, header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    '  ' + cells.map((cell, i) => (i > 0 && /^[-\d.,]/.test(cell) ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ');
  return [title, line(header), '  ' + widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function round(value: number, digits = 1): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function percent(share: number): string {
  return `${(share * 100).toFixed(2)} %`;
}

/** Progress goes to stderr so stdout holds only the tables. */
export function progress(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

/** Ends a bench script that failed: one clear line for Ctrl-C, the stack otherwise. */
export function reportFailure(err: unknown): void {
  const interrupted = err instanceof Error && err.name === 'AbortError';
  const text = interrupted ? 'interrupted; every server and child it started is closed' : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`bench failed: ${text}\n`);
  process.exitCode = 1;
}
