/** Request schemas for facilitation work (activities; groups and P2K2 follow). Messages are catalogue keys. */
import { z } from 'zod';
import { calendarDate, limitParam, offsetParam, text } from './common';

const code = text('validation.code').trim().min(1, { message: 'validation.code' }).max(64, { message: 'validation.too_long' });
const codes = z.array(code, { message: 'validation.codes' }).max(30, { message: 'validation.too_many' });

export const activityCreate = z.object({
  type: code,
  date: calendarDate,
  roles: codes,
  notes: text().trim().max(5000, { message: 'validation.too_long' }).optional(),
  factors: codes.optional(),
  obstacles: codes.optional(),
  location: z
    .object({
      latitude: z.number({ message: 'validation.number' }).min(-90, { message: 'validation.number' }).max(90, { message: 'validation.number' }),
      longitude: z.number({ message: 'validation.number' }).min(-180, { message: 'validation.number' }).max(180, { message: 'validation.number' }),
      accuracy: z.number({ message: 'validation.number' }).min(0, { message: 'validation.number' }).max(100_000, { message: 'validation.number' }).optional(),
    })
    .optional(),
});
export type ActivityCreateInput = z.infer<typeof activityCreate>;

export const activityListQuery = z.object({ limit: limitParam, offset: offsetParam });
