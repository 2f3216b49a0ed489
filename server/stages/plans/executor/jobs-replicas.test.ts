/**
 * The job queue with replica acknowledgement (redis.ackReplicas), on private redis-servers: an added
 * job is waited for (WAIT) before `add` returns, so the outbox lets go of an intent only once a
 * replica holds its job. A master without its replica still queues it (what the master has runs) and
 * says so in the log; with the replica, the replica holds the job the moment `add` returns.
 */
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createKeys } from '../../../platform/redis/keys.js';
import { uniquePrefix, waitUntil } from '../../../test/support/env.js';
import { RedisProcess } from '../../../testkit/redis-process.js';
import { createJobQueue, jobId, type JobQueue } from './jobs.js';

const keys = createKeys(uniquePrefix('jobs-replicas'));
const closers: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close().catch(() => undefined);
});

async function redisServer(args: string[] = []): Promise<RedisProcess> {
  const p = await RedisProcess.start({ persistent: false, args: ['--repl-diskless-sync', 'yes', '--repl-diskless-sync-delay', '0', ...args] });
  closers.push(() => p.destroy());
  return p;
}

/** A queue on `node` with ackReplicas 1, and the warnings it logs. */
function queueOn(node: RedisProcess, timeoutMs: number): { queue: JobQueue; warnings: string[] } {
  const warnings: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) warnings.push((JSON.parse(line) as { msg: string }).msg);
      done();
    },
  });
  const queue = createJobQueue(node.url, keys.bullPrefix(), pino({ level: 'warn' }, sink), 1000, { replicas: 1, timeoutMs });
  closers.push(() => queue.close());
  return { queue, warnings };
}

describe('the job queue with redis.ackReplicas 1', () => {
  it('queues a job on a master without its replica, and logs that no replica confirmed it', async () => {
    const master = await redisServer();
    const { queue, warnings } = queueOn(master, 200);
    const id = jobId('action', 'INC-1:orange:alert:0');
    await queue.add('action', { key: 'INC-1:orange:alert:0' }, { jobId: id });
    expect(await queue.state(id)).toBe('waiting');
    expect(warnings).toEqual(['job queued, but too few redis replicas confirmed it in time (redis.ackReplicas)']);
  });

  it('returns only once the replica holds the job', async () => {
    const master = await redisServer();
    const replica = await redisServer(['--replicaof', '127.0.0.1', String(master.port), '--enable-debug-command', 'local']);
    const onReplica = new Redis(replica.url);
    closers.push(async () => onReplica.disconnect());
    await waitUntil(async () => (await onReplica.info('replication')).includes('master_link_status:up') || undefined, 'the replica to sync');
    // The replica sleeps through the add: WAIT holds `add` until it has woken, caught up and acknowledged.
    const { queue, warnings } = queueOn(master, 10_000);
    const sleeper = new Redis(replica.url);
    closers.push(async () => sleeper.disconnect());
    const order: string[] = [];
    const asleep = sleeper.call('DEBUG', 'SLEEP', '0.5').then(() => order.push('replica awake'));
    const id = jobId('action', 'INC-2:red:alert:0');
    await queue.add('action', { key: 'INC-2:red:alert:0' }, { jobId: id }).then(() => order.push('added'));
    await asleep;
    expect(order).toEqual(['replica awake', 'added']);
    expect(await onReplica.exists(`${keys.bullPrefix()}:plan:${id}`)).toBe(1);
    expect(warnings).toEqual([]);
  });
});
