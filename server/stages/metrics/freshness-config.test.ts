/** The freshness settings of a centre in surge.config.yaml: silentAfterSec, openingHours, sources. */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config/load.js';

const centre = (extra: string) => `centres:
  - id: c1
${extra}
    queues: [{ id: voice, media: voice }]
`;
const problems = (text: string): string[] => {
  try {
    parseConfig(text, 'surge.yaml');
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('centre freshness settings', () => {
  it('default to 60 s, always open, no named sources', () => {
    expect(parseConfig(centre(''), 'surge.yaml').centres[0]).toMatchObject({ silentAfterSec: 60, sources: {} });
    expect(parseConfig(centre(''), 'surge.yaml').centres[0]!.openingHours).toBeUndefined();
  });

  it('are read when given', () => {
    const c = parseConfig(
      centre(`    silentAfterSec: 45
    openingHours: { days: [mon, fri], from: "08:00", to: "24:00" }
    sources: { asterisk: { silentAfterSec: 20 } }`),
      'surge.yaml',
    ).centres[0]!;
    expect(c).toMatchObject({ silentAfterSec: 45, openingHours: { days: ['mon', 'fri'], from: '08:00', to: '24:00' }, sources: { asterisk: { silentAfterSec: 20 } } });
  });

  it('are refused with the place and the reason when wrong', () => {
    expect(
      problems(
        centre(`    silentAfterSec: 0
    openingHours: { days: [monday], from: "8am", to: "18:00" }
    sources: { asterisk: { silentAfterSec: -1 } }`),
      ),
    ).toEqual([
      'surge.yaml:3:21: centres[0].silentAfterSec: must be a number from 1 to 86400',
      'surge.yaml:4:28: centres[0].openingHours.days[0]: must be one of mon, tue, wed, thu, fri, sat, sun',
      'surge.yaml:4:43: centres[0].openingHours.from: "8am" must be a time HH:MM (00:00–24:00)',
      'surge.yaml:5:44: centres[0].sources.asterisk.silentAfterSec: must be a number from 1 to 86400',
    ]);
  });
});
