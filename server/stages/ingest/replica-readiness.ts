/**
 * replicaReadiness tells `/readyz` whether the master has the replicas `redis.ackReplicas` waits
 * for: with fewer in sync every ingest ends in WAIT's timeout and a 503, so the instance is not
 * ready, and the reason says how many are there (`1 of 2 replicas connected and in sync;
 * redis.ackReplicas is 2`). With ackReplicas 0 nothing is asked.
 *
 * On a Cluster every master is asked and the one with the fewest counts: each centre's events go to
 * the master of its slot, and any of them short of replicas refuses that centre's ingest.
 *
 * Counted from `INFO replication`: a replica still in its first sync is listed (connected_slaves)
 * but acknowledges no offset, so WAIT does not count it and neither does this. The answer is
 * kept for `maxAgeMs`, so load-balancer probes every few hundred milliseconds cost Redis one
 * INFO a second at most; a failed INFO is not kept (the next probe asks again).
 */
import type { Cluster, Redis } from 'ioredis';

/** replicasInSync: the replicas INFO replication lists as online (past their first sync). */
export function replicasInSync(info: string): number {
  return info.match(/^slave\d+:.*\bstate=online\b/gm)?.length ?? 0;
}

/** mastersReplication is `INFO replication` of the master, or of every master of a Cluster. */
export function mastersReplication(redis: Redis): Promise<string[]> {
  const masters = redis.isCluster ? (redis as unknown as Cluster).nodes('master') : [redis];
  return Promise.all(masters.map((m) => m.info('replication')));
}

/** How long one INFO replication answers `/readyz` for. */
export const REPLICA_COUNT_MAX_AGE_MS = 1000;

/** replicaReadiness returns a check: null when enough replicas are in sync, else why not. */
export function replicaReadiness(
  infoReplication: () => Promise<string[]>,
  ackReplicas: number,
  clock: () => number,
  maxAgeMs = REPLICA_COUNT_MAX_AGE_MS,
): () => Promise<string | null> {
  let last: { at: number; count: Promise<number> } | undefined;
  return async () => {
    if (ackReplicas === 0) return null;
    const now = clock();
    if (!last || now - last.at >= maxAgeMs) {
      const count = infoReplication().then((infos) => Math.min(...infos.map(replicasInSync)));
      const asked = { at: now, count };
      count.catch(() => {
        if (last === asked) last = undefined;
      });
      last = asked;
    }
    const inSync = await last.count;
    return inSync >= ackReplicas ? null : `${inSync} of ${ackReplicas} replicas connected and in sync; redis.ackReplicas is ${ackReplicas}`;
  };
}
