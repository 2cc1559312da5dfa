import { z } from 'zod';
import { idParams } from '../../../shared/schemas/access';
import { limitParam, offsetParam, text } from '../../../shared/schemas/common';

export { idParams };

const flag = z.enum(['true', 'false', '1', '0'], { message: 'validation.boolean' });

/**
 * The upload's query: the body is the file itself. `dryRun` is true unless `false` (or `0`) is given: a dry
 * run reports what would happen and can be applied later without a second upload. `fileName` names the file
 * in the list and the report (its extension `.xlsx` marks XLSX when the content does not say).
 */
export const uploadQuery = z.object({
  dryRun: flag.optional(),
  fileName: text().trim().max(255, { message: 'validation.too_long' }).optional(),
  lang: z.string().max(20).optional(),
});

export const listQuery = z.object({
  limit: limitParam,
  offset: offsetParam,
  lang: z.string().max(20).optional(),
});

/** `lang` picks the language of the messages inside the report (a download link cannot send Accept-Language). */
export const langQuery = z.object({ lang: z.string().max(20).optional() });

export const isTrue = (v: string | undefined, fallback: boolean) => (v === undefined ? fallback : v === 'true' || v === '1');
