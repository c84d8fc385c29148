/**
 * The core's sequences and seen-sets: bounded sets, and persistence deltas that carry only what
 * changed since the last save (a seen-set is never rewritten whole because one key was added),
 * replayed over a snapshot to the same state.
 */
import { describe, expect, it } from 'vitest';
import { applyPortsDelta, createPorts } from './runtime-ports.ts';

describe('runtime ports', () => {
  it('counts sequences, refuses a key seen before, and forgets the oldest past the bound', () => {
    const p = createPorts(2);
    expect([p.next('T'), p.next('T'), p.next('U')]).toEqual([1, 2, 1]);
    expect([p.once('s', 'a'), p.once('s', 'a'), p.once('s', 'b'), p.once('s', 'c')]).toEqual([true, false, true, true]);
    expect(p.once('s', 'a')).toBe(true);
  });

  it('hands persistence only what changed since the last save, and the replay matches the state', () => {
    const p = createPorts();
    p.next('T');
    p.once('orders', 'o1');
    // 1. the first call starts the recording: what came before is in the snapshot
    expect(p.takeChanges()).toBeUndefined();
    const snapshot = p.exportState();
    p.once('orders', 'o2');
    p.next('T');
    const first = p.takeChanges()!;
    expect(first).toEqual({ sequences: { T: 2 }, seen: { orders: ['o2'] } });
    expect(p.takeChanges()).toBeUndefined();
    // 2. a reset forgets the seen-sets, and what was added before it
    p.once('orders', 'o3');
    p.forgetSeen();
    p.once('orders', 'o4');
    const second = p.takeChanges()!;
    expect(second).toEqual({ forgotSeen: true, seen: { orders: ['o4'] } });
    expect(applyPortsDelta(applyPortsDelta(snapshot, first), second)).toEqual(p.exportState());
  });
});
