/**
 * A small collector of validation problems over a YAML document, so boot can list every
 * invalid key at once, each with the line it sits on.
 */
import { isMap, isSeq, LineCounter, type Document, type Node } from 'yaml';

export class Problems {
  readonly list: string[] = [];
  constructor(
    private readonly file: string,
    private readonly doc?: Document,
    private readonly lines?: LineCounter,
  ) {}

  add(path: (string | number)[], message: string): void {
    const fromEnv = typeof path[0] === 'string' && /^[A-Z_]+$/.test(path[0]);
    const origin = fromEnv ? 'environment' : `${this.file}${this.where(path)}`;
    this.list.push(`${origin}: ${formatPath(path)}: ${message}`);
  }

  private where(path: (string | number)[]): string {
    if (!this.doc || !this.lines) return '';
    for (let depth = path.length; depth >= 0; depth--) {
      const node = this.doc.getIn(path.slice(0, depth), true) as Node | undefined;
      if (node && typeof node === 'object' && 'range' in node && node.range) {
        const { line, col } = this.lines.linePos(node.range[0]);
        return `:${line}:${col}`;
      }
    }
    return '';
  }
}

export function formatPath(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(top)';
}

export { isMap, isSeq };
