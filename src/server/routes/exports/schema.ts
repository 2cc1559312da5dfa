import { z } from 'zod';
import { GRADUATION_STATES } from '../../../domain/graduation/workflow';
import { FAMILY_STATUSES } from '../../../domain/types';
import { calendarDate, emptyAsUndefined, quarterPeriod, regionCode } from '../../../shared/schemas/common';
import { EXPORT_FORMATS, EXPORT_KINDS } from '../../services/exports.service';

export const exportParams = z.object({ kind: z.enum(EXPORT_KINDS, { message: 'validation.export_kind' }) });

/**
 * Every filter of every kind (the service refuses, with 422, a filter the kind does not use); any other
 * parameter is a 400. `lang` picks the language of sentences inside the file (candidate reasons) and of
 * errors (a download link cannot send Accept-Language).
 */
export const exportQuery = z.strictObject({
  format: emptyAsUndefined(z.enum(EXPORT_FORMATS, { message: 'validation.export_format' }).optional()),
  region: emptyAsUndefined(regionCode.optional()),
  status: emptyAsUndefined(z.enum(FAMILY_STATUSES, { message: 'validation.export_status' }).optional()),
  columns: emptyAsUndefined(z.enum(['standard', 'extended'], { message: 'validation.export_columns' }).optional()),
  period: emptyAsUndefined(quarterPeriod('validation.export_period').optional()),
  year: emptyAsUndefined(
    z.coerce.number({ message: 'validation.export_year' }).int({ message: 'validation.export_year' }).min(2000, { message: 'validation.export_year' }).max(2200, { message: 'validation.export_year' }).optional(),
  ),
  from: emptyAsUndefined(calendarDate.optional()),
  to: emptyAsUndefined(calendarDate.optional()),
  type: emptyAsUndefined(z.string({ message: 'validation.export_code' }).regex(/^[a-z0-9_]{1,64}$/, { message: 'validation.export_code' }).optional()),
  state: emptyAsUndefined(z.enum(GRADUATION_STATES, { message: 'validation.export_state' }).optional()),
  lang: z.string().max(20).optional(),
});
