/**
 * What a process costs, read from /proc (Linux): CPU seconds so far and resident memory.
 * CPU % over a window is the difference of two readings divided by the wall time.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticksPerSecond;
}

/** cpuSeconds is user + system time the process has used. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at state, field 3; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

/** memory gives resident set size now and at its peak (VmHWM), in bytes. */
export function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** CpuMeter measures a process' CPU use (100 % = one core) over a window. */
export class CpuMeter {
  private readonly cpu: number;
  private readonly wall = performance.now();

  constructor(private readonly pid: number) {
    this.cpu = cpuSeconds(pid);
  }

  percent(): number {
    return ((cpuSeconds(this.pid) - this.cpu) / ((performance.now() - this.wall) / 1000)) * 100;
  }
}

/** RssWatch samples a process' resident memory every 250 ms and keeps the highest. */
export class RssWatch {
  private highest: number;
  private readonly timer: NodeJS.Timeout;

  constructor(pid: number) {
    this.highest = memory(pid).rss;
    this.timer = setInterval(() => {
      try {
        this.highest = Math.max(this.highest, memory(pid).rss);
      } catch {
        // The process ended; keep what was seen.
      }
    }, 250);
  }

  /** stop ends sampling and returns the highest RSS in bytes. */
  stop(): number {
    clearInterval(this.timer);
    return this.highest;
  }
}
