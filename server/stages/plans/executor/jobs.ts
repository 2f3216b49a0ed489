/**
 * The plan executor's job queue on BullMQ. Every job has a deterministic id, so adding
 * the same work twice — after a retry, a restart, or from two server instances — is a
 * no-op: that is what runs a plan level at most once per incident. Failures retry with
 * exponential backoff unless the handler throws UnrecoverableError. With replica acknowledgement
 * (redis.ackReplicas) each added job is waited for (WAIT) before `add` returns, so the outbox lets go
 * of an intent only once a replica holds its job: a failover right after cannot lose it.
 */
import { Queue, Worker, type Job, type JobsOptions } from 'bullmq';
import type { Logger } from '../../../platform/log/log.js';
import { redisClient } from '../../../platform/redis/connect.js';
import { confirmWrites, MASTER_ONLY, type ReplicaAck } from '../../../platform/redis/replica-ack.js';

export const QUEUE_NAME = 'plan';

/** The kinds of job, each with its handler. */
export type JobName = 'action' | 'undo' | 'notify' | 'sms' | 'webhook' | 'remind';
export type Handler = (job: Job) => Promise<unknown>;

/** Attempts and backoff: about a minute of retries before a dead letter. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 6,
  backoff: { type: 'exponential', delay: 1000 },
  // Completed jobs are kept a week: their ids are what stop a plan level running twice.
  removeOnComplete: { age: 7 * 86400 },
  removeOnFail: { age: 30 * 86400 },
};

/** jobId joins parts into a BullMQ custom id (which may not contain `:`). */
export function jobId(...parts: string[]): string {
  return parts.map((p) => p.replace(/:/g, '_')).join('.');
}

export interface JobQueue {
  add(name: JobName, data: Record<string, unknown>, options: { jobId: string; delay?: number; attempts?: number }): Promise<void>;
  /**
   * retryLater queues the remaining attempts of work whose first attempt was made in place (an
   * alert's first SMS, a webhook's first call): on the same schedule as if a job had made it.
   */
  retryLater(name: JobName, data: Record<string, unknown>, options: { jobId: string }): Promise<void>;
  /** The state of a job (waiting, delayed, active, completed, failed) or undefined when unknown. */
  state(id: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export function createJobQueue(url: string, prefix: string, logger: Logger, backoffMs = 1000, ack: ReplicaAck = MASTER_ONLY): JobQueue {
  // BullMQ takes an ioredis client as is, a Sentinel or Cluster one too; its blocking connections are duplicates of it.
  const connection = redisClient(url, { maxRetriesPerRequest: null });
  connection.on('error', (err: Error) => logger.warn({ err: err.message }, 'job queue connection error'));
  const defaultJobOptions = { ...DEFAULT_JOB_OPTIONS, backoff: { type: 'exponential', delay: backoffMs } };
  const queue = new Queue(QUEUE_NAME, { connection, prefix, defaultJobOptions });
  queue.on('error', (err) => logger.warn({ err: err.message }, 'job queue error'));
  // WAIT on the connection the Queue writes with, routed by the job's key to the master that took it (a Cluster's
  // too). A shortfall is logged, as for the records of what was sent: what is on the master runs all the same.
  const confirm = async (id: string) => {
    if (!(await confirmWrites(connection, queue.toKey(id), ack))) logger.warn({ job: id }, 'job queued, but too few redis replicas confirmed it in time (redis.ackReplicas)');
  };
  return {
    async add(name, data, options) {
      await queue.add(name, data, options);
      await confirm(options.jobId);
    },
    async retryLater(name, data, options) {
      const attempts = (DEFAULT_JOB_OPTIONS.attempts ?? 1) - 1;
      await queue.add(name, data, { ...options, attempts, delay: backoffMs, backoff: { type: 'exponential', delay: 2 * backoffMs } });
      await confirm(options.jobId);
    },
    async state(id) {
      const job = await queue.getJob(id);
      return job ? job.getState() : undefined;
    },
    async close() {
      await queue.close();
      connection.disconnect();
    },
  };
}

/** How long a worker's lock on a job lasts unrenewed: a job held by an instance that died is handed on once it lapses… */
export const JOB_LOCK_MS = 10_000;
/** …found at the next stall check, so at most JOB_LOCK_MS + STALL_CHECK_MS after the death. */
export const STALL_CHECK_MS = 5_000;

/** startWorker runs the handlers; several instances may run workers on the same queue. */
export function startWorker(url: string, prefix: string, handlers: Record<JobName, Handler>, logger: Logger, concurrency = 8): { close(): Promise<void> } {
  const connection = redisClient(url, { maxRetriesPerRequest: null });
  connection.on('error', (err: Error) => logger.warn({ err: err.message }, 'job worker connection error'));
  const worker = new Worker(
    QUEUE_NAME,
    async (job) => {
      const handler = handlers[job.name as JobName];
      if (!handler) throw new Error(`no handler for job ${job.name}`);
      return handler(job);
    },
    { connection, prefix, concurrency, lockDuration: JOB_LOCK_MS, stalledInterval: STALL_CHECK_MS },
  );
  worker.on('error', (err) => logger.warn({ err: err.message }, 'job worker error'));
  worker.on('failed', (job, err) => logger.warn({ job: job?.id, name: job?.name, attempt: job?.attemptsMade, err: err.message }, 'job failed'));
  return {
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}

/** isFinalAttempt says whether a failing job will not be tried again. */
export function isFinalAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}
