/**
 * feeder: a stand-in for the server, for the render benchmark. It serves the built screens
 * (wallboard/dist) and a `/v1/live` socket speaking the real protocol — a snapshot with the
 * topology, then deltas where every scope of every centre changes, `rate` times a second, and a
 * levels message every two seconds — so the wall redraws everything on every update.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
const QUEUES = [
  { id: 'voice', media: 'voice', target: 0.8, thresholdSec: 20 },
  { id: 'chat', media: 'chat', target: 0.8, thresholdSec: 60 },
  { id: 'email', media: 'email', target: 0.9, thresholdSec: 3600 },
];
const LEVELS = ['yellow', 'orange', 'red', 'black'];

/** topology of `count` centres with three queues each. */
function topology(count) {
  return {
    centres: Array.from({ length: count }, (_, i) => ({
      id: `c${i}`,
      name: `Centre ${i + 1}`,
      timezone: 'UTC',
      queues: QUEUES.map((q) => ({ id: q.id, name: `Centre ${i + 1} ${q.id}`, media: q.media, serviceLevel: { target: q.target, thresholdSec: q.thresholdSec, formula: 'standard' } })),
    })),
  };
}

const agents = (staffed, available) => ({ staffed, available, onContact: staffed - available, acw: 0, aux: 0 });

/** figures: plausible metrics for a scope at tick `n`, different on every tick. */
function figures(scope, kind, n, salt) {
  const wave = (k) => Math.round(k * (1 + Math.sin((n + salt) / 7)));
  const win = (sl) => ({ offered: 100 + n, answered: 90 + n, abandoned: 10, shortAbandoned: 2, transferredOut: 0, answeredWithinThreshold: 72, serviceLevel: sl, abandonRate: 0.05 + (n % 10) / 200, asaSec: 12, ahtSec: 240, arrivalPerMin: 6.5 });
  const staffed = 20 + (salt % 7);
  const available = wave(4);
  return {
    scope,
    kind,
    asOf: Date.now(),
    waiting: wave(6),
    longestWaitSec: wave(40),
    agents: { ...agents(staffed, Math.min(staffed, available)), bySeatType: { onsite: agents(staffed - 4, available), home: agents(3, 0), backup: agents(1, 0), phone_im: agents(0, 0) } },
    occupancy: 0.6 + (n % 20) / 100,
    windows: { '5m': win(0.7 + (n % 30) / 100), '15m': win(0.75 + (n % 20) / 100), today: win(0.85) },
    serviceLevelGoal: { target: 0.8, thresholdSec: 20, formula: 'standard', label: '80% in 20s (standard)' },
    ewtSec: wave(30),
    requiredAgents: 18,
    staffingGap: wave(3) - 3,
    ivr: { idle: 0, inCall: 0, error: 0, worstPortErrors: 0, failingPorts: 0 },
    faults: {},
  };
}

/** scopes: every scope of the topology at tick `n`. */
function scopes(topo, n) {
  const out = { all: figures('all', 'all', n, 0) };
  for (const m of ['voice', 'chat', 'email']) out[`media:${m}`] = figures(`media:${m}`, 'media', n, 1);
  topo.centres.forEach((c, i) => {
    out[`centre:${c.id}`] = figures(`centre:${c.id}`, 'centre', n, i);
    for (const q of QUEUES) {
      out[`queue:${c.id}/${q.id}`] = figures(`queue:${c.id}/${q.id}`, 'queue', n, i);
      out[`media:${c.id}/${q.media}`] = figures(`media:${c.id}/${q.media}`, 'media', n, i);
    }
  });
  return out;
}

/** startFeeder listens on a free port; returns its address and `stop()`. */
export async function startFeeder({ centres, rate }) {
  const topo = topology(centres);
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path.startsWith('/v1/')) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not in the benchmark"}');
    const file = path.startsWith('/assets/') ? join(DIST, normalize(path).replace(/^(\.\.[/\\])+/, '')) : join(DIST, 'index.html');
    try {
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  const wss = new WebSocketServer({ server: http, path: '/v1/live' });
  let seq = 0;
  let tick = 0;
  let sent = 0;
  const broadcast = (message) => {
    const text = JSON.stringify({ ...message, seq: ++seq });
    for (const ws of wss.clients) ws.send(text);
  };
  wss.on('connection', (ws) => ws.send(JSON.stringify({ type: 'snapshot', seq, asOf: Date.now(), scopes: scopes(topo, tick), topology: topo, latest: [] })));
  const deltas = setInterval(() => {
    tick++;
    sent++;
    broadcast({ type: 'delta', asOf: Date.now(), scopes: scopes(topo, tick) });
  }, 1000 / rate);
  const levels = setInterval(() => {
    const map = {};
    topo.centres.forEach((c, i) => {
      if ((i + tick) % 3 === 0) map[`centre:${c.id}`] = LEVELS[(i + tick) % LEVELS.length];
    });
    broadcast({ type: 'levels', asOf: Date.now(), levels: map });
  }, 2000);
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${http.address().port}`,
    /** Deltas sent since the start. */
    get sent() {
      return sent;
    },
    stop() {
      clearInterval(deltas);
      clearInterval(levels);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
      http.close();
    },
  };
}
