import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { refusedWith } from '../../../test/support/config-problems.js';
import { parseConfig } from '../../../config/load.js';

const demo = readFileSync('surge.config.yaml', 'utf8');

/** The demo config with its `adapters:` section replaced by `section`. */
function withAdapters(section: string): string {
  const start = demo.indexOf('\nadapters:');
  return `${start === -1 ? demo : demo.slice(0, start)}\n${section}`;
}

const problems = (text: string) => refusedWith(() => parseConfig(text, 'surge.config.yaml', {}));

describe('adapters config', () => {
  it('loads the shipped example mapping for the demo centres', () => {
    const config = parseConfig(demo, 'surge.config.yaml', {});
    const { twilioTaskRouter, amazonConnect, asterisk } = config.adapters ?? {};
    expect(twilioTaskRouter?.queues.size).toBeGreaterThan(0);
    expect(amazonConnect?.accessKey).toBeTruthy();
    expect(asterisk?.queues.size).toBeGreaterThan(0);
    expect(asterisk?.ivrContexts).toEqual(new Set(['ivr-main']));
    for (const ref of [...(twilioTaskRouter?.queues.values() ?? []), ...(amazonConnect?.queues.values() ?? []), ...(asterisk?.queues.values() ?? [])]) {
      expect(config.centres.find((c) => c.id === ref.centre)?.queues.map((q) => q.id)).toContain(ref.queue);
    }
  });

  it('is optional', () => {
    expect(parseConfig(withAdapters(''), 'surge.config.yaml', {}).adapters).toEqual({});
  });

  it('names the file, line and key of every mapping problem', () => {
    const text = withAdapters(`adapters:
  twilioTaskRouter:
    workspaces: { WS1: atlantis }
    queues:
      WQ1: hangzhou/fax
      WQ2: voice
    workers:
      WK1: { agent: a-1, seatType: deskchair, skills: [voice, telex] }
    activities: { Lunch: eating }
  amazonConnect:
    accessKeyEnv: SURGE_TEST_FIREHOSE_KEY
    maxBodyBytes: 12
  asterisk:
    centre: wuhan
    queues: { support: wuhan/voice }
    ivrContexts: [ivr-main, ""]
  genesys: {}
`);
    const line = (key: string) => text.split('\n').findIndex((l) => l.includes(key)) + 1;
    const found = problems(text);
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^surge\\.config\\.yaml:${line('WS1: atlantis')}:\\d+: adapters\\.twilioTaskRouter\\.workspaces\\.WS1: unknown centre "atlantis"`)),
        expect.stringMatching(new RegExp(`^surge\\.config\\.yaml:${line('WQ1:')}:\\d+: adapters\\.twilioTaskRouter\\.queues\\.WQ1: centre hangzhou has no queue "fax"`)),
        expect.stringMatching(new RegExp(`^surge\\.config\\.yaml:${line('WQ2:')}:\\d+: adapters\\.twilioTaskRouter\\.queues\\.WQ2: must be "<centre>/<queue>"`)),
        expect.stringMatching(/adapters\.twilioTaskRouter\.workers\.WK1\.seatType: must be one of onsite, home, backup, phone_im$/),
        expect.stringMatching(/adapters\.twilioTaskRouter\.workers\.WK1\.skills: must be a list of queue ids/),
        expect.stringMatching(/adapters\.twilioTaskRouter\.activities\.Lunch: must be one of logged_out, available/),
        expect.stringMatching(/adapters\.twilioTaskRouter: needs `authToken` \(or `authTokenEnv`\)/),
        expect.stringMatching(/adapters\.amazonConnect\.accessKeyEnv: environment variable SURGE_TEST_FIREHOSE_KEY is not set$/),
        expect.stringMatching(/adapters\.amazonConnect\.maxBodyBytes: must be a whole number from 1024/),
        expect.stringMatching(/adapters\.asterisk\.ivrContexts\[1\]: must be a non-empty string$/),
        expect.stringMatching(new RegExp(`^surge\\.config\\.yaml:${line('genesys')}:3: adapters\\.genesys: unknown key \\(allowed: twilioTaskRouter, amazonConnect, asterisk\\)$`)),
      ]),
    );
    expect(found).toHaveLength(11);
  });

  it('takes secrets from the environment', () => {
    const text = withAdapters(`adapters:
  amazonConnect:
    accessKeyEnv: SURGE_TEST_FIREHOSE_KEY
`);
    expect(parseConfig(text, 'surge.config.yaml', { SURGE_TEST_FIREHOSE_KEY: 'from-env' }).adapters?.amazonConnect?.accessKey).toBe('from-env');
  });
});
