import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ami } from '../testkit/adapters/ami-events.js';
import { FakeAmi } from '../testkit/adapters/fake-ami.js';
import { figuresWhen, withAdapters } from '../test/support/adapters.js';
import { quietLogger, TOKENS, useServer } from '../test/support/env.js';
import { parseBridgeArgs, run, runBridge } from './bridge.js';

const CREDENTIALS = { username: 'surge', secret: 'amp111' };
let fake: FakeAmi;
const server = useServer('cli-bridge', withAdapters(''));
beforeAll(async () => {
  fake = await FakeAmi.start(CREDENTIALS);
});
afterAll(async () => {
  await fake.close();
});

const args = (extra: string[] = []) => ['asterisk', '--host', '127.0.0.1', '--port', String(fake.port), '--username', 'surge', '--secret', 'amp111', '--target', server.base, '--token', TOKENS.ingest, ...extra];

async function exitOf(argv: string[]): Promise<{ code: number; stderr: string }> {
  const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    const code = await run(argv);
    return { code, stderr: write.mock.calls.map((c) => String(c[0])).join('') };
  } finally {
    write.mockRestore();
  }
}

describe('surge bridge asterisk', () => {
  it('explains what is missing or wrong with exit code 2', async () => {
    expect(await exitOf([])).toMatchObject({ code: 2, stderr: expect.stringMatching(/name the ACD: asterisk/) });
    expect(await exitOf(['genesys'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/unknown bridge "genesys"/) });
    expect(await exitOf(['asterisk', '--host', 'pbx'])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--secret \(or AMI_SECRET\) is required/) });
    expect(await exitOf(args())).toMatchObject({ code: 2, stderr: expect.stringMatching(/give --centre, or --config/) });
    expect(await exitOf(args(['--config', 'surge.config.yaml', '--centre', 'atlantis']))).toMatchObject({ code: 2, stderr: expect.stringMatching(/--centre "atlantis" is not a centre/) });
    expect(await exitOf(args(['--centre', 'wuhan', '--port', 'ami']))).toMatchObject({ code: 2, stderr: expect.stringMatching(/--port must be a whole number/) });
  });

  it('forwards with the mapping of --config until stopped, then exits 0', async () => {
    const options = parseBridgeArgs(args(['--config', 'surge.config.yaml']), {}, quietLogger());
    expect(options.mapping.centre).toBe('wuhan');
    const stop = new AbortController();
    const logins = fake.logins;
    const running = runBridge(options, stop.signal);
    await fake.waitForLogins(logins + 1);
    // surge.config.yaml maps Asterisk's "support" to wuhan/voice and PJSIP/2001 to agent wh-2001; "chat" is wuhan's own queue id.
    fake.send(ami.join('support', '1700000003.1'), ami.join('chat', '1700000003.2'), ami.connect('support', '1700000003.1', 'PJSIP/2001', { HoldTime: '6' }));
    const voice = await figuresWhen(server.base, 'queue:wuhan/voice', (f) => f.windows['15m'].answered === 1, 'answered through the CLI bridge');
    expect(voice.windows['15m']).toMatchObject({ offered: 1, asaSec: 6 });
    await figuresWhen(server.base, 'queue:wuhan/chat', (f) => f.waiting === 1, 'unmapped queue name taken as a queue id');
    stop.abort();
    expect(await running).toBe(0);
  });

  it('exits 1 with the reason when the server refuses the token', async () => {
    const options = parseBridgeArgs(args(['--centre', 'wuhan', '--token', 'not-a-token']), {}, quietLogger());
    const logins = fake.logins;
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const running = runBridge(options, new AbortController().signal);
      await fake.waitForLogins(logins + 1);
      fake.send(ami.join('support', '1700000004.1'));
      expect(await running).toBe(1);
      expect(write.mock.calls.map((c) => String(c[0])).join('')).toMatch(/ingest refused the token \(401\)/);
    } finally {
      write.mockRestore();
    }
  });
});
