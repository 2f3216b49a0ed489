/** nextNotification: repeat to the same contact, escalate to the next, stop when acknowledged or exhausted. */
import { describe, expect, it } from 'vitest';
import { groupContacts, nextNotification, type NotifyState } from './index.js';
import { demoConfig } from './testing.js';

const config = demoConfig();
const managers = groupContacts(config, 'duty-managers'); // li-wei, zhang-min, wang-fang
const policy = { repeatEverySec: 300, escalateAfterSec: 600 };
const min = 60_000;
const T = 1_795_400_000_000;
const state = (sent: [string, number, boolean?][], acknowledgedAt: number | null = null): NotifyState => ({
  sent: sent.map(([contactId, minutes, undelivered]) => ({ contactId, at: T + minutes * min, ...(undelivered ? { undelivered } : {}) })),
  acknowledgedAt,
});
const send = (id: string, attempt: number) => ({ kind: 'send', contact: managers.find((c) => c.id === id), attempt });
const wait = (minutes: number) => ({ kind: 'wait', until: T + minutes * min });

describe('nextNotification', () => {
  it.each<[string, NotifyState, number, object]>([
    ['starts with the first contact', state([]), 0, send('li-wei', 1)],
    ['waits for the repeat', state([['li-wei', 0]]), 2, wait(5)],
    ['repeats to the same contact', state([['li-wei', 0]]), 5, send('li-wei', 2)],
    ['waits for the escalation after the repeat', state([['li-wei', 0], ['li-wei', 5]]), 7, wait(10)],
    ['escalates once escalateAfterSec has passed since the first message to them', state([['li-wei', 0], ['li-wei', 5]]), 10, send('zhang-min', 1)],
    ['escalation wins over a repeat due at the same time', state([['li-wei', 0], ['li-wei', 5]]), 12, send('zhang-min', 1)],
    ['repeats to the next contact on their own clock', state([['li-wei', 0], ['li-wei', 5], ['zhang-min', 10]]), 15, send('zhang-min', 2)],
    ['moves on at once when a message was undelivered', state([['li-wei', 0, true]]), 1, send('zhang-min', 1)],
    ['stops when acknowledged', state([['li-wei', 0]], T + 3 * min), 5, { kind: 'done', reason: 'acknowledged' }],
    ['stops when the last contact has not answered in time', state([['li-wei', 0], ['zhang-min', 10], ['wang-fang', 20]]), 30, { kind: 'done', reason: 'group exhausted: nobody acknowledged in time (3 contacts messaged)' }],
    ['stops when the last contact cannot be reached', state([['li-wei', 0], ['zhang-min', 10], ['wang-fang', 20, true]]), 21, { kind: 'done', reason: 'group exhausted: the last message was undelivered (3 contacts messaged)' }],
    ['hands over to whoever has not been messaged when a contact left the group', state([['li-wei', 0], ['ex-manager', 10]]), 20, send('zhang-min', 1)],
    ['does not repeat to a contact who left the group', state([['ex-manager', 0]]), 5, wait(10)],
  ])('%s', (_, s, minutes, expected) => {
    expect(nextNotification(s, T + minutes * min, policy, managers)).toEqual(expected);
  });

  it('has nothing to do for an empty group', () => {
    expect(nextNotification(state([]), T, policy, [])).toEqual({ kind: 'done', reason: 'the group has no contacts' });
  });

  it('never repeats when escalation comes first', () => {
    expect(nextNotification(state([['li-wei', 0]]), T + 2 * min, { repeatEverySec: 600, escalateAfterSec: 120 }, managers)).toEqual(send('zhang-min', 1));
  });

  it('walks a whole unanswered group: each contact repeated once, then escalated', () => {
    const s = state([]);
    const log: string[] = [];
    for (let now = T; now <= T + 60 * min; now += min) {
      const next = nextNotification(s, now, policy, managers);
      if (next.kind === 'send') {
        s.sent.push({ contactId: next.contact.id, at: now });
        log.push(`${(now - T) / min}m ${next.contact.id} #${next.attempt}`);
      }
      if (next.kind === 'done') {
        log.push(`${(now - T) / min}m done`);
        break;
      }
    }
    expect(log).toEqual(['0m li-wei #1', '5m li-wei #2', '10m zhang-min #1', '15m zhang-min #2', '20m wang-fang #1', '25m wang-fang #2', '30m done']);
  });
});
