import { describe, expect, it } from 'vitest';
import { createClock, MAX_CLOCK_TIME } from './clock.ts';

describe('manual clock', () => {
  it('stands still until advanced, then fires due timers in time order', async () => {
    const clock = createClock({ mode: 'manual', start: 1_000 });
    const fired: string[] = [];
    clock.after(300, () => fired.push('b'));
    clock.after(100, () => fired.push('a'));
    clock.after(300, () => fired.push('c')); // same time: in the order set
    expect(clock.now()).toBe(1_000);
    expect(await clock.advance(99)).toBe(0);
    expect(await clock.advance(201)).toBe(3);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(1_300);
  });

  it('steps from timer to timer, so a timer set while running counts from when its parent ran', async () => {
    const clock = createClock({ mode: 'manual', start: 0 });
    const at: number[] = [];
    const retry = (n: number) => () => {
      at.push(clock.now());
      if (n > 0) clock.after(15_000, retry(n - 1));
    };
    clock.after(0, retry(3));
    await clock.advance(60_000);
    expect(at).toEqual([0, 15_000, 30_000, 45_000]);
    expect(clock.now()).toBe(60_000);
  });

  it('keeps running after a timer throws, and cancel/clear remove timers', async () => {
    const clock = createClock({ mode: 'manual', start: 0 });
    const fired: number[] = [];
    clock.after(1, () => {
      throw new Error('boom');
    });
    const t = clock.after(2, () => fired.push(2));
    clock.after(3, () => fired.push(3));
    clock.cancel(t);
    expect(await clock.advance(10)).toBe(2);
    expect(fired).toEqual([3]);
    clock.after(5, () => fired.push(5));
    clock.clear();
    expect(clock.pending()).toBe(0);
  });

  it('resolves sleep() only when the time has been advanced past it', async () => {
    const clock = createClock({ mode: 'manual', start: 0 });
    let woke = false;
    const sleeping = clock.sleep(3_000).then(() => (woke = true));
    await clock.advance(2_999);
    expect(woke).toBe(false);
    await clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);
  });
});

describe('system clock', () => {
  it('runs on real time and moves ahead by the advanced offset', async () => {
    const clock = createClock();
    const before = clock.now();
    let fired = false;
    clock.after(3_600_000, () => (fired = true));
    await clock.advance(3_600_000);
    expect(fired).toBe(true);
    expect(clock.now() - before).toBeGreaterThanOrEqual(3_600_000);
  });
});

describe('timers that do I/O', () => {
  it('on the system clock, a timer whose work never settles holds no other timer', async () => {
    const clock = createClock();
    const fired: string[] = [];
    clock.after(0, () => {
      fired.push('hung');
      return new Promise(() => undefined);
    });
    const second = new Promise<void>((resolve) =>
      clock.after(5, () => {
        fired.push('next');
        resolve();
      }),
    );
    await second;
    expect(fired).toEqual(['hung', 'next']);
  });

  it("advance() moves on past a timer that never settles, and still steps a settled parent's child relative to it", async () => {
    const clock = createClock({ mode: 'manual', start: 0, settleMs: 20 });
    const at: number[] = [];
    clock.after(0, () => new Promise(() => undefined));
    clock.after(0, async () => {
      await Promise.resolve();
      clock.after(1_000, () => void at.push(clock.now()));
    });
    clock.after(500, () => void at.push(clock.now()));
    expect(await clock.advance(5_000)).toBe(4);
    expect(at).toEqual([500, 1_000]);
  });

  it('refuses to pass the last time the wire formats can write', async () => {
    const clock = createClock({ mode: 'manual', start: 0 });
    await expect(clock.advance(9_000_000_000_000_000)).rejects.toThrow(RangeError);
    expect(new Date(clock.now()).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    await expect(clock.advance(MAX_CLOCK_TIME)).resolves.toBe(0);
  });
});
