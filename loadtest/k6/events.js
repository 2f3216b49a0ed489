// Canonical events for the k6 scripts: a realistic mix (arrivals, answers, completions, agent
// states) over the shipped topology, each with a unique id so dedup never shortcuts the work.
// (k6 runs plain JavaScript; the Node harness uses the seeded simulator instead.)

const QUEUES = {
  hangzhou: ['voice', 'voice-vip', 'chat', 'email'],
  shanghai: ['voice', 'chat', 'email'],
  wuhan: ['voice', 'chat', 'email'],
};
const CENTRES = Object.keys(QUEUES);
const MEDIA = { voice: 'voice', 'voice-vip': 'voice', chat: 'chat', email: 'email' };
const AGENT_STATES = ['available', 'on_contact', 'acw', 'aux'];

export const BASE_URL = (__ENV.BASE_URL || 'http://localhost:8080').replace(/\/+$/, '');
export const INGEST_TOKEN = __ENV.INGEST_TOKEN || 'demo-ingest-token';
export const DISPLAY_TOKEN = __ENV.DISPLAY_TOKEN || 'demo-display-token';
// Distinguishes this run's event ids from an earlier run's (the server deduplicates ids for 25 h).
const RUN = __ENV.RUN_ID || String(Date.now());

/** One event; `n` picks centre, queue and type deterministically. */
function event(id, n, now) {
  const centre = CENTRES[n % CENTRES.length];
  const queues = QUEUES[centre];
  const queue = queues[(n >> 2) % queues.length];
  const contactId = `k6-c-${__VU}-${n >> 2}`;
  const agentId = `k6-a-${centre}-${n % 40}`;
  const base = { id, ts: now, centre };
  switch (n % 6) {
    case 0:
    case 1:
      return { ...base, type: 'contact.queued', contactId, queue, media: MEDIA[queue] };
    case 2:
      return { ...base, type: 'contact.answered', contactId, queue, agentId };
    case 3:
      return { ...base, type: 'contact.completed', contactId, queue, agentId, handleSec: 180 + (n % 240) };
    default:
      return { ...base, type: 'agent.state', agentId, state: AGENT_STATES[n % AGENT_STATES.length], seatType: 'onsite', skills: queues };
  }
}

// Per VU (each VU runs its own copy of this module): walks through contacts and agents.
let made = 0;

/** ndjsonBatch makes `size` events as an NDJSON body; ids are unique per run, VU and event. */
export function ndjsonBatch(size) {
  const now = Date.now();
  const lines = [];
  for (let i = 0; i < size; i++, made++) lines.push(JSON.stringify(event(`k6-${RUN}-${__VU}-${made}`, made, now)));
  return lines.join('\n');
}

export const ingestHeaders = { Authorization: `Bearer ${INGEST_TOKEN}`, 'Content-Type': 'application/x-ndjson' };
