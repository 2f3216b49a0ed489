/** The screen's language: picked from the address or the page, and numbers, dates and words in it. */
import { afterEach, describe, expect, it } from 'vitest';
import { pickLocale, setLocale } from '../src/i18n/index.js';
import { age, clock, count, day, goal, mediaName, percent, staffing } from '../src/lib/format.js';
import { LEVEL_LOOK } from '../src/lib/levels.js';
import { describeEntry } from '../src/lib/timeline.js';
import { describeRouting, routingEnds } from '../src/lib/routing.js';
import { decisionName, kindName, stepStateName } from '../src/lib/plans.js';
import { deliveryStatusName, smsStatusName } from '../src/lib/deliveries.js';
import { reportCsv, REPORT_METRICS } from '../src/lib/report.js';
import { scopeLabel, SILENCE_DURATIONS } from '../src/lib/silences.js';
import { loginMessage } from '../src/lib/session.js';

describe('pickLocale', () => {
  it.each([
    ['?lang=zh', 'en', 'zh'],
    ['?token=x&lang=en', 'zh-CN', 'en'],
    ['?lang=zh-Hans', null, 'zh'],
    ['?lang=fr', 'zh-CN', 'zh'],
    ['', 'zh-CN', 'zh'],
    ['', 'de', 'en'],
    ['', undefined, 'en'],
  ] as const)('%s with page %s → %s', (search, page, locale) => expect(pickLocale(search, page)).toBe(locale));
});

describe('formatting per locale', () => {
  afterEach(() => setLocale('en'));
  const at = Date.UTC(2026, 11, 3, 6, 4, 9);

  it('English', () => {
    setLocale('en');
    expect([percent(0.82), percent(0.8125, 1), count(12345), staffing(12), staffing(-56), staffing(0), age(125)]).toEqual(['82%', '81.3%', '12,345', 'short 12', 'surplus 56', 'as needed', '2 min']);
    expect([clock(at, 'Asia/Shanghai'), day(at, 'Asia/Shanghai'), goal(0.8, 20), mediaName('voice'), LEVEL_LOOK.red.label]).toEqual(['14:04:09', 'Thu, 3 Dec 2026', '80% in 20s', 'Voice', 'LEVEL 3 · RED']);
  });

  it('Simplified Chinese', () => {
    setLocale('zh');
    expect([percent(0.82), percent(0.8125, 1), count(12345), staffing(12), staffing(-56), staffing(0), age(125)]).toEqual(['82%', '81.3%', '12,345', '缺 12 人', '富余 56 人', '持平', '2 分钟']);
    expect([clock(at, 'Asia/Shanghai'), day(at, 'Asia/Shanghai'), goal(0.8, 20), mediaName('voice'), LEVEL_LOOK.red.label]).toEqual(['14:04:09', '2026年12月3日周四', '20秒内 80%', '语音', '三级 · 红色']);
  });
});

describe('the control screen and reports in both languages', () => {
  afterEach(() => setLocale('en'));
  const centres = [{ id: 'hz', name: '杭州' }];
  const at = Date.UTC(2026, 11, 3, 6, 4, 9);

  it('Simplified Chinese: timeline, routing, steps, statuses, silences, sign-in, report metrics and CSV headings', () => {
    setLocale('zh');
    expect(describeEntry({ at, kind: 'escalate', from: 'orange', to: 'red', by: 'ana' })).toBe('升级 橙色 → 红色（ana）');
    expect(describeEntry({ at, kind: 'resolved' })).toBe('平稳期后自动解除');
    expect(describeRouting({ from: 'hz', media: 'chat', to: [] }, centres)).toBe('杭州 在线：已恢复');
    expect(describeRouting({ from: 'hz', to: [{ centre: 'hz', share: 0.125 }] }, centres)).toBe('杭州全部话务 → 杭州 12.5%');
    expect([routingEnds({ expiresAt: null }, 0), routingEnds({ expiresAt: 90_000 }, 0)]).toEqual(['直到级别下降', '1:30 后结束']);
    expect([kindName('reroute'), stepStateName('awaiting confirmation'), decisionName({ state: 'awaiting undo confirmation' }, 'cancel')]).toEqual(['分流', '待确认', '继续生效']);
    expect([smsStatusName('logged'), smsStatusName('delivered'), deliveryStatusName('dead')]).toEqual(['未发送（无 Twilio）', '已送达', '死信']);
    expect([scopeLabel('centre:*', centres), SILENCE_DURATIONS.map((d) => d.label).join('/')]).toEqual(['全部中心', '15 分钟/1 小时/4 小时']);
    expect(loginMessage({ ok: false, status: 401, error: 'x' })).toBe('用户名不存在或密码错误。');
    expect(REPORT_METRICS.map((m) => m.label)).toContain('服务水平，15 分钟');
    const csv = reportCsv([{ at, kind: 'ack', by: 'ana' }], null).split('\r\n');
    expect(csv[0]).toBe('时间,毫秒时间戳,记录,事项,原级别,新级别,范围,规则,操作人,原因,数据,指标,数值');
    expect(csv[1]).toBe(`2026-12-03T06:04:09.000Z,${at},时间线,已确认（ana）,,,,,ana,,,,`);
  });

  it('English stays as it was', () => {
    expect(describeEntry({ at, kind: 'escalate', from: 'orange', to: 'red', by: 'ana' })).toBe('Escalated orange → red by ana');
    expect(SILENCE_DURATIONS.map((d) => d.label)).toEqual(['15 min', '1 h', '4 h']);
    expect(reportCsv([], null).split('\r\n')[0]).toBe('time,epoch_ms,record,event,from,to,scope,rule,by,reason,figures,metric,value');
  });
});
