/** Notes: what the server saved as a code and parameters, worded in the screen's language, else its English text. */
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../src/i18n/index.js';
import { noteText } from '../src/lib/notes.js';
import { inForceLine } from '../src/lib/resolve.js';
import type { Note } from '../../server/platform/i18n/note.js';

const centres = [
  { id: 'hangzhou', name: '杭州' },
  { id: 'shanghai', name: '上海' },
  { id: 'wuhan', name: '武汉' },
];
const until = Date.UTC(2026, 11, 3, 6, 4, 9);
const n = (code: string, params: Note['params'] = {}): Note => ({ code, params });

// [note, English, Simplified Chinese]; centre names from `centres`, dates in the test's time zone.
const CASES: [Note, string, string][] = [
  [n('step.awaitingApproval'), 'waits for the dispatcher to approve', '等待调度员批准'],
  [n('step.levelFell', { level: 'orange' }), 'the level fell to orange before it ran', '执行前级别已降至橙色'],
  [n('step.alerting', { group: 'duty-managers' }), 'alerting duty-managers by SMS until acknowledged', '正在短信告警 duty-managers，直至确认'],
  [n('step.rerouted', { centre1: 'shanghai', share1: 0.15, centre2: 'wuhan', share2: 0.125 }), 're-routed 15% to 上海, 12.5% to 武汉', '已分流 15% 至上海，12.5% 至武汉'],
  [n('step.seatsActivated', { count: 2, seatType: 'backup', reason: 'fixed count 2' }), '2 backup seats activated: fixed count 2', '已启用 2 个备用席位：fixed count 2'],
  [n('step.bannerShown', { text: 'Surge in Hangzhou' }), 'banner shown: Surge in Hangzhou', '横幅已显示：Surge in Hangzhou'],
  [n('step.seatsReleased', { why: 'levelFell', level: 'yellow', count: 1 }), 'level fell to yellow: 1 seat released', '级别降至黄色：已释放 1 个席位'],
  [n('step.routingRestored', { why: 'expired', from: 'hangzhou', media: 'voice' }), 'expired: routing of 杭州 voice restored', '已到期：杭州 语音的路由已恢复'],
  [n('step.routingRestored', { why: 'resolved', from: 'hangzhou', queue: 'vip' }), 'incident resolved: routing of 杭州 vip restored', '事件已解除：杭州 vip的路由已恢复'],
  [n('step.cancelled', { who: 'ana', reason: 'false alarm' }), 'step cancelled by ana: false alarm', 'ana 取消了此步：false alarm'],
  [n('sms.standbyRoster', { centre: 'hangzhou', seatType: 'backup' }), '杭州 backup standby', '杭州备用待命'],
  [n('step.announced', { message: 'outage-apology', queues: 'voice, chat', offer: 'none', waiting: 9 }), 'IVR announces outage-apology on voice, chat', 'IVR 在 voice, chat 播放公告 outage-apology'],
  [n('step.announced', { message: 'outage-apology', queues: 'voice', offer: 'callback', waiting: 9 }), 'IVR announces outage-apology on voice, offering a callback (9 waiting)', 'IVR 在 voice 播放公告 outage-apology，并提供回拨（排队 9）'],
  [n('step.announcementEnded', { why: 'levelFell', level: 'orange' }), 'level fell to orange: IVR announcement ended', '级别降至橙色：IVR 公告已停止'],
  [n('step.noAnnounceQueues', { centre: 'wuhan' }), 'no queues to announce on at 武汉', '武汉没有可播放公告的队列'],
  [
    n('step.reminded', { list: 'outage', total: 14, sent: 12, failed: 0, optedOut: 2 }),
    'reminded customers of outage by SMS: 12 sent, 0 failed, 2 skipped (opted out) of 14',
    '已向 outage 的客户发送短信提醒：共 14，已发 12，失败 0，已退订跳过 2',
  ],
  [
    n('step.reminded', { list: 'outage', total: 14, sent: 4, failed: 0, optedOut: 0, fell: 'orange' }),
    'reminded customers of outage by SMS: 4 sent, 0 failed, 0 skipped (opted out) of 14; stopped: the level fell to orange',
    '已向 outage 的客户发送短信提醒：共 14，已发 4，失败 0，已退订跳过 0；级别已降至橙色，已停止发送',
  ],
  [n('sms.reminder', { list: 'outage' }), 'reminder: outage', '提醒：outage'],
  [
    n('reroute.moved', { share: 0.3, from: 'hangzhou', queue: 'voice', level: 'normal', toCentre1: 'shanghai', toShare1: 0.3, toSpare1: 6, passedCentre1: 'wuhan', passedGap1: -3, passedLevel1: 'yellow' }),
    '30% of 杭州 queue voice to 上海 30% (6 agents spare), at normal; passed over 武汉: surplus 3 at yellow',
    '杭州队列 voice的 30% 分流至上海 30%（富余 6 人），级别正常；未选：武汉：富余 3 人，黄色',
  ],
  [
    n('reroute.noSpare', { from: 'hangzhou', media: 'chat', otherCentre1: 'shanghai', otherGap1: 2, otherLevel1: 'normal', otherCentre2: 'wuhan', otherLevel2: 'orange' }),
    'no spare capacity for chat traffic outside 杭州 (上海: short 2 at normal; 武汉: no figures at orange)',
    '杭州以外没有富余能力承接在线话务（上海：缺 2 人，正常；武汉：无数据，橙色）',
  ],
  [n('reroute.noOtherCentre', { from: 'hangzhou', queue: 'vip' }), 'no centre but 杭州 serves queue vip', '除杭州外没有中心承接队列 vip'],
  [n('reroute.networkWide', { media: 'voice' }), 'a network-wide incident has no centre to move voice traffic from', '全网事件没有可移出语音话务的中心'],
  [n('reroute.restored', { why: 'resolved' }), 'incident resolved: routing restored', '事件已解除：路由已恢复'],
  // A step's reason given as a nested note (`reasonCode` with its parameters beside the English `reason`).
  [
    n('step.notRerouted', { reason: 'no centre but hangzhou serves queue vip', reasonCode: 'reroute.noOtherCentre', from: 'hangzhou', queue: 'vip' }),
    'not re-routed: no centre but 杭州 serves queue vip',
    '未分流：除杭州外没有中心承接队列 vip',
  ],
  [
    n('seats.chosen', { centre: 'hangzhou', seatType: 'backup', asked: 5, roster: 3, left: 3, busy: 0, count: 3 }),
    '5 asked for; only 3 of 3 on the 杭州 backup roster left → 3 backup seats',
    '要求 5 个；杭州备用待命名单 3 人中仅余 3 人 → 3 个备用席位',
  ],
  [
    n('seats.chosen', { centre: 'hangzhou', seatType: 'home', autoGap: 8, gapQueue1: 'voice', gap1: 6, gapQueue2: 'chat', gap2: -1, max: 4, count: 4 }),
    'auto: Erlang C gap 8 at 杭州 (voice short 6, chat surplus 1); capped at max 4 → 4 home seats',
    '自动：杭州 Erlang C 缺口 8（voice 缺 6 人，chat 富余 1 人）；上限 4 个 → 4 个居家席位',
  ],
  [n('seats.chosen', { centre: 'wuhan', seatType: 'home', autoNoFigures: 1, count: 0 }), "auto: no live staffing figures for 武汉's queues → 0 home seats", '自动：武汉各队列暂无实时人力数据 → 0 个居家席位'],
  [
    n('step.seatsActivated', { reason: '2 asked for → 2 backup seats', reasonCode: 'seats.chosen', centre: 'hangzhou', seatType: 'backup', asked: 2, count: 2 }),
    '2 backup seats activated: 2 asked for → 2 backup seats',
    '已启用 2 个备用席位：要求 2 个 → 2 个备用席位',
  ],
  [n('step.notRerouted', { reason: 'no centre but hangzhou serves queue vip' }), 'not re-routed: no centre but hangzhou serves queue vip', '未分流：no centre but hangzhou serves queue vip'],
];

describe('noteText', () => {
  afterEach(() => setLocale('en'));

  it.each(CASES)('%j in English', (note, english) => {
    setLocale('en');
    expect(noteText(note, 'the server words', centres)).toBe(english);
  });

  it.each(CASES)('%j in Simplified Chinese', (note, _english, chinese) => {
    setLocale('zh');
    expect(noteText(note, 'the server words', centres)).toBe(chinese);
  });

  it('a kept-until time is formatted for the locale', () => {
    setLocale('zh');
    expect(noteText(n('step.keptInForce', { until }), 'x', centres)).toMatch(/^调度员保持生效至 2026年12月3日周四 \d\d:04:09$/);
  });

  it('without centres, a centre is named by its id', () => {
    setLocale('zh');
    expect(noteText(n('step.rerouted', { centre1: 'shanghai', share1: 0.3 }), 'x')).toBe('已分流 30% 至shanghai');
  });

  it.each([
    ['no note (a step saved before notes)', undefined],
    ['a code this screen does not know', n('step.teleported', { to: 'mars' })],
    ['a parameter missing', n('step.levelFell')],
    ['a count that is not a number', n('step.seatsReleased', { why: 'expired', count: 'two' })],
    ['an unknown undo reason', n('step.seatsReleased', { why: 'bored', count: 1 })],
  ])('falls back to the English detail with %s', (_what, note) => {
    setLocale('zh');
    expect(noteText(note, 'waits for the dispatcher to approve', centres)).toBe('waits for the dispatcher to approve');
  });

  it('the in-force list of the resolve dialog uses the note', () => {
    setLocale('zh');
    const step = { step: 'k', kind: 'reroute' as const, level: 'red', state: 'done' as const, detail: 're-routed 30% to shanghai', keptUntil: null };
    expect(inForceLine({ ...step, note: n('step.rerouted', { centre1: 'shanghai', share1: 0.3 }) })).toBe('分流 (红色): 已分流 30% 至shanghai');
    expect(inForceLine(step)).toBe('分流 (红色): re-routed 30% to shanghai');
  });
});
