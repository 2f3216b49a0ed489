/**
 * locales: the languages the screens, reports and SMS templates come in. Free of imports, so the
 * wallboard shares it. `locale` in surge.config.yaml is the default; a screen's `?lang=` and a
 * contact group's `locale` override it.
 */
export const LOCALES = ['en', 'zh'] as const;
export type Locale = (typeof LOCALES)[number];

/** The BCP 47 tag for Intl and `<html lang>`: British English (24-hour clock), Simplified Chinese. */
export const LOCALE_TAG: Record<Locale, string> = { en: 'en-GB', zh: 'zh-CN' };
