import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../config/load.js';
import { TOKENS, useServer } from '../../../../test/support/env.js';
import { figuresWhen, withAdapters } from '../../../../test/support/adapters.js';
import { snapshotsFromCurrentMetrics } from './current-metrics.js';

const INSTANCE = 'arn:aws:connect:ap-northeast-1:111122223333:instance/5c1e4a2b-0000-4000-8000-000000000001';
const VOICE = `${INSTANCE}/queue/0b5e7a51-0000-4000-8000-000000000001`;
const mapping = loadConfig('surge.config.yaml', {}).adapters!.amazonConnect!;

/** A GetCurrentMetricData response grouped by QUEUE, in the API reference's response syntax. */
function response(snapshotTime: string, arn: string) {
  return {
    DataSnapshotTime: snapshotTime,
    MetricResults: [
      {
        Dimensions: { Queue: { Arn: arn, Id: arn.split('/').pop() }, Channel: null },
        Collections: [
          { Metric: { Name: 'CONTACTS_IN_QUEUE', Unit: 'COUNT' }, Value: 7 },
          { Metric: { Name: 'OLDEST_CONTACT_AGE', Unit: 'SECONDS' }, Value: 95 },
          { Metric: { Name: 'AGENTS_STAFFED', Unit: 'COUNT' }, Value: 12 },
          { Metric: { Name: 'AGENTS_AVAILABLE', Unit: 'COUNT' }, Value: 1 },
          { Metric: { Name: 'AGENTS_ON_CONTACT', Unit: 'COUNT' }, Value: 8 },
          { Metric: { Name: 'AGENTS_AFTER_CONTACT_WORK', Unit: 'COUNT' }, Value: 2 },
          { Metric: { Name: 'AGENTS_NON_PRODUCTIVE', Unit: 'COUNT' }, Value: 1 },
        ],
      },
    ],
  };
}

describe('queue.snapshot from GetCurrentMetricData', () => {
  it('maps each queue’s current metrics to one snapshot', () => {
    const t = '2026-11-23T09:00:00.000Z';
    expect(snapshotsFromCurrentMetrics(response(t, VOICE), mapping, 0)).toEqual({
      events: [
        {
          id: `amazon-connect:snapshot:${VOICE}:${Date.parse(t)}`,
          type: 'queue.snapshot',
          ts: Date.parse(t),
          centre: 'shanghai',
          queue: 'voice',
          media: 'voice',
          waiting: 7,
          longestWaitSec: 95,
          agents: { staffed: 12, available: 1, onContact: 8, acw: 2, aux: 1 },
        },
      ],
      ignored: {},
      unmapped: {},
    });
    expect(snapshotsFromCurrentMetrics(response(t, `${INSTANCE}/queue/other`), mapping, 0).unmapped).toEqual({ [`queue ${INSTANCE}/queue/other`]: 1 });
  });

  describe('the example poller script', () => {
    const server = useServer('snapshots', withAdapters(''));

    it('posts what the AWS CLI prints on its stdin', async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/stages/ingest/adapters/amazon-connect/post-snapshots.ts', '--target', server.base, '--config', 'surge.config.yaml'], {
        env: { ...process.env, SURGE_INGEST_TOKEN: TOKENS.ingest },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.stdin.end(JSON.stringify(response(new Date(Date.now() - 2000).toISOString(), VOICE)));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      expect(code, output).toBe(0);
      expect(JSON.parse(output)).toMatchObject({ verdict: 'done', accepted: 1 });
      const voice = await figuresWhen(server.base, 'queue:shanghai/voice', (f) => f.waiting === 7, 'snapshot applied');
      expect(voice.agents).toMatchObject({ staffed: 12, available: 1, onContact: 8, acw: 2, aux: 1 });
    }, 30_000);
  });
});
