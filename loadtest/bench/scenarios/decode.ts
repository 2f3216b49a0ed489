/**
 * Consumer decode: what reading one event (a line of a stream entry) costs the pipeline's consumer,
 * in this process (a micro-benchmark: no server, no Redis). Since #15 the stream holds canonical
 * events written by our own ingest script, so the consumer parses each line and guards it
 * (stream/entry.ts: five fields, then the fields of its type as the validator checks them, since a
 * line that passed the five alone could still make the engine throw) instead of validating it again:
 * no copy into canonical form, no time policy, no topology.
 *
 * Baseline: what the consumer did before, JSON.parse + validateEvent, on the same lines.
 * Both run over the same 100,000 simulated event lines, interleaved, best of 7 rounds each.
 */
import { readEvent } from '../../../server/stages/stream/entry.js';
import { topologyOf } from '../../../server/stages/ingest/topology.js';
import { validateEvent } from '../../../server/stages/ingest/validate.js';
import { LineMaker, shippedCentres } from '../../load/event-lines.js';
import type { BenchContext, Scenario, ScenarioResult } from '../context.js';

const SCENARIO = 'consumer decode';
const LINES = 100_000;
const ROUNDS = 7;

export const decodeScenario: Scenario = {
  name: 'decode',
  async run(ctx: BenchContext): Promise<ScenarioResult> {
    const config = shippedCentres();
    const { lines, centres } = new LineMaker('decode', 5).batch(LINES);
    const topology = topologyOf(config);
    const policy = { maxAgeSec: 86_400, maxFutureSkewSec: 300 };
    let sink = 0;
    const now = () => performance.now();
    const time = (decode: (line: string, centre: string) => boolean) => {
      const t0 = now();
      for (let i = 0; i < LINES; i++) if (decode(lines[i]!, centres[i]!)) sink++;
      return ((now() - t0) * 1e6) / LINES;
    };
    const parseOnly = (line: string, centre: string) => 'event' in readEvent(line, centre);
    const validated = (line: string) => validateEvent(JSON.parse(line), topology, policy).ok;
    let guarded = Infinity;
    let before = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      guarded = Math.min(guarded, time(parseOnly));
      before = Math.min(before, time(validated));
    }
    if (sink !== 2 * ROUNDS * LINES) throw new Error(`only ${sink} of ${2 * ROUNDS * LINES} decodes gave an event`);
    ctx.log(`decode: ${guarded.toFixed(0)} ns per event (parse + stream guard), ${before.toFixed(0)} ns (parse + validate)`);
    return {
      rows: [{ scenario: SCENARIO, figure: "per event: JSON.parse + the stream guard (its type's fields checked)", unit: 'ns', value: guarded, baseline: { label: 'JSON.parse + validateEvent, the consumer before #15', value: before } }],
      details: { lines: LINES, rounds: ROUNDS, parseAndGuardNs: guarded, parseAndValidateNs: before },
    };
  },
};
