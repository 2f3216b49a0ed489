/**
 * CentreForecast is the forecasting part of one centre's metrics state: its arrival profile, fed
 * by the same events as the partition, saved in the same checkpoint, read at every snapshot.
 */
import type { CentreConfig } from '../../../config/topology.js';
import type { CanonicalEvent } from '../../ingest/contract.js';
import type { ScopeAggregate } from '../aggregate.js';
import type { WaitingContact } from '../partition.js';
import { forecastQueue, type ScopeForecast } from './figures.js';
import { emptyProfile, observe, restoreProfile, saveProfile, type ProfileJson, type ProfileState } from './profile.js';

export class CentreForecast {
  private state: ProfileState = emptyProfile();
  private readonly queues: ReadonlySet<string>;

  constructor(private readonly centre: CentreConfig) {
    this.queues = new Set(centre.queues.map((q) => q.id));
  }

  /** observe must see each event before the partition does: it reads when a contact that leaves was queued. */
  observe(event: CanonicalEvent, waiting: ReadonlyMap<string, WaitingContact>): void {
    const contact = 'contactId' in event ? waiting.get(event.contactId) : undefined;
    observe(this.state, event, { queue: contact?.queue, queuedAt: contact?.queuedAt }, this.queues, this.centre.timezone);
  }

  /** queue forecasts one queue from its aggregate (its windows, agents and queue now). */
  queue(queueId: string, agg: ScopeAggregate, now: number): ScopeForecast | undefined {
    const q = this.centre.queues.find((c) => c.id === queueId);
    if (!q) return undefined;
    const [w5, w15] = [agg.windows['5m'], agg.windows['15m']];
    return forecastQueue({
      profile: this.state,
      queue: q.id,
      now,
      recent: { offered5m: w5.offered, offered15m: w15.offered, handleSec15m: w15.handleSumSec, completed15m: w15.completed },
      waiting: agg.waiting,
      agents: agg.agents.available + agg.agents.onContact + agg.agents.acw,
      thresholdSec: q.serviceLevel.thresholdSec,
      defaultAhtSec: q.defaultAhtSec,
    });
  }

  save(): ProfileJson {
    return saveProfile(this.state);
  }

  /** restore takes a checkpoint's profile; one written before forecasting starts empty. */
  restore(json: ProfileJson | undefined): void {
    this.state = restoreProfile(json);
  }
}
