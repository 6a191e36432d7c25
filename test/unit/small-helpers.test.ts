import { describe, expect, it, vi } from 'vitest';
import { coalesce } from '../../src-renderer/app/coalesce';
import { StepQueue } from '../../src-renderer/ui/step-queue';

describe('coalesce', () => {
  it('runs once more after the current run however often it is called meanwhile', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const task = coalesce(() => {
      runs++;
      return runs === 1 ? new Promise<void>((resolve) => (release = resolve)) : Promise.resolve();
    }, vi.fn());
    const first = task();
    void task();
    void task();
    release();
    await first;
    expect(runs).toBe(2);
    await task();
    expect(runs).toBe(3);
  });

  it('hands a failure to onError and keeps working', async () => {
    const onError = vi.fn();
    let fail = true;
    const task = coalesce(async () => {
      if (fail) throw new Error('x');
    }, onError);
    await task();
    fail = false;
    await task();
    expect(onError).toHaveBeenCalledTimes(1);
  });
});

describe('StepQueue', () => {
  it('runs steps one after another and reports busy until the last is done', async () => {
    const busy: boolean[] = [];
    const order: string[] = [];
    const onError = vi.fn();
    const queue = new StepQueue({ onBusy: (b) => busy.push(b), onError });
    const done = new Promise<void>((resolve) => {
      queue.run(async () => {
        await new Promise((r) => setTimeout(r, 2));
        order.push('a');
      });
      queue.run(async () => {
        throw new Error('b');
      });
      queue.run(async () => {
        order.push('c');
        resolve();
      });
    });
    await done;
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual(['a', 'c']);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(busy).toEqual([true, true, true, false]);
  });
});
