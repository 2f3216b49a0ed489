/** The screen's language: picked from the address or the page, and numbers, dates and words in it. */
import { afterEach, describe, expect, it } from 'vitest';
import { pickLocale, setLocale } from '../src/i18n/index.js';
import { age, clock, count, day, goal, mediaName, percent, staffing } from '../src/lib/format.js';
import { LEVEL_LOOK } from '../src/lib/levels.js';

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
