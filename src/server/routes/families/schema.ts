import { z } from 'zod';
import { COMPONENT_CODES } from '../../../domain/types';
import { GRADUATION_STATES } from '../../../shared/schemas/graduation';
import { calendarDate, emptyAsUndefined, familyListQuery as contractListQuery, uuid } from '../../../shared/schemas/common';

export { familyCreate, familyPatch } from '../../../shared/schemas/common';

export const READINESS_FILTERS = ['ready', 'not_ready', 'none'] as const;
/** `no_obligation`: closed with no member owing anything in the period (neither compliant nor not). */
export const COMPLIANCE_FILTERS = ['compliant', 'non_compliant', 'no_obligation'] as const;

/**
 * The caseload list: the contract's `q`, `kelurahan`, `status` (and `region`, paging), plus combinable
 * filters: `group` (a kelompok id), `component` (a current member has it), `readiness` (the latest
 * assessment), `compliance` (the latest closed period) and `graduation` (the current case's state).
 */
export const familyListQuery = contractListQuery.extend({
  group: emptyAsUndefined(uuid.optional()),
  component: emptyAsUndefined(z.enum(COMPONENT_CODES, { message: 'validation.filter_component' }).optional()),
  readiness: emptyAsUndefined(z.enum(READINESS_FILTERS, { message: 'validation.filter_readiness' }).optional()),
  compliance: emptyAsUndefined(z.enum(COMPLIANCE_FILTERS, { message: 'validation.filter_compliance' }).optional()),
  graduation: emptyAsUndefined(z.enum(GRADUATION_STATES, { message: 'validation.filter_graduation' }).optional()),
});

export const familyIdParams = z.object({ id: uuid });
export const entitlementQuery = z.object({
  year: z.coerce.number({ message: 'validation.year' }).int({ message: 'validation.year' }).min(1900, { message: 'validation.year' }).max(2200, { message: 'validation.year' }).optional(),
  asOf: calendarDate.optional(),
});
