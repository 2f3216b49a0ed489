// Durable ingest with k6: VUS connections POST NDJSON batches of BATCH events to /v1/events
// as fast as the server acknowledges, for DURATION.
//
//   k6 run -e BASE_URL=http://localhost:8080 -e MIN_EVENTS_PER_SEC=75000 loadtest/k6/ingest.js
//
// The target is relative: at least 75 % of what a bare ioredis pipeline doing the same
// Redis work (dedup record + XADD) reaches on the same machine. k6 cannot measure that baseline, so
// pass MIN_EVENTS_PER_SEC = 0.75 × the "bare ioredis pipeline, same Redis work" figure `npm run bench`
// prints for your machine (default 75,000).
import http from 'k6/http';
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import { BASE_URL, ingestHeaders, ndjsonBatch } from './events.js';

const BATCH = Number(__ENV.BATCH || 100);
const MIN_EVENTS_PER_SEC = Number(__ENV.MIN_EVENTS_PER_SEC || 75000);

const accepted = new Counter('accepted_events');
const refused = new Counter('refused_events');

export const options = {
  scenarios: {
    ingest: { executor: 'constant-vus', vus: Number(__ENV.VUS || 8), duration: __ENV.DURATION || '30s' },
  },
  thresholds: {
    // Sustained durable ingest (events the server confirmed were written to Redis).
    accepted_events: [`rate>=${MIN_EVENTS_PER_SEC}`],
    // Nothing refused, nothing failed: 503 means Redis was away, 400 a bad event.
    refused_events: ['count==0'],
    http_req_failed: ['rate==0'],
    checks: ['rate==1'],
  },
};

export default function () {
  const res = http.post(`${BASE_URL}/v1/events`, ndjsonBatch(BATCH), { headers: ingestHeaders, tags: { name: 'POST /v1/events' } });
  const ok = check(res, { '202 accepted': (r) => r.status === 202 });
  if (!ok) return;
  const report = res.json();
  accepted.add(report.accepted);
  refused.add(report.rejectedCount);
}
