import { describe, expect, it } from 'vitest';
import { MinHeap } from '../../src/scheduler/min-heap.ts';

/** mulberry32: a seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function drain<T>(heap: MinHeap<T>): T[] {
  const out: T[] = [];
  for (let item = heap.pop(); item !== undefined; item = heap.pop()) out.push(item);
  return out;
}

describe('MinHeap', () => {
  it('is empty at first', () => {
    const heap = new MinHeap<number>((n) => n);
    expect(heap.size).toBe(0);
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
  });

  it.each([
    { seed: 1, length: 1, range: 10 },
    { seed: 2, length: 2, range: 10 },
    { seed: 3, length: 10, range: 5 },
    { seed: 4, length: 100, range: 1000 },
    { seed: 5, length: 1000, range: 50 },
    { seed: 6, length: 5000, range: 1e9 },
  ])('pops $length random keys (seed $seed, range $range) in sorted order', ({ seed, length, range }) => {
    const next = random(seed);
    const values = Array.from({ length }, () => Math.floor(next() * range));
    const heap = new MinHeap<number>((n) => n);
    for (const v of values) heap.push(v);
    expect(heap.size).toBe(length);
    expect(heap.peek()).toBe(Math.min(...values));
    expect(drain(heap)).toEqual([...values].sort((a, b) => a - b));
    expect(heap.size).toBe(0);
  });

  it.each([11, 12, 13])('matches a sorted array under interleaved pushes and pops (seed %i)', (seed) => {
    const next = random(seed);
    const heap = new MinHeap<{ due: number }>((item) => item.due);
    const reference: number[] = [];
    for (let step = 0; step < 3000; step++) {
      if (next() < 0.6 || reference.length === 0) {
        const due = Math.floor(next() * 500);
        heap.push({ due });
        reference.push(due);
        reference.sort((a, b) => a - b);
      } else {
        expect(heap.pop()?.due).toBe(reference.shift());
      }
      expect(heap.size).toBe(reference.length);
      expect(heap.peek()?.due).toBe(reference[0]);
    }
    expect(drain(heap).map((item) => item.due)).toEqual(reference);
  });

  it('orders by the key function, not by the items', () => {
    const heap = new MinHeap<string>((s) => s.length);
    for (const s of ['ccc', 'a', 'dddd', 'bb']) heap.push(s);
    expect(drain(heap)).toEqual(['a', 'bb', 'ccc', 'dddd']);
  });
});
