/**
 * Example poller: reads an Amazon Connect GetCurrentMetricData response (JSON, as the AWS
 * CLI prints it) on stdin and posts one `queue.snapshot` per mapped queue to the ingest
 * API. Run it from cron or a loop (docs/adapters.md, "Periodic statistics: queue.snapshot"):
 *
 *   aws connect get-current-metric-data … --groupings QUEUE --output json \
 *     | SURGE_INGEST_TOKEN=… node --import tsx server/stages/ingest/adapters/amazon-connect/post-snapshots.ts \
 *         --target http://surge:8080 [--config surge.config.yaml]
 *
 * Queue ARNs (or ids) map to centre/queue through adapters.amazonConnect.queues.
 */
import { text } from 'node:stream/consumers';
import { parseArgs } from 'node:util';
import { postBatch } from '../../client.js';
import { configFile, loadConfig } from '../../../../config/load.js';
import { fromSource } from '../translation.js';
import { SOURCE } from './agent-event.js';
import { snapshotsFromCurrentMetrics } from './current-metrics.js';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { target: { type: 'string' }, config: { type: 'string' }, token: { type: 'string' } } });
  const token = values.token ?? process.env.SURGE_INGEST_TOKEN;
  if (!values.target || !token) {
    process.stderr.write('usage: … | post-snapshots.ts --target <surge url> [--token <ingest token> | SURGE_INGEST_TOKEN] [--config file]\n');
    return 2;
  }
  const mapping = loadConfig(values.config ?? configFile()).adapters?.amazonConnect;
  if (!mapping) {
    process.stderr.write('post-snapshots: the config has no adapters.amazonConnect section mapping the queues\n');
    return 2;
  }
  const translation = snapshotsFromCurrentMetrics(JSON.parse(await text(process.stdin)), mapping, Date.now());
  for (const [what, n] of Object.entries(translation.unmapped)) process.stderr.write(`post-snapshots: ${what} is not in adapters.amazonConnect.queues (${n})\n`);
  if (translation.events.length === 0) return 1;
  const result = await postBatch(values.target, token, fromSource(translation.events, SOURCE).map((e) => JSON.stringify(e)));
  process.stdout.write(`${JSON.stringify(result)}\n`);
  // Snapshots are only worth their moment: a failed post is not retried, the next run sends fresh ones.
  return result.verdict === 'done' && result.rejected.length === 0 ? 0 : 1;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`post-snapshots: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
