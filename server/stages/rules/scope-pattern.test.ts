import { describe, expect, it } from 'vitest';
import { compileScopePattern, isConcreteScope } from './scope-pattern.js';

const SCOPES = [
  'all',
  'centre:hangzhou',
  'centre:wuhan',
  'queue:hangzhou/voice',
  'queue:hangzhou/voice-vip',
  'queue:wuhan/voice',
  'queue:wuhan/chat',
  'media:voice',
  'media:chat',
  'media:hangzhou/voice',
  'media:wuhan/chat',
];

describe('scope patterns', () => {
  it.each([
    ['all', ['all']],
    ['centre:hangzhou', ['centre:hangzhou']],
    ['centre:*', ['centre:hangzhou', 'centre:wuhan']],
    ['queue:*/voice', ['queue:hangzhou/voice', 'queue:wuhan/voice']],
    ['queue:*/voice*', ['queue:hangzhou/voice', 'queue:hangzhou/voice-vip', 'queue:wuhan/voice']],
    ['queue:wuhan/*', ['queue:wuhan/voice', 'queue:wuhan/chat']],
    ['media:voice', ['media:voice']],
    ['media:*', ['media:voice', 'media:chat']],
    ['media:*/chat', ['media:wuhan/chat']],
    ['media:*/*', ['media:hangzhou/voice', 'media:wuhan/chat']],
  ])('%s', (pattern, expected) => {
    const compiled = compileScopePattern(pattern);
    if (typeof compiled === 'string') throw new Error(compiled);
    expect(SCOPES.filter((s) => compiled.test(s))).toEqual(expected);
  });

  it.each([
    ['center:*', 'unknown scope "center:*" (did you mean centre?): write all, centre:<centre>, queue:<centre>/<queue>, media:<media>, media:<centre>/<media>, region:<region> or skill:<centre>/<skill>'],
    ['queue:hangzhou', 'bad scope "queue:hangzhou": write queue:<centre>/<queue> with lower-case ids or *'],
    ['centre:Hangzhou', 'bad scope "centre:Hangzhou": write centre:<centre> with lower-case ids or *'],
    ['centre', 'bad scope "centre": write centre:<centre> with lower-case ids or *'],
    ['media:voce', 'unknown media "voce" in scope "media:voce" (did you mean voice?) (media: voice, chat, email, sms, video, social)'],
    ['all:x', 'unknown scope "all:x" (did you mean all?): write all, centre:<centre>, queue:<centre>/<queue>, media:<media>, media:<centre>/<media>, region:<region> or skill:<centre>/<skill>'],
  ])('rejects %s', (pattern, message) => {
    expect(compileScopePattern(pattern)).toBe(message);
  });

  it('matches many stars against a long id in no time (no backtracking blow-up)', () => {
    const compiled = compileScopePattern(`queue:${'*a'.repeat(25)}*/x`);
    if (typeof compiled === 'string') throw new Error(compiled);
    const started = performance.now();
    expect(compiled.test(`queue:${'a'.repeat(60)}/voice`)).toBe(false);
    expect(compiled.test(`queue:${'a'.repeat(60)}/x`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('tells scope ids from patterns', () => {
    expect(['queue:hangzhou/voice', 'all', 'centre:*', 'queue:x'].map(isConcreteScope)).toEqual([true, true, false, false]);
  });
});
