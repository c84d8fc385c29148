/**
 * The clock's pending timers: a binary min-heap ordered by (time, id), so equal times fire in the
 * order they were set, with cancellation by id. Adding, taking the first and cancelling are
 * O(log n) however many timers wait — a simulator under load holds tens of thousands (a retry
 * per callback, a timed event per order) — where the sorted array it replaces cost a splice per
 * timer set, a shift per timer fired and a full copy per cancel (an admin reset cancelling every
 * timer was quadratic). Cancelled timers are dropped lazily when they reach the top. It knows
 * nothing of what the timers do.
 */

export interface QueuedTimer {
  readonly id: number;
  readonly at: number;
}

export interface TimerQueue<T extends QueuedTimer> {
  add(t: T): void;
  /** the earliest live timer, left in place */
  peek(): T | undefined;
  /** takes the earliest live timer out */
  take(): T | undefined;
  /** cancels by id (unknown or already fired: nothing happens) */
  cancel(id: number): void;
  /** live timers */
  size(): number;
  clear(): void;
}

export function createTimerQueue<T extends QueuedTimer>(): TimerQueue<T> {
  let heap: T[] = [];
  /** ids of timers added and neither fired nor cancelled */
  let live = new Set<number>();

  const before = (a: T, b: T) => a.at < b.at || (a.at === b.at && a.id < b.id);

  function up(i: number): void {
    const t = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(t, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = t;
  }

  function down(i: number): void {
    const n = heap.length;
    const t = heap[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(heap[child + 1]!, heap[child]!)) child++;
      if (!before(heap[child]!, t)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = t;
  }

  function pop(): T | undefined {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length && last !== undefined) {
      heap[0] = last;
      down(0);
    }
    return top;
  }

  /** drops cancelled timers from the top */
  function settleTop(): void {
    while (heap.length && !live.has(heap[0]!.id)) pop();
  }

  return {
    add(t) {
      live.add(t.id);
      heap.push(t);
      up(heap.length - 1);
    },
    peek() {
      settleTop();
      return heap[0];
    },
    take() {
      settleTop();
      const t = pop();
      if (t) live.delete(t.id);
      return t;
    },
    cancel(id) {
      live.delete(id);
      // a heap mostly of cancelled timers is rebuilt from the live ones (memory stays bounded)
      if (heap.length > 64 && live.size < heap.length / 2) {
        heap = heap.filter((t) => live.has(t.id));
        for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);
      }
    },
    size: () => live.size,
    clear() {
      heap = [];
      live = new Set();
    },
  };
}
