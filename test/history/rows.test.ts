/** Rollup rows in a real SQLite database: replace, read, sum and delete by span. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emptyRollup, histogramOf, type Rollup, type RollupUnit } from '../../src/domain/history/index.ts';
import { deleteRollupsBefore, readRollups, replaceRollups, sumSeconds, type ChannelRollup } from '../../src/history/rows.ts';
import { openSqlite, type SqliteHandle } from '../../src/store/sqlite.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const T0 = Date.parse('2026-11-20T00:00:00Z');
const PKS = [1, 5, 6, 7, 40];
const UTC = 'UTC';

let handle: SqliteHandle;
beforeEach(() => {
  handle = openSqlite(':memory:');
});
afterEach(() => handle.close());

/** An hour or day with `down` seconds down and the rest up, and a few answered checks. */
function rollup(start: number, length: number, down: number): Rollup {
  const r = emptyRollup(start);
  return { ...r, seconds: { ...r.seconds, up: length / 1000 - down, down }, checks: { ...r.checks, up: 3, down: down > 0 ? 1 : 0 }, latency: histogramOf([90, 100, 110]) };
}

/** Rows for every channel in `PKS` and every period of `unit` in `[from, to)`, down seconds = channel key. */
async function seed(unit: RollupUnit, from: number, to: number): Promise<void> {
  const step = unit === 'hour' ? HOUR : DAY;
  const rows: ChannelRollup[] = PKS.flatMap((pk) => Array.from({ length: (to - from) / step }, (_, i) => ({ channelPk: pk, rollup: rollup(from + i * step, step, pk) })));
  await replaceRollups(handle, unit, { channelPks: PKS, from, to, timezone: UTC }, rows);
}

describe.each(['hour', 'day'] as const)('%sly rows', (unit) => {
  const step = unit === 'hour' ? HOUR : DAY;

  it('read back as written, only for the channels and span asked, in time order', async () => {
    await seed(unit, T0, T0 + 10 * step);
    const got = await readRollups(handle.db, unit, { channelPks: [40, 5, 6], from: T0 + 2 * step, to: T0 + 5 * step, timezone: UTC });
    expect([...got.keys()].sort((a, b) => a - b)).toEqual([5, 6, 40]);
    for (const [pk, list] of got) {
      expect(list.map((r) => r.start)).toEqual([2, 3, 4].map((i) => T0 + i * step));
      expect(list[0]).toEqual(rollup(T0 + 2 * step, step, pk));
    }
  });

  it('replace a span whole: periods without a new rollup lose their row, other channels keep theirs', async () => {
    await seed(unit, T0, T0 + 4 * step);
    await replaceRollups(handle, unit, { channelPks: [5, 6], from: T0 + step, to: T0 + 3 * step, timezone: UTC }, [{ channelPk: 5, rollup: rollup(T0 + step, step, 99) }]);
    const got = await readRollups(handle.db, unit, { channelPks: PKS, from: T0, to: T0 + 4 * step, timezone: UTC }, false);
    expect(got.get(5)!.map((r) => r.seconds.down)).toEqual([5, 99, 5]);
    expect(got.get(6)!.map((r) => r.start)).toEqual([T0, T0 + 3 * step]);
    expect(got.get(7)).toHaveLength(4);
  });

  it('sum good and down seconds per channel over several spans in one query', async () => {
    await seed(unit, T0, T0 + 10 * step);
    const sums = await sumSeconds(handle.db, unit, [1, 40, 41], UTC, [
      { from: T0, to: T0 + 10 * step },
      { from: T0 + 8 * step, to: T0 + 20 * step },
      { from: T0, to: T0 },
    ]);
    const total = step / 1000;
    expect(sums.get(40)).toEqual([
      { good: 10 * (total - 40), down: 400 },
      { good: 2 * (total - 40), down: 80 },
      { good: 0, down: 0 },
    ]);
    expect(sums.get(1)![0]).toEqual({ good: 10 * (total - 1), down: 10 });
    expect(sums.get(41)).toEqual([{ good: 0, down: 0 }, { good: 0, down: 0 }, { good: 0, down: 0 }]);
  });

  it('delete periods that started before the cut-off, in small batches', async () => {
    await seed(unit, T0, T0 + 10 * step);
    const deleted = await deleteRollupsBefore(handle, unit, T0 + 4 * step + 1, { channelPks: PKS, batchSize: 3, channelsPerBatch: 2 });
    expect(deleted).toBe(5 * PKS.length);
    const left = await readRollups(handle.db, unit, { channelPks: PKS, from: T0, to: T0 + 10 * step, timezone: UTC });
    for (const list of left.values()) expect(list.map((r) => r.start)).toEqual([5, 6, 7, 8, 9].map((i) => T0 + i * step));
  });
});

describe('hourly rows of a zone with half-hour offsets', () => {
  it('are found at their own hour starts', async () => {
    const kolkata = 'Asia/Kolkata';
    const from = Date.parse('2026-11-20T00:30:00Z'); // 06:00 local
    const rows = [0, 1, 2].map((i) => ({ channelPk: 3, rollup: rollup(from + i * HOUR, HOUR, i) }));
    await replaceRollups(handle, 'hour', { channelPks: [3], from, to: from + 3 * HOUR, timezone: kolkata }, rows);
    // Asked by UTC hours, the span [01:00Z, 03:00Z) holds the local hours starting 01:30Z and 02:30Z.
    const got = await readRollups(handle.db, 'hour', { channelPks: [3], from: from + 30 * 60_000, to: from + 150 * 60_000, timezone: kolkata });
    expect(got.get(3)!.map((r) => r.seconds.down)).toEqual([1, 2]);
  });
});
