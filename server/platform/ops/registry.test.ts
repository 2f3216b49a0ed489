import { describe, expect, it } from 'vitest';
import { Registry } from './registry.js';

describe('Registry', () => {
  it('renders counters and lazily collected gauges in the Prometheus text format', async () => {
    const registry = new Registry();
    const events = registry.counter('surge_ingest_events_total', 'Events by outcome.');
    events({ outcome: 'accepted' }, 3);
    events({ outcome: 'accepted' });
    events({ outcome: 'rejected' });
    registry.gauge('surge_live_clients', 'Open /v1/live sockets.', () => [{ labels: {}, value: 7 }]);
    registry.gauge('surge_note', 'Escaping.', () => [{ labels: { text: 'a "b"\\c' }, value: 1 }]);
    expect(await registry.render()).toBe(
      [
        '# HELP surge_ingest_events_total Events by outcome.',
        '# TYPE surge_ingest_events_total counter',
        'surge_ingest_events_total{outcome="accepted"} 4',
        'surge_ingest_events_total{outcome="rejected"} 1',
        '# HELP surge_live_clients Open /v1/live sockets.',
        '# TYPE surge_live_clients gauge',
        'surge_live_clients 7',
        '# HELP surge_note Escaping.',
        '# TYPE surge_note gauge',
        'surge_note{text="a \\"b\\"\\\\c"} 1',
        '',
      ].join('\n'),
    );
  });
});
