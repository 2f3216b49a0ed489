/**
 * readTemplates loads the SMS templates of a folder (`<name>.txt`, and `<name>.<locale>.txt` for
 * another language, e.g. `alert-red.zh.txt`) with the config, checking their placeholders: a
 * misspelt `{levl}` stops boot with the file, line and column rather than reaching a duty
 * manager's phone. `templateFor` picks a template's text in a language.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateProblems } from './placeholders.js';
import { LOCALES, type Locale } from '../../config/locales.js';

/** Templates are name → text, and the problems found in them as `file:line:col: message`. */
export interface Templates {
  templates: Record<string, string>;
  problems: string[];
}

/** readTemplates reads a folder's templates; a folder that cannot be read gives none (a plan naming one then says so). */
export function readTemplates(dir: string): Templates {
  const problems: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.txt')).sort();
  } catch {
    return { templates: {}, problems };
  }
  const templates: Record<string, string> = {};
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      problems.push(`${file}: cannot read: ${(err as Error).message}`);
      continue;
    }
    // These problems are in the template's own file, so they carry its name rather than the config's.
    problems.push(...templateProblems(text, file));
    templates[name.slice(0, -'.txt'.length)] = text.trim();
  }
  return { templates, problems };
}

/** templateFor: the template's text in `locale` (`<name>.<locale>`), else its plain `<name>` text; undefined when neither exists. */
export function templateFor(templates: Readonly<Record<string, string>>, name: string, locale: Locale): string | undefined {
  return templates[`${name}.${locale}`] ?? templates[name];
}

/** templateNames: the templates a plan may name — every plain `<name>`, not its `<name>.<locale>` variants. */
export function templateNames(templates: Readonly<Record<string, string>>): string[] {
  const variant = new RegExp(`\\.(${LOCALES.join('|')})$`);
  return Object.keys(templates).filter((name) => !variant.test(name));
}
