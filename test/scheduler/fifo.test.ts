import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fifo } from '../../src/scheduler/fifo.ts';

describe('Fifo', () => {
  it('behaves like an array used as a queue, across growth and wrap-around', () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('push' as const), value: fc.integer() }),
      fc.record({ kind: fc.constant('unshift' as const), value: fc.integer() }),
      fc.record({ kind: fc.constant('shift' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const fifo = new Fifo<number>();
        const model: number[] = [];
        for (const o of ops) {
          if (o.kind === 'push') (fifo.push(o.value), model.push(o.value));
          else if (o.kind === 'unshift') (fifo.unshift(o.value), model.unshift(o.value));
          else expect(fifo.shift()).toBe(model.shift());
          expect(fifo.length).toBe(model.length);
        }
        const drained: number[] = [];
        fifo.drain((v) => drained.push(v));
        expect(drained).toEqual(model);
        expect(fifo.length).toBe(0);
      }),
    );
  });
});
