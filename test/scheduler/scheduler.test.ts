import { afterEach, describe, expect, it } from 'vitest';
import { Scheduler, type Job, type SchedulerOptions } from '../../src/scheduler/scheduler.ts';
import { firstDue } from '../../src/scheduler/spread.ts';
import { histogramCount, percentile } from '../../src/domain/history/latency-histogram.ts';

// Real timers and tiny intervals. Assertions are on counts and order only: how long anything
// takes on a loaded machine is never asserted, only waited for (with a generous deadline).

interface TestJob extends Job {
  version?: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await sleep(5);
  }
}

/** Live and peak counts of runs, overall, per host and per key, kept inside the run function. */
class Tracker {
  live = 0;
  peak = 0;
  finished = 0;
  readonly liveBy = new Map<string, number>();
  readonly peakBy = new Map<string, number>();
  readonly starts: string[] = [];

  enter(group: string[]): void {
    this.live++;
    this.peak = Math.max(this.peak, this.live);
    for (const g of group) {
      const n = (this.liveBy.get(g) ?? 0) + 1;
      this.liveBy.set(g, n);
      this.peakBy.set(g, Math.max(this.peakBy.get(g) ?? 0, n));
    }
  }

  leave(group: string[]): void {
    this.live--;
    this.finished++;
    for (const g of group) this.liveBy.set(g, (this.liveBy.get(g) ?? 1) - 1);
  }

  /** A run function that records itself and lasts `ms` (or what `msOf` says). */
  runner(msOf: (job: TestJob) => number): (job: TestJob) => Promise<void> {
    return async (job) => {
      const group = [`key:${job.key}`, `host:${job.host}`];
      this.starts.push(job.key);
      this.enter(group);
      try {
        await sleep(msOf(job));
      } finally {
        this.leave(group);
      }
    };
  }

  count(key: string): number {
    return this.starts.filter((k) => k === key).length;
  }
}

const schedulers: Scheduler<TestJob>[] = [];

function makeScheduler(options: SchedulerOptions<TestJob>): Scheduler<TestJob> {
  const scheduler = new Scheduler<TestJob>(options);
  schedulers.push(scheduler);
  return scheduler;
}

afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop()));
});

describe('Scheduler', () => {
  it('runs a job repeatedly', async () => {
    const tracker = new Tracker();
    const scheduler = makeScheduler({ run: tracker.runner(() => 0) });
    scheduler.add({ key: 'a', intervalMs: 10, host: 'h' });
    expect(scheduler.size).toBe(1);
    scheduler.start();
    await waitUntil(() => tracker.count('a') >= 5, 'a ran 5 times');
    expect(scheduler.stats.started).toBeGreaterThanOrEqual(5);
  });

  it('does not run before start()', async () => {
    const tracker = new Tracker();
    const scheduler = makeScheduler({ run: tracker.runner(() => 0) });
    scheduler.add({ key: 'a', intervalMs: 5, host: 'h' });
    await sleep(50);
    expect(tracker.starts).toEqual([]);
    scheduler.start();
    await waitUntil(() => tracker.count('a') >= 1, 'a ran');
  });

  it('runs jobs added after start()', async () => {
    const tracker = new Tracker();
    const scheduler = makeScheduler({ run: tracker.runner(() => 0) });
    scheduler.start();
    scheduler.add({ key: 'late', intervalMs: 10, host: 'h' });
    await waitUntil(() => tracker.count('late') >= 2, 'late ran twice');
  });

  it('skips a job still running instead of starting it twice', async () => {
    const tracker = new Tracker();
    const scheduler = makeScheduler({ run: tracker.runner(() => 40) });
    scheduler.add({ key: 'slow', intervalMs: 5, host: 'h' });
    scheduler.start();
    await waitUntil(() => tracker.finished >= 3 && scheduler.stats.skipped > 0, 'slow ran 3 times and was skipped');
    expect(tracker.peakBy.get('key:slow')).toBe(1);
    expect(scheduler.stats.started).toBe(tracker.starts.length);
  });

  it('keeps going when a run throws, and reports it to onError', async () => {
    const errors: string[] = [];
    let runs = 0;
    const scheduler = makeScheduler({
      run: async () => {
        runs++;
        throw new Error(`boom ${runs}`);
      },
      onError: (job, err) => errors.push(`${job.key}: ${(err as Error).message}`),
    });
    scheduler.add({ key: 'bad', intervalMs: 5, host: 'h' });
    scheduler.start();
    await waitUntil(() => errors.length >= 3, 'three errors reported');
    expect(errors.slice(0, 3)).toEqual(['bad: boom 1', 'bad: boom 2', 'bad: boom 3']);
  });

  it.each([
    { maxConcurrent: 1, jobs: 10 },
    { maxConcurrent: 3, jobs: 20 },
    { maxConcurrent: 8, jobs: 30 },
  ])('never runs more than maxConcurrent = $maxConcurrent at once ($jobs jobs)', async ({ maxConcurrent, jobs }) => {
    const tracker = new Tracker();
    const scheduler = makeScheduler({ run: tracker.runner(() => 15), maxConcurrent, maxPerHost: 1000 });
    for (let i = 0; i < jobs; i++) scheduler.add({ key: `job-${i}`, intervalMs: 10, host: `host-${i}` });
    scheduler.start();
    await waitUntil(() => tracker.finished >= jobs * 2, 'each job ran about twice');
    expect(tracker.peak).toBe(maxConcurrent);
  });

  it.each([
    { maxPerHost: 1, maxConcurrent: 100 },
    { maxPerHost: 2, maxConcurrent: 100 },
    { maxPerHost: 2, maxConcurrent: 3 },
  ])('never runs more than maxPerHost = $maxPerHost against one host (maxConcurrent $maxConcurrent)', async ({ maxPerHost, maxConcurrent }) => {
    const tracker = new Tracker();
    const scheduler = makeScheduler({ run: tracker.runner(() => 15), maxConcurrent, maxPerHost });
    const hosts = ['a', 'b', 'c'];
    for (const host of hosts) for (let i = 0; i < 6; i++) scheduler.add({ key: `${host}-${i}`, intervalMs: 10, host });
    scheduler.start();
    await waitUntil(() => tracker.finished >= 40, '40 runs finished');
    for (const host of hosts) {
      expect(tracker.peakBy.get(`host:${host}`)).toBeLessThanOrEqual(maxPerHost);
    }
    expect(Math.max(...hosts.map((h) => tracker.peakBy.get(`host:${h}`) ?? 0))).toBe(maxPerHost);
    expect(tracker.peak).toBeLessThanOrEqual(maxConcurrent);
    // Every job got its turn: the caps queue, they do not starve.
    for (const host of hosts) for (let i = 0; i < 6; i++) expect(tracker.count(`${host}-${i}`)).toBeGreaterThan(0);
  });

  it.each([
    { cap: 'maxConcurrent', options: { maxConcurrent: 1 } },
    { cap: 'maxPerHost', options: { maxPerHost: 1 } },
  ])('starts queued runs first in, first out ($cap = 1)', async ({ options }) => {
    const intervalMs = 400;
    const keys = ['q-alpha', 'q-bravo', 'q-charlie', 'q-delta', 'q-echo', 'q-foxtrot'];
    const now = Date.now();
    const byDue = [...keys].sort((a, b) => firstDue(a, intervalMs, now) - firstDue(b, intervalMs, now));
    expect(new Set(keys.map((k) => firstDue(k, intervalMs, now))).size).toBe(keys.length);
    const tracker = new Tracker();
    // The first run outlasts the whole spread, so every other job falls due and queues behind it.
    const scheduler = makeScheduler({ ...options, run: tracker.runner(() => (tracker.starts.length === 1 ? intervalMs + 50 : 1)) });
    for (const key of keys) scheduler.add({ key, intervalMs, host: 'one-host' });
    scheduler.start();
    await waitUntil(() => new Set(tracker.starts).size === keys.length, 'every job started');
    const firstStarts = tracker.starts.filter((k, i) => tracker.starts.indexOf(k) === i);
    expect(firstStarts).toEqual(byDue);
  });

  it('remove() stops a job and leaves the others running', async () => {
    const tracker = new Tracker();
    const scheduler = makeScheduler({ run: tracker.runner(() => 0) });
    scheduler.add({ key: 'gone', intervalMs: 10, host: 'h' });
    scheduler.add({ key: 'stays', intervalMs: 10, host: 'h' });
    scheduler.start();
    await waitUntil(() => tracker.count('gone') >= 2, 'gone ran twice');
    scheduler.remove('gone');
    expect(scheduler.size).toBe(1);
    const ranBefore = tracker.count('gone');
    const staysBefore = tracker.count('stays');
    await waitUntil(() => tracker.count('stays') >= staysBefore + 5, 'stays ran 5 more times');
    expect(tracker.count('gone')).toBe(ranBefore);
    scheduler.remove('never-added'); // a no-op
    expect(scheduler.size).toBe(1);
  });

  it.each([
    { cap: 'maxConcurrent', options: { maxConcurrent: 1 }, hosts: ['h1', 'h2', 'h3'] },
    { cap: 'maxPerHost', options: { maxPerHost: 1 }, hosts: ['h', 'h', 'h'] },
  ])('remove() drops a run queued behind $cap, and the queue behind it moves on', async ({ options, hosts }) => {
    const starts: string[] = [];
    let release: () => void = () => {};
    const blocker = new Promise<void>((resolve) => (release = resolve));
    const scheduler = makeScheduler({
      ...options,
      run: async (job) => {
        starts.push(job.key);
        if (job.key === 'blocker') await blocker;
      },
    });
    const [blockerHost = '', queuedHost = '', nextHost = ''] = hosts;
    scheduler.add({ key: 'blocker', intervalMs: 20, host: blockerHost });
    scheduler.start();
    await waitUntil(() => starts.includes('blocker'), 'blocker running');
    // Both fall due within 5 ms and wait for the only slot.
    scheduler.add({ key: 'queued', intervalMs: 5, host: queuedHost });
    scheduler.add({ key: 'next', intervalMs: 5, host: nextHost });
    await sleep(50);
    expect(starts).toEqual(['blocker']);
    scheduler.remove('queued');
    release();
    await waitUntil(() => starts.filter((k) => k === 'next').length >= 3, 'next ran 3 times');
    expect(starts).not.toContain('queued');
  });

  it('replacing a running job does not start it twice, and the new spec runs next', async () => {
    const tracker = new Tracker();
    const versions: number[] = [];
    const scheduler = makeScheduler({
      run: async (job) => {
        versions.push(job.version ?? 0);
        await tracker.runner(() => 40)(job);
      },
    });
    scheduler.add({ key: 'x', intervalMs: 5, host: 'h', version: 1 });
    scheduler.start();
    await waitUntil(() => tracker.live === 1, 'x running');
    scheduler.add({ key: 'x', intervalMs: 5, host: 'h', version: 2 });
    expect(scheduler.size).toBe(1);
    await waitUntil(() => versions.filter((v) => v === 2).length >= 2, 'version 2 ran twice');
    expect(tracker.peakBy.get('key:x')).toBe(1);
    expect(versions[0]).toBe(1);
    // Once replaced, the old spec never runs again.
    const firstV2 = versions.indexOf(2);
    expect(versions.slice(firstV2).every((v) => v === 2)).toBe(true);
  });

  it('stop() resolves after the running jobs finish, and nothing runs after', async () => {
    const tracker = new Tracker();
    const scheduler = makeScheduler({ run: tracker.runner(() => 60), maxConcurrent: 2 });
    for (let i = 0; i < 6; i++) scheduler.add({ key: `s-${i}`, intervalMs: 10, host: `h-${i}` });
    scheduler.start();
    await waitUntil(() => tracker.live === 2, 'two runs in flight');
    await scheduler.stop();
    expect(tracker.live).toBe(0);
    expect(tracker.finished).toBe(tracker.starts.length);
    const startedAtStop = tracker.starts.length;
    await sleep(100);
    expect(tracker.starts.length).toBe(startedAtStop);
    expect(scheduler.stats.started).toBe(startedAtStop);
  });

  it('stop() with nothing running resolves at once', async () => {
    const scheduler = makeScheduler({ run: async () => {} });
    scheduler.add({ key: 'a', intervalMs: 60_000, host: 'h' });
    scheduler.start();
    await scheduler.stop();
    await scheduler.stop(); // twice is fine
  });
});

describe('start lateness', () => {
  let scheduler: Scheduler<TestJob> | undefined;
  afterEach(async () => {
    await scheduler?.stop();
  });

  it('counts every run in the lateness histogram, and a run that starts late in a high bucket', async () => {
    // The clock jumps 5 s ahead once the job is added: its first run is then 5 s late by the
    // scheduler's own clock, whatever the machine's speed.
    let skew = 0;
    scheduler = new Scheduler<TestJob>({ now: () => Date.now() + skew, run: async () => {} });
    scheduler.add({ key: 'late', intervalMs: 50, host: 'a' });
    skew = 5000;
    scheduler.start();
    await waitUntil(() => scheduler!.stats.started >= 3, 'three runs');
    await scheduler.stop();
    const { lateness, started } = scheduler.stats;
    expect(histogramCount(lateness)).toBe(started);
    expect(percentile(lateness, 1)).toBeGreaterThanOrEqual(4500);
    expect(scheduler.stats.lateOver1s).toBeGreaterThanOrEqual(1);
  });
});
