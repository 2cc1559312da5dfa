/**
 * Zod schemas shared by the server (request validation, OpenAPI) and the browser (forms, offline queue).
 * Messages are catalogue keys (`validation.*`); the server and the UI translate them.
 */
import { z } from 'zod';
import { isCalendarDate } from '../../domain/dates';
import { FAMILY_STATUSES, RELATIONS, SCHOOL_LEVELS, SEXES } from '../../domain/types';

/** Text that may reach the database: PostgreSQL refuses NUL characters, so they are refused here, cleanly. */
export const text = (message = 'validation.string') =>
  z.string({ message }).refine((v) => !v.includes('\u0000'), { message: 'validation.nul' });

/** Dates the programme can mean: years 1800-2999 (a date arithmetic on 9999-12-31 would have no next day). */
export const MIN_DATE = '1800-01-01';
export const MAX_DATE = '2999-12-31';
export const calendarDate = z
  .string({ message: 'validation.date' })
  .refine((s) => isCalendarDate(s), { message: 'validation.date' })
  .refine((s) => s >= MIN_DATE && s <= MAX_DATE, { message: 'validation.date_range' });

/** Years of programme work (PKH began in 2007): a quarter or month outside them is an input error. */
export const PROGRAMME_YEARS = { min: 2007, max: 2100 } as const;
const inProgrammeYears = (s: string) => {
  const y = Number(s.slice(0, 4));
  return y >= PROGRAMME_YEARS.min && y <= PROGRAMME_YEARS.max;
};
/** A quarter, `YYYY-Qn`, of the programme's years. */
export const quarterPeriod = (message = 'validation.period') =>
  z
    .string({ message })
    .regex(/^\d{4}-Q[1-4]$/, { message })
    .refine(inProgrammeYears, { message: 'validation.period_years' });
/** A month, `YYYY-MM`, of the programme's years. */
export const programmeMonth = z
  .string({ message: 'validation.month' })
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'validation.month' })
  .refine(inProgrammeYears, { message: 'validation.month_years' });

export const regionCode = z
  .string({ message: 'validation.region_code' })
  .regex(/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/, { message: 'validation.region_code' });

export const kelurahanCode = z
  .string({ message: 'validation.kelurahan_code' })
  .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, { message: 'validation.kelurahan_code' });

export const uuid = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'validation.id' })
  .transform((v) => v.toLowerCase());

/** Query parameters sent empty by HTML forms (`?q=&status=`) mean "not given". */
export const emptyAsUndefined = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' ? undefined : v), schema);

export const bool = z.boolean({ message: 'validation.boolean' });

export const memberSchema = z.object({
  name: text('validation.required').trim().min(1, { message: 'validation.required' }).max(200, { message: 'validation.too_long' }),
  nik: text().trim().optional(),
  relation: z.enum(RELATIONS, { message: 'validation.relation' }),
  sex: z.enum(SEXES, { message: 'validation.sex' }),
  birthDate: calendarDate.refine((d) => d >= '1900-01-01', { message: 'validation.birth_date_too_old' }),
  schoolLevel: z.enum(SCHOOL_LEVELS, { message: 'validation.school_level' }),
  pregnant: bool,
  postpartum: bool,
  severeDisability: bool,
  caretaker: bool,
});
export type MemberInput = z.infer<typeof memberSchema>;

export const year = z.number({ message: 'validation.year' }).int({ message: 'validation.year' }).min(1900, { message: 'validation.year' }).max(2200, { message: 'validation.year' });

export const entitlementRequest = z.object({
  year,
  asOf: calendarDate.optional(),
  akses: bool.optional(),
  members: z.array(memberSchema, { message: 'validation.members' }).max(50, { message: 'validation.too_many' }),
});

export const nikRequest = z.object({ nik: z.string({ message: 'validation.nik_string' }) });

const rtRw = z.string({ message: 'validation.rt_rw' }).trim().regex(/^\d{1,3}$/, { message: 'validation.rt_rw' });
const decile = z.number({ message: 'validation.decile' }).int({ message: 'validation.decile' }).min(1, { message: 'validation.decile' }).max(10, { message: 'validation.decile' });
const joinedYear = z.number({ message: 'validation.year' }).int({ message: 'validation.year' }).min(2007, { message: 'validation.joined_year' }).max(2100, { message: 'validation.joined_year' });
const username = text('validation.username').trim().min(1, { message: 'validation.username' }).max(64, { message: 'validation.username' });

export const familyCreate = z.object({
  kkNumber: text('validation.required').trim(),
  kelurahanCode,
  address: text('validation.required').trim().min(1, { message: 'validation.required' }).max(300, { message: 'validation.too_long' }),
  rt: rtRw,
  rw: rtRw,
  joinedYear: joinedYear.optional(),
  decile: decile.nullable().optional(),
  status: z.enum(FAMILY_STATUSES, { message: 'validation.status' }).optional(),
  pendamping: username.nullable().optional(),
  members: z.array(memberSchema, { message: 'validation.members' }).min(1, { message: 'validation.members_min' }).max(30, { message: 'validation.too_many' }),
});
export type FamilyCreateInput = z.infer<typeof familyCreate>;

export const memberPatch = memberSchema.partial().extend({
  id: uuid,
  /** From when changed facts (school level, pregnancy, disability) hold; default today. Not in the future. */
  effectiveDate: calendarDate.optional(),
});
export const memberAdd = memberSchema.extend({ startDate: calendarDate.optional() });
export const memberEnd = z.object({
  id: uuid,
  endDate: calendarDate,
  reason: z.enum(['meninggal', 'pindah', 'lainnya'], { message: 'validation.end_reason' }),
});

export const familyPatch = z.object({
  version: z.number({ message: 'validation.version' }).int({ message: 'validation.version' }).min(0, { message: 'validation.version' }).max(2_000_000_000, { message: 'validation.version' }).optional(),
  kelurahanCode: kelurahanCode.optional(),
  address: text('validation.required').trim().min(1, { message: 'validation.required' }).max(300, { message: 'validation.too_long' }).optional(),
  rt: rtRw.optional(),
  rw: rtRw.optional(),
  joinedYear: joinedYear.nullable().optional(),
  decile: decile.nullable().optional(),
  status: z.enum(FAMILY_STATUSES, { message: 'validation.status' }).optional(),
  pendamping: username.nullable().optional(),
  members: z
    .object({
      add: z.array(memberAdd).max(30, { message: 'validation.too_many' }).optional(),
      update: z.array(memberPatch).max(30, { message: 'validation.too_many' }).optional(),
      end: z.array(memberEnd).max(30, { message: 'validation.too_many' }).optional(),
    })
    .optional(),
});
export type FamilyPatchInput = z.infer<typeof familyPatch>;

export const limitParam = z.coerce.number({ message: 'validation.limit' }).int({ message: 'validation.limit' }).min(1, { message: 'validation.limit' }).max(500, { message: 'validation.limit' }).default(25);
export const offsetParam = z.coerce.number({ message: 'validation.offset' }).int({ message: 'validation.offset' }).min(0, { message: 'validation.offset' }).max(1_000_000_000, { message: 'validation.offset' }).default(0);

export const familyListQuery = z.object({
  q: emptyAsUndefined(text().trim().max(100, { message: 'validation.too_long' }).optional()),
  kelurahan: emptyAsUndefined(kelurahanCode.optional()),
  region: emptyAsUndefined(regionCode.optional()),
  status: emptyAsUndefined(z.enum(FAMILY_STATUSES, { message: 'validation.status' }).optional()),
  limit: z.coerce.number({ message: 'validation.limit' }).int({ message: 'validation.limit' }).min(1, { message: 'validation.limit' }).max(500, { message: 'validation.limit' }).default(25),
  offset: z.coerce.number({ message: 'validation.offset' }).int({ message: 'validation.offset' }).min(0, { message: 'validation.offset' }).max(1_000_000_000, { message: 'validation.offset' }).default(0),
});

export const loginRequest = z.object({
  username: text('validation.username').min(1, { message: 'validation.username' }).max(200, { message: 'validation.username' }),
  password: text('validation.password').min(1, { message: 'validation.password' }).max(1000, { message: 'validation.password' }),
});
