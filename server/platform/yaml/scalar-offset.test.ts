import { isMap, isScalar, parseDocument, type Scalar } from 'yaml';
import { describe, expect, it } from 'vitest';
import { scalarOffset } from './scalar-offset.js';

/** theWhen finds the scalar under the first `when` key. */
function theWhen(text: string): Scalar {
  const doc = parseDocument(text);
  let found: Scalar | undefined;
  const visit = (node: unknown): void => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (isScalar(pair.key) && pair.key.value === 'when' && isScalar(pair.value)) found ??= pair.value;
      visit(pair.value);
    }
  };
  visit(doc.contents);
  if (!found) throw new Error('no when');
  return found;
}

describe('scalarOffset', () => {
  // Each case marks with ^ the character of the file that the value's `target` must map to.
  it.each([
    ['plain', 'when: waiting > x\n', 'x'],
    ['flow mapping', 'a: { when: waiting > x, for: 1m }\n', 'x'],
    ['double-quoted', 'when: "waiting > x"\n', 'x'],
    ['double-quoted after escapes', 'when: "w \\"q\\" \\u0041 > x"\n', 'x'],
    ['single-quoted after a doubled quote', "when: 'it''s > x'\n", 'x'],
    ['plain over two lines', 'a:\n  when: waiting > 1 and\n    y > x\n', 'x'],
    ['folded block', 'a:\n  when: >\n    waiting > 1 and\n    y > x\n', 'x'],
    ['literal block', 'a:\n  when: |\n    waiting > 1\n    and y > x\n', 'x'],
    ['double-quoted with an escaped line break', 'when: "waiting > 1 \\\n   and y > x"\n', 'x'],
  ])('%s', (_, text, target) => {
    const node = theWhen(text);
    const index = String(node.value).lastIndexOf(target);
    expect(text[scalarOffset(text, node, index)]).toBe(target);
    expect(scalarOffset(text, node, index)).toBe(text.lastIndexOf(target));
  });

  it('points just past the value for an error at its end', () => {
    const text = 'a: { when: "waiting >", for: 1m }\n';
    const node = theWhen(text);
    expect(scalarOffset(text, node, String(node.value).length)).toBe(text.indexOf('", for'));
  });
});
