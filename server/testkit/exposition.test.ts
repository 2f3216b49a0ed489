import { describe, expect, it } from 'vitest';
import { parseExposition } from './exposition.js';

const GOOD = `# HELP jobs_total Jobs done.
# TYPE jobs_total counter
jobs_total{kind="a \\"quoted\\" \\\\ one"} 3
jobs_total{kind="b"} 1

# HELP lag_seconds Lag.
# TYPE lag_seconds histogram
lag_seconds_bucket{le="0.1"} 1
lag_seconds_bucket{le="1"} 2
lag_seconds_bucket{le="+Inf"} 2
lag_seconds_sum 0.6
lag_seconds_count 2
# HELP up Up.
# TYPE up gauge
up NaN
`;

const histogram = (buckets: string, tail = 'h_sum 1\nh_count 2\n') => `# HELP h H.\n# TYPE h histogram\n${buckets}${tail}`;

describe('parseExposition', () => {
  it('reads families, labels with escapes and special values', () => {
    const families = parseExposition(GOOD);
    expect([...families.keys()]).toEqual(['jobs_total', 'lag_seconds', 'up']);
    expect(families.get('jobs_total')!.samples[0]).toEqual({ name: 'jobs_total', labels: { kind: 'a "quoted" \\ one' }, value: 3 });
    expect(families.get('lag_seconds')).toMatchObject({ type: 'histogram', help: 'Lag.' });
    expect(families.get('up')!.samples[0]!.value).toBeNaN();
  });

  it.each([
    ['a sample without HELP and TYPE', 'x 1\n', /sample outside its family/],
    ['a sample without TYPE', '# HELP x X.\nx 1\n', /lacks HELP or TYPE/],
    ['TYPE after samples', '# HELP x X.\n# TYPE x gauge\nx 1\n# TYPE x gauge\n', /TYPE after samples/],
    ['interleaved families', '# HELP x X.\n# TYPE x gauge\n# HELP y Y.\n# TYPE y gauge\nx 1\n', /outside its family \(last announced: y\)/],
    ['a repeated series', '# HELP x X.\n# TYPE x gauge\nx{a="1"} 1\nx{a="1"} 2\n', /repeated series/],
    ['a bad label name', '# HELP x X.\n# TYPE x gauge\nx{1a="1"} 1\n', /bad label name/],
    ['a bad escape', '# HELP x X.\n# TYPE x gauge\nx{a="\\t"} 1\n', /bad escape/],
    ['a bad value', '# HELP x X.\n# TYPE x gauge\nx 1,5\n', /bad value/],
    ['an unknown type', '# HELP x X.\n# TYPE x meter\n', /unknown type/],
    ['no final newline', '# HELP x X.\n# TYPE x gauge\nx 1', /end with a newline/],
    ['falling bucket counts', histogram('h_bucket{le="1"} 2\nh_bucket{le="2"} 1\nh_bucket{le="+Inf"} 2\n'), /buckets not rising at le=2/],
    ['no +Inf bucket', histogram('h_bucket{le="1"} 2\n'), /no \+Inf bucket/],
    ['+Inf other than _count', histogram('h_bucket{le="+Inf"} 3\n'), /\+Inf bucket 3 ≠ _count 2/],
    ['no _sum', histogram('h_bucket{le="+Inf"} 2\n', 'h_count 2\n'), /_sum or _count missing/],
  ])('refuses %s', (_, text, message) => {
    expect(() => parseExposition(text)).toThrow(message);
  });
});
