/** The `rules:` section: the folder whose *.yaml rule files are in force (hot-reloaded). */
import type { z } from 'zod';
import { section, text } from '../../config/fields.js';

export const rulesSchema = section({ dir: text().default('rules') }).prefault({});

export type RulesSettings = z.output<typeof rulesSchema>;
