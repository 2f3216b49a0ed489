/** The answer matcher of the docs' examples: what `…` may stand for, and what must still match. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesIn, mismatch, strayMarkers } from './doc-examples.js';

const text = (body: string) => ({ kind: 'text' as const, body });
const json = (body: string) => ({ kind: 'json' as const, body });

describe('mismatch', () => {
  it.each([
    [text('ok: 11 rules'), 'ok: 11 rules\n', true],
    [text('ok: 11 rules'), 'ok: 10 rules\n', false],
    [text('ok: … rules'), 'ok: 10 rules', true],
    [text('first\n…\nlast'), 'first\nlast', true],
    [text('first\n…\nlast'), 'first\na\nb\nlast', true],
    [text('first\nlast'), 'first\na\nlast', false],
    [text('a.b'), 'axb', false],
    [json('{"accepted":2}'), '{"accepted":2,"duplicates":0}', true],
    [json('{"accepted":2}'), '{"accepted":3}', false],
    [json('{"accepted":2,"missing":…}'), '{"accepted":2}', false],
    [json('{"asOf":…,"id":"INC-…-0001"}'), '{"asOf":17,"id":"INC-20261203-k3f9-0001"}', true],
    [json('{"id":"INC-…-0001"}'), '{"id":"INC-20261203-k3f9-0002"}', false],
    [json('{"note":"a … b"}'), '{"note":"a … b"}', true],
    [json('[1,…]'), '[1,2,3]', true],
    [json('[1,…]'), '[]', false],
    [json('[1]'), '[1,2]', false],
    [json('{"x":null}'), '{"x":0}', false],
    [json('{"x":1}'), 'not json', false],
  ])('%o against %j → %s', (answer, printed, matches) => {
    expect(mismatch(answer, printed) === undefined).toBe(matches);
  });
});

describe('examplesIn and strayMarkers', () => {
  it('finds examples, their answers and their not-run reasons', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'doc-examples-')), 'doc.md');
    const fence = '```';
    writeFileSync(
      file,
      [
        `${fence}sh`, 'echo hi', fence, '', `${fence}text`, 'hi', fence,
        '<!-- not-run: runs forever -->', `${fence}bash`, 'npm start', fence,
        'prose', `${fence}shell`, 'true', fence, 'prose', `${fence}json`, '{}', fence,
        '<!-- not-run: -->', `${fence}sh`, 'x', fence,
        '<!-- not-run: a yaml block -->', `${fence}yaml`, 'a: 1', fence,
      ].join('\n'),
    );
    expect(examplesIn(file)).toEqual([
      { where: `${file}:1`, script: 'echo hi', answer: { kind: 'text', body: 'hi', where: `${file}:5` } },
      { where: `${file}:9`, script: 'npm start', notRun: 'runs forever' },
      { where: `${file}:13`, script: 'true' },
      { where: `${file}:21`, script: 'x' },
    ]);
    expect(strayMarkers(file)).toEqual([`${file}:20`, `${file}:24`]);
  });
});
