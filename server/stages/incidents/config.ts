/** The `incidents:` section: an incident resolves after its level has been normal for `quietPeriodSec`. */
import type { z } from 'zod';
import { section, wholeNumber } from '../../config/fields.js';

export const incidentsSchema = section({ quietPeriodSec: wholeNumber(0, 86_400).default(300) }).prefault({});

export type IncidentsSettings = z.output<typeof incidentsSchema>;
