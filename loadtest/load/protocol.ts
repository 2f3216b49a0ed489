/**
 * The protocol between the bench harness and a load process (over Node's IPC channel):
 *
 *   harness: fork(options as argv[2]) ─────────► child: setup()      ─► {ready, info}
 *   harness: {go, durationMs} ─────────────────► child: measure(until) ─► {result}
 *   harness: {stop} (optional) ─────────────────► ends `until` early
 *   harness: reads the child's /proc figures, then kills it (it also exits if the harness goes)
 *
 * so every generator connects first, is measured over a window the harness chooses, and
 * reports figures the harness can merge with those of its siblings.
 */

export type ToChild = { type: 'go'; durationMs?: number } | { type: 'stop' };
export type FromChild = { type: 'ready'; info: unknown } | { type: 'result'; result: unknown } | { type: 'error'; message: string };

/** One kind of load: connect, then measure until told to stop. */
export interface LoadGenerator<Options, Ready, Result> {
  setup(options: Options): Promise<Ready>;
  /** measure runs until `until` settles (the window is over) or its own bound is reached. */
  measure(until: Promise<void>): Promise<Result>;
}

/** serveGenerator runs a generator in this (forked) process under the harness' direction. */
export function serveGenerator<O, Ready, Result>(generator: LoadGenerator<O, Ready, Result>): void {
  // The harness gone (it exited or crashed) means nobody wants this load any more.
  process.on('disconnect', () => process.exit(0));
  let stop: () => void = () => undefined;
  const until = new Promise<void>((resolve) => (stop = resolve));
  const fail = (err: unknown) => {
    const message: FromChild = { type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
    if (process.send) process.send(message, () => process.exit(1));
    else process.exit(1);
  };
  process.on('message', (message: ToChild) => {
    if (message.type === 'stop') stop();
    if (message.type !== 'go') return;
    if (message.durationMs !== undefined) setTimeout(stop, message.durationMs).unref();
    // After its result the process stays until the harness has read its /proc figures and ends it.
    generator.measure(until).then((result) => process.send?.({ type: 'result', result } satisfies FromChild), fail);
  });
  const options = JSON.parse(process.argv[2] ?? '{}') as O;
  generator.setup(options).then((info) => process.send?.({ type: 'ready', info } satisfies FromChild), fail);
}
