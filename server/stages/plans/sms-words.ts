/**
 * sms-words: the words SMS placeholders put in a message, per language — the server's message
 * catalogue (the screens have theirs in wallboard/src/i18n). Typed by the English one, so a
 * missing word fails the type-check.
 */
import type { Locale } from '../../config/locales.js';
import type { IncidentType, Level } from '../rules/index.js';

interface SmsWords {
  level: Record<Level, string>;
  type: Record<IncidentType, string>;
  allCentres: string;
  /** An early warning's prediction (docs/forecast.md), e.g. " Early warning: RED predicted in 6 min." */
  predicted: (level: string, inMin: number) => string;
}

const en: SmsWords = {
  level: { normal: 'NORMAL', yellow: 'YELLOW', orange: 'ORANGE', red: 'RED', black: 'BLACK' },
  type: {
    traffic_surge: 'traffic surge',
    fire: 'fire',
    epidemic: 'epidemic',
    severe_weather: 'severe weather',
    pr_crisis: 'pr crisis',
    equipment_failure: 'equipment failure',
  },
  allCentres: 'All centres',
  predicted: (level, inMin) => ` Early warning: ${level} predicted in ${inMin} min.`,
};

const zh: SmsWords = {
  level: { normal: '正常', yellow: '黄色', orange: '橙色', red: '红色', black: '黑色' },
  type: {
    traffic_surge: '话务激增',
    fire: '火灾',
    epidemic: '疫情',
    severe_weather: '恶劣天气',
    pr_crisis: '舆情危机',
    equipment_failure: '设备故障',
  },
  allCentres: '全部中心',
  predicted: (level, inMin) => `预测${inMin}分钟后达到${level}。`,
};

export const SMS_WORDS: Record<Locale, SmsWords> = { en, zh };
