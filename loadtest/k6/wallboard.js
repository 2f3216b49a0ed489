// Wallboards with k6: CLIENTS /v1/live subscribers, background traffic of EVENTS_PER_SEC, and
// one probe screen that posts its own events and times them until they show.
//
//   k6 run -e MODE=screen loadtest/k6/wallboard.js   # 2,000 clients, 20,000 events/s: event → screen p99 ≤ 300 ms
//   k6 run -e MODE=fanout loadtest/k6/wallboard.js   # 10,000 clients, 4 updates/s: delivery p99 ≤ 100 ms
//
// Delivery is measured as arrival minus the delta's `asOf` (the server's publish tick), so k6
// and the server must share a clock (same machine, or NTP). The probe posts `system.fault`
// events of severity `info` on PROBE_CENTRE and watches that centre's `faults.info` count:
// run it where nothing else reports info faults (the simulator's `outage` scenario does).
// 10,000 VUs need a load machine with the memory and open-file limit (`ulimit -n`) for them.
import http from 'k6/http';
import ws from 'k6/ws';
import { check } from 'k6';
import { Counter, Trend } from 'k6/metrics';
import { BASE_URL, DISPLAY_TOKEN, ingestHeaders, ndjsonBatch } from './events.js';

const MODES = {
  screen: { clients: 2000, eventsPerSec: 20000 },
  fanout: { clients: 10000, eventsPerSec: 20 },
};
const MODE = MODES[__ENV.MODE || 'screen'];
if (!MODE) throw new Error(`MODE must be one of ${Object.keys(MODES).join(', ')}`);
const CLIENTS = Number(__ENV.CLIENTS || MODE.clients);
const EVENTS_PER_SEC = Number(__ENV.EVENTS_PER_SEC || MODE.eventsPerSec);
const DURATION_S = Number(__ENV.DURATION_S || 30);
// Clients connect within RAMP_S, then everyone is measured for DURATION_S.
const RAMP_S = Number(__ENV.RAMP_S || 20);
const PROBE_CENTRE = __ENV.PROBE_CENTRE || 'hangzhou';
const BATCH = 100;
const LIVE_URL = `${BASE_URL.replace(/^http/, 'ws')}/v1/live?token=${DISPLAY_TOKEN}`;

const delivery = new Trend('live_delivery_ms', true);
const eventToScreen = new Trend('event_to_screen_ms', true);
const updates = new Counter('live_updates');
const unseen = new Counter('probe_events_unseen');

const thresholds = {
  screen: { event_to_screen_ms: ['p(99)<=300'], probe_events_unseen: ['count==0'] },
  // 4 updates per second to every client over the measured window, less 5 % for its edges.
  fanout: { live_delivery_ms: ['p(99)<=100'], live_updates: [`count>=${Math.floor(CLIENTS * 4 * DURATION_S * 0.95)}`] },
}[__ENV.MODE || 'screen'];

export const options = {
  scenarios: {
    screens: { executor: 'per-vu-iterations', vus: CLIENTS, iterations: 1, maxDuration: `${RAMP_S + DURATION_S + 30}s`, exec: 'screen' },
    traffic: {
      executor: 'constant-arrival-rate',
      rate: Math.max(1, Math.round(EVENTS_PER_SEC / BATCH)),
      timeUnit: '1s',
      duration: `${RAMP_S + DURATION_S}s`,
      preAllocatedVUs: 20,
      maxVUs: 200,
      exec: 'traffic',
    },
    probe: { executor: 'per-vu-iterations', vus: 1, iterations: 1, startTime: `${RAMP_S}s`, maxDuration: `${DURATION_S + 30}s`, exec: 'probe' },
  },
  thresholds: { ...thresholds, checks: ['rate>0.99'] },
};

/** screen: one wallboard; connects while the others do (RAMP_S), then counts and times every delta for DURATION_S. */
export function screen() {
  const measureFrom = Date.now() + RAMP_S * 1000;
  const res = ws.connect(LIVE_URL, {}, (socket) => {
    socket.on('message', (text) => {
      const now = Date.now();
      if (now < measureFrom) return;
      // Deltas begin {"type":"delta","asOf":…}: read the head, not 40 kB of figures.
      const head = /^\{"type":"([a-z]+)","asOf":(\d+)/.exec(text.slice(0, 64));
      if (!head || head[1] !== 'delta') return;
      updates.add(1);
      delivery.add(now - Number(head[2]));
    });
    socket.setTimeout(() => socket.close(), measureFrom - Date.now() + DURATION_S * 1000);
  });
  check(res, { 'live socket upgraded (101)': (r) => r && r.status === 101 });
}

/** traffic: background events, NDJSON batches of 100. */
export function traffic() {
  const res = http.post(`${BASE_URL}/v1/events`, ndjsonBatch(BATCH), { headers: ingestHeaders, tags: { name: 'POST /v1/events' } });
  check(res, { 'traffic batch accepted (202)': (r) => r.status === 202 });
}

/** probe: posts an info fault every 200 ms and times each from its 202 to the delta whose count shows it. */
export function probe() {
  const scope = `centre:${PROBE_CENTRE}`;
  const accepted = [];
  let base;
  let shown = 0;
  // The last second's events get the time to show before the socket closes.
  const postUntil = Date.now() + (DURATION_S - 1) * 1000;
  ws.connect(LIVE_URL, {}, (socket) => {
    socket.on('message', (text) => {
      const message = JSON.parse(text);
      const figures = message.scopes && message.scopes[scope];
      if (!figures) return;
      const count = (figures.faults && figures.faults.info) || 0;
      if (base === undefined) base = count;
      const now = Date.now();
      for (; shown < count - base && shown < accepted.length; shown++) eventToScreen.add(Math.max(0, now - accepted[shown]));
    });
    socket.setInterval(() => {
      if (Date.now() > postUntil) return;
      const id = `k6-probe-${Date.now()}-${accepted.length}`;
      const body = JSON.stringify({ id, type: 'system.fault', ts: Date.now(), centre: PROBE_CENTRE, component: 'k6-probe', severity: 'info', message: 'latency probe' });
      const res = http.post(`${BASE_URL}/v1/events`, body, { headers: ingestHeaders, tags: { name: 'probe event' } });
      if (base !== undefined && res.status === 202 && res.json().accepted === 1) accepted.push(Date.now());
    }, 200);
    socket.setTimeout(() => {
      unseen.add(accepted.length - shown);
      socket.close();
    }, DURATION_S * 1000);
  });
}
