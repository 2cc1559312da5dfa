import { z } from 'zod';
import { calendarDate, uuid } from '../../../shared/schemas/common';

export { familyCreate, familyListQuery, familyPatch } from '../../../shared/schemas/common';

export const familyIdParams = z.object({ id: uuid });
export const entitlementQuery = z.object({
  year: z.coerce.number({ message: 'validation.year' }).int({ message: 'validation.year' }).min(1900, { message: 'validation.year' }).max(2200, { message: 'validation.year' }).optional(),
  asOf: calendarDate.optional(),
});
