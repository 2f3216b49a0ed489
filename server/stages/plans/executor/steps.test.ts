/**
 * StepStore on real Redis: the control screen reads pages (newest first, stable under new
 * writes), one incident's steps or the steps awaiting a decision — never the whole hash.
 */
import { describe, expect, it } from 'vitest';
import { createKeys } from '../../../platform/redis/keys.js';
import { useRedis } from '../../../test/support/env.js';
import { StepStore, type Step } from './steps.js';

const { prefix, redis } = useRedis('steps');
const store = new StepStore(redis, createKeys(prefix));
const t0 = Date.now();

const step = (incident: number, index: number, at: number, state: Step['state'] = 'done'): Step => ({
  key: `INC-${incident}:orange:${index}`,
  incidentId: `INC-${incident}`,
  level: 'orange',
  plan: 'p',
  index,
  kind: 'notify',
  state,
  detail: '',
  updatedAt: at,
});

describe('plan steps in pages', () => {
  it('pages every step newest first, with a cursor that new steps do not shift', async () => {
    const all = Array.from({ length: 120 }, (_, i) => step(i % 3, i, t0 + i * 1000));
    for (const s of all) await store.put(s);
    const first = await store.page(50);
    expect(first.steps.map((s) => s.index)).toEqual(Array.from({ length: 50 }, (_, i) => 119 - i));
    // A new step and a change to an old one arrive between two pages: neither shifts the next page.
    await store.put(step(9, 500, t0 + 500_000));
    await store.update(all[10]!.key, { detail: 'changed', updatedAt: t0 + 600_000 });
    const second = await store.page(50, first.next!);
    expect(second.steps.map((s) => s.index)).toEqual(Array.from({ length: 50 }, (_, i) => 69 - i));
    const third = await store.page(50, second.next!);
    expect(third.steps).toHaveLength(20);
    expect(third.next).toBeNull();
    expect(third.steps.find((s) => s.index === 10)!.detail).toBe('changed');
    await expect(store.page(50, 'not a cursor')).rejects.toThrow(/cursor/);
  });

  it('lists one incident, and the steps awaiting a decision as their state moves', async () => {
    expect((await store.list('INC-1')).map((s) => s.index)).toEqual(Array.from({ length: 40 }, (_, i) => 1 + 3 * i).filter((i) => i !== 10).concat(10));
    await store.put(step(7, 0, t0, 'awaiting confirmation'));
    await store.put(step(7, 1, t0 + 1, 'awaiting undo confirmation'));
    expect((await store.awaiting()).map((s) => s.index)).toEqual([0, 1]);
    await store.update('INC-7:orange:0', { state: 'cancelled' });
    expect((await store.awaiting()).map((s) => s.key)).toEqual(['INC-7:orange:1']);
  });

  it('removes an incident with every index of its steps', async () => {
    const removed = await store.removeIncident('INC-7');
    expect(removed.sort()).toEqual(['INC-7:orange:0', 'INC-7:orange:1']);
    expect(await store.awaiting()).toEqual([]);
    expect(await store.list('INC-7')).toEqual([]);
    expect(await store.get('INC-7:orange:1')).toBeUndefined();
    const everything = await store.page(500);
    expect(everything.steps.some((s) => s.incidentId === 'INC-7')).toBe(false);
    expect(everything.steps).toHaveLength(121);
  });
});
