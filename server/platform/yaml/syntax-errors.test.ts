import { describe, expect, it } from 'vitest';
import { YamlSource } from './source.js';

const errorsOf = (text: string) => new YamlSource('f.yaml', text).errors;

describe('YAML syntax errors', () => {
  it.each([
    // `red` indented one more than its siblings is read as the rest of `all`; yaml reports 3:12.
    ['a key indented more than its siblings', 'rules:\n  - name: b\n    scope: all\n     red: { when: waiting >= 10 }\n', ['f.yaml:4:6: bad indentation of "red" (column 6, the line above at column 5): Implicit keys need to be on a single line']],
    // yaml reports column 1 (in the indentation).
    ['a key indented less than its siblings', 'rules:\n  - name: a\n    scope: all\n   red: { when: waiting >= 10 }\n', ['f.yaml:4:4: bad indentation of "red" (column 4, the line above at column 5): Sequence item without - indicator']],
    ['a nested key out of line', 'yellow:\n  when: waiting >= 20\n for: 2m\n', ['f.yaml:3:2: bad indentation of "for" (column 2, the line above at column 3): All mapping items must start at the same column']],
    ['a nested key indented more, after a comment', 'yellow:\n  when: waiting >= 20\n  # why\n   for: 2m\n', ['f.yaml:4:4: bad indentation of "for" (column 4, the line above at column 3): All mapping items must start at the same column']],
    ['a flow list never closed, at the end of the file', 'a: [b\n', ['f.yaml:2:1: Flow sequence in block collection must be sufficiently indented and end with a ]']],
    ['a tab, where the tab is', 'a:\n\tb: 1\n', ['f.yaml:2:1: Tabs are not allowed as indentation']],
  ])('points %s at the key', (_, text, expected) => {
    expect(errorsOf(text)).toEqual(expected);
  });
});
