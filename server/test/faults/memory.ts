/**
 * Memory measures for the fault tests. `startMeasuring` and `processMemory` watch a server
 * process's resident set and its peak; `peakRssGrowth` is what a burst costs at its worst
 * (what the operating system sees); `liveHeap` is what stays after a full garbage
 * collection, so a growth in it is memory kept, not garbage V8 has not bothered to collect
 * yet — a long fuzzing run lets the heap swell by hundreds of MB between major collections.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
// A fresh context picks up the flag: the usual way to reach gc() without starting node with --expose-gc.
const gc = runInNewContext('gc') as () => void;

/** liveHeap is the heap in use after a full collection, in bytes. */
export function liveHeap(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** peakRssGrowth runs `work` and returns by how much the RSS rose at most meanwhile, in bytes. */
export async function peakRssGrowth(work: () => Promise<void>): Promise<number> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return Math.max(peak, process.memoryUsage().rss) - before;
}

export const MiB = 1024 * 1024;

/** startMeasuring resets another process's high-water mark to its resident set now, and returns that. */
export function startMeasuring(pid: number): number {
  writeFileSync(`/proc/${pid}/clear_refs`, '5');
  return processMemory(pid).rss;
}

/** processMemory reads another process's resident set now and its high-water mark, in bytes. */
export function processMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}
