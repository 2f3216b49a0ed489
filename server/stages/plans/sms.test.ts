/** SMS texts: placeholders filled, unknown figures shown as —, at most 320 characters, and the ack code. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ACK_CODE_LENGTH, ackCode, renderSms, SMS_MAX_CHARS } from './index.js';
import { templateProblems } from './placeholders.js';
import { smsSegments } from '../deliver/sms/segments.js';
import { incident, metricsOf } from './testing.js';

const LINK = 'http://localhost:8080/control#incident=INC-20261123-0001';
const levelAlert = readFileSync('alerts/templates/level-alert.txt', 'utf8');
const centre = metricsOf({
  'centre:hangzhou': { waiting: 37, longestWaitSec: 245.4, serviceLevel: 0.624, abandonRate: 0.081, ewtSec: 95, 'agents.available': 0, staffingGap: 7 },
})['centre:hangzhou'];
const ctx = { incident: incident(), level: 'red' as const, metrics: centre, link: LINK, ackCode: 'K7QX2', centreName: 'Hangzhou' };

describe('renderSms', () => {
  it('fills the shipped level alert', () => {
    expect(renderSms(levelAlert, ctx)).toBe(
      [
        '[Surge Control] RED (level 3) at Hangzhou: traffic surge.',
        'Waiting 37, longest 4m5s, service level 62%, staffing gap +7.',
        LINK,
        'Reply ACK K7QX2 to acknowledge.',
      ].join('\n'),
    );
  });

  it('fills the shipped Chinese level alert with Chinese words, as UCS-2 parts', () => {
    const text = renderSms(readFileSync('alerts/templates/level-alert.zh.txt', 'utf8'), { ...ctx, locale: 'zh' });
    expect(text).toBe(
      [
        '【Surge Control】Hangzhou 红色预警（3级）：话务激增。',
        '排队 37，最长等待 4m5s，服务水平 62%，人力缺口 +7。',
        LINK,
        '回复 ACK K7QX2 确认。',
      ].join('\n'),
    );
    expect(smsSegments(text)).toMatchObject({ encoding: 'UCS-2', segments: 3, perSegment: 67 });
  });

  it.each([
    ['{level} {levelNumber} {type}', 'BLACK 4 equipment failure', { level: 'black' as const, incident: incident({ type: 'equipment_failure' }) }],
    ['{incident}: {note}', 'INC-20261123-0001: smoke on floor 3', { incident: incident({ note: 'smoke on floor 3' }) }],
    ['{abandonRate} {ewt} {available}', '8% 1m35s 0', {}],
    ['{centre}', 'hangzhou', { centreName: undefined }],
    ['{centre}', 'All centres', { centreName: undefined, incident: incident({ centre: 'all' }) }],
    ['gap {staffingGap}', 'gap -3', { metrics: metricsOf({ 'centre:hangzhou': { staffingGap: -3 } })['centre:hangzhou'] }],
  ])('%s → %s', (template, expected, over) => {
    expect(renderSms(template, { ...ctx, ...over })).toBe(expected);
  });

  it('shows — for figures not known: no metrics, not measured yet, no note', () => {
    const noMetrics = { ...ctx, metrics: undefined };
    expect(renderSms('w={waiting} l={longestWait} sl={serviceLevel} gap={staffingGap} note={note}', noMetrics)).toBe('w=— l=— sl=— gap=— note=—');
    const unmeasured = { ...ctx, metrics: metricsOf({ 'centre:hangzhou': { waiting: 0 } })['centre:hangzhou'] };
    expect(renderSms('w={waiting} sl={serviceLevel} gap={staffingGap}', unmeasured)).toBe('w=0 sl=— gap=—');
  });

  it('shortens a long note first, keeping the figures and the link', () => {
    const note = 'Fire alarm in building B. '.repeat(20);
    const text = renderSms(readFileSync('alerts/templates/emergency-alert.txt', 'utf8'), { ...ctx, incident: incident({ note }) });
    expect([...text]).toHaveLength(SMS_MAX_CHARS);
    expect(text).toMatch(/^\[Surge Control\] EMERGENCY RED at Hangzhou: traffic surge\. Fire alarm in building B\. .*…\nWaiting 37, longest 4m5s\.\n/);
    expect(text.endsWith(`${LINK}\nReply ACK K7QX2 to acknowledge.`)).toBe(true);
  });

  it('cuts the end of an overlong text but keeps the ack code', () => {
    const text = renderSms(`{ackCode} ${'x'.repeat(400)}`, ctx);
    expect(text).toBe(`K7QX2 ${'x'.repeat(SMS_MAX_CHARS - 7)}…`);
    const late = renderSms(`${'y'.repeat(400)} Reply ACK {ackCode}`, ctx);
    expect([...late]).toHaveLength(SMS_MAX_CHARS);
    expect(late).toBe(`${'y'.repeat(SMS_MAX_CHARS - 11)}… ACK K7QX2`);
  });

  it('never splits a character in two', () => {
    const text = renderSms('😀'.repeat(400), ctx);
    expect([...text]).toHaveLength(SMS_MAX_CHARS);
    expect(text.endsWith('😀…')).toBe(true);
  });

  it('leaves a placeholder it does not know as written (config loading refuses such templates)', () => {
    expect(renderSms('{levl} {level}', ctx)).toBe('{levl} RED');
  });
});

describe('templateProblems', () => {
  it('passes the shipped templates', () => {
    for (const name of ['level-alert', 'emergency-alert', 'seat-callout', 'outage-apology', 'service-reminder']) {
      const file = `alerts/templates/${name}.txt`;
      expect(templateProblems(readFileSync(file, 'utf8'), file)).toEqual([]);
    }
  });

  it('names an unknown placeholder at its line and column', () => {
    expect(templateProblems('Alert {level}\nat {centr}, {waitng} waiting {}', 't.txt')).toEqual([
      't.txt:2:4: unknown placeholder {centr} (did you mean centre?) (placeholders: level, levelNumber, centre, type, incident, note, waiting, longestWait, serviceLevel, abandonRate, ewt, available, staffingGap, predicted, link, ackCode)',
      expect.stringMatching(/^t\.txt:2:13: unknown placeholder \{waitng\} \(did you mean waiting\?\)/),
      expect.stringMatching(/^t\.txt:2:30: unknown placeholder \{\} \(placeholders:/),
    ]);
    expect(templateProblems('{toString}', 't.txt')).toEqual([expect.stringMatching(/^t\.txt:1:1: unknown placeholder \{toString\}/)]);
    expect(templateProblems(' \n', 't.txt')).toEqual(['t.txt:1:1: empty template']);
  });
});

describe('ackCode', () => {
  const ids = Array.from({ length: 500 }, (_, i) => `INC-20261123-${String(i).padStart(4, '0')}`);

  it('is short, upper-case, and free of look-alikes (0/O, 1/I)', () => {
    for (const id of ids) expect(ackCode(id)).toMatch(new RegExp(`^[A-HJ-NP-Z2-9]{${ACK_CODE_LENGTH}}$`));
  });

  it('is the same for the same incident and differs between incidents', () => {
    expect(ackCode('INC-20261123-0001')).toBe(ackCode('INC-20261123-0001'));
    expect(new Set(ids.map(ackCode)).size).toBe(ids.length);
  });
});
