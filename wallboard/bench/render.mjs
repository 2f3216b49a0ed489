#!/usr/bin/env node
/**
 * render: the wallboard's rendering benchmark. Headless Debian Chromium shows /wall with 50 centre
 * tiles whose every figure changes 4 times a second (feeder.mjs), and counts dropped frames over
 * ~20 s: requestAnimationFrame intervals longer than 1.5× the frame budget (the median interval,
 * 16.7 ms at 60 Hz), plus the Performance API's long animation frames (> 50 ms).
 *
 *   npm run bench:wallboard                       # 50 tiles, 4 updates/s, 20 s, 1920×1080
 *   node wallboard/bench/render.mjs --centres 8 --rate 4 --seconds 20 --width 3840 --height 2160
 */
import { availableParallelism, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { ensureBuilt } from '../tools/build.mjs';
import { launch } from '../tools/chromium.mjs';
import { startFeeder } from './feeder.mjs';

const { values } = parseArgs({
  options: {
    centres: { type: 'string', default: '50' },
    rate: { type: 'string', default: '4' },
    seconds: { type: 'string', default: '20' },
    width: { type: 'string', default: '1920' },
    height: { type: 'string', default: '1080' },
  },
});
const centres = Number(values.centres);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const WARM_UP_MS = 3_000;

/** measure runs in the page: every rAF interval and every long animation frame for `ms`. */
function measure(ms) {
  return new Promise((resolve) => {
    const intervals = [];
    const long = [];
    const observer = PerformanceObserver.supportedEntryTypes.includes('long-animation-frame')
      ? new PerformanceObserver((list) => long.push(...list.getEntries().map((e) => e.duration)))
      : null;
    observer?.observe({ type: 'long-animation-frame' });
    const start = performance.now();
    let last = start;
    const frame = (t) => {
      intervals.push(t - last);
      last = t;
      if (t - start < ms) requestAnimationFrame(frame);
      else {
        observer?.disconnect();
        resolve({ intervals: intervals.slice(1), long, loafSupported: observer !== null });
      }
    };
    requestAnimationFrame(frame);
  });
}

await ensureBuilt();
const feeder = await startFeeder({ centres, rate });
const browser = await launch();
try {
  const page = await browser.newPage({ viewport: { width: Number(values.width), height: Number(values.height) } });
  await page.goto(`${feeder.url}/wall?token=bench`);
  await page.waitForFunction((n) => document.querySelectorAll('article[data-centre]').length === n, centres);
  await page.waitForTimeout(WARM_UP_MS);
  const sentBefore = feeder.sent;
  const { intervals, long, loafSupported } = await page.evaluate(measure, seconds * 1000);
  const updates = feeder.sent - sentBefore;

  const sorted = [...intervals].sort((a, b) => a - b);
  const budget = sorted[Math.floor(sorted.length / 2)];
  const dropped = intervals.filter((d) => d > 1.5 * budget).length;
  const p99 = sorted[Math.floor(sorted.length * 0.99)];
  const worst = sorted.at(-1);
  console.log(
    [
      `wallboard render benchmark: ${centres} tiles, ${rate} updates/s, ${seconds} s at ${values.width}×${values.height} (Chromium ${browser.version()})`,
      // Other work on the machine shows up as dropped frames: say how busy it was.
      `  machine             ${availableParallelism()} CPUs, load average ${loadavg()[0].toFixed(2)}`,
      `  updates pushed      ${updates}`,
      `  frames              ${intervals.length} (frame budget ${budget.toFixed(1)} ms)`,
      `  dropped frames      ${dropped} (${((100 * dropped) / intervals.length).toFixed(2)} %), intervals > ${(1.5 * budget).toFixed(1)} ms`,
      `  frame interval      p99 ${p99.toFixed(1)} ms, worst ${worst.toFixed(1)} ms`,
      `  long animation frames (> 50 ms): ${loafSupported ? `${long.length}${long.length ? `, longest ${Math.max(...long).toFixed(0)} ms` : ''}` : 'not supported by this browser'}`,
    ].join('\n'),
  );
} finally {
  await browser.close();
  feeder.stop();
}
