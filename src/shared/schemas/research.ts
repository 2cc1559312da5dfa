/** Request schemas of the research module (issue 9): codebook, documents, segments, model, memos, study. */
import { z } from 'zod';
import { calendarDate, emptyAsUndefined, regionCode, text, uuid } from './common';

export const RESEARCH_SOURCES = ['transcript', 'activity_note', 'p2k2_note', 'case_note'] as const;
export type ResearchSource = (typeof RESEARCH_SOURCES)[number];
export const CODE_KINDS = ['role', 'factor', 'obstacle', 'open'] as const;
export const OBSTACLE_SOURCES = ['pendamping', 'internal_kelompok', 'eksternal_kelompok'] as const;

/** The longest document accepted (characters), whatever its format. */
export const RESEARCH_MAX_CHARS = 500_000;

const label = text('validation.required').trim().min(1, { message: 'validation.required' }).max(120, { message: 'validation.too_long' });
const description = text().trim().max(2000, { message: 'validation.too_long' });
const title = text('validation.required').trim().min(1, { message: 'validation.required' }).max(200, { message: 'validation.too_long' });

export const codeCreate = z.strictObject({ label, description: description.optional() });
export const codePatch = z.strictObject({ label: label.optional(), description: description.nullable().optional() });

export const documentsQuery = z.object({
  source: emptyAsUndefined(z.enum(RESEARCH_SOURCES, { message: 'validation.research_source' }).optional()),
  limit: emptyAsUndefined(z.coerce.number({ message: 'validation.research_limit' }).int({ message: 'validation.research_limit' }).min(1, { message: 'validation.research_limit' }).max(5000, { message: 'validation.research_limit' }).optional()),
  offset: emptyAsUndefined(z.coerce.number({ message: 'validation.offset' }).int({ message: 'validation.offset' }).min(0, { message: 'validation.offset' }).max(10_000_000, { message: 'validation.offset' }).optional()),
  lang: z.string().max(20).optional(),
});

export const documentCreate = z.strictObject({
  title,
  text: text('validation.required').max(RESEARCH_MAX_CHARS, { message: 'validation.too_long' }),
  region: regionCode.optional(),
});

export const uploadQuery = z.object({ title, region: emptyAsUndefined(regionCode.optional()), lang: z.string().max(20).optional() });

export const collectBody = z.strictObject({ region: regionCode.optional(), from: calendarDate.optional(), to: calendarDate.optional() });

const offset = z.number({ message: 'validation.research_offset' }).int({ message: 'validation.research_offset' }).min(0, { message: 'validation.research_offset' });
/** `textVersion`: the document's `textVersion` the offsets were chosen on (a 409 when its text has changed since). */
export const segmentCreate = z.strictObject({ start: offset, end: offset, codeId: uuid, textVersion: z.string().max(40, { message: 'validation.too_long' }).optional() });

export const categoryCreate = z.strictObject({ name: label, description: description.optional(), codeIds: z.array(uuid, { message: 'validation.research_code_ids' }).max(200, { message: 'validation.too_many' }).default([]) });
export const categoryPatch = z.strictObject({ name: label.optional(), description: description.nullable().optional(), codeIds: z.array(uuid, { message: 'validation.research_code_ids' }).max(200, { message: 'validation.too_many' }).optional() });
export const relationCreate = z.strictObject({ fromCategoryId: uuid, toCategoryId: uuid, label });
export const corePut = z.strictObject({ categoryId: uuid, storyline: text('validation.required').trim().max(10_000, { message: 'validation.too_long' }) });

export const memoCreate = z.strictObject({
  text: text('validation.required').trim().min(1, { message: 'validation.required' }).max(20_000, { message: 'validation.too_long' }),
  codeId: uuid.optional(),
  categoryId: uuid.optional(),
  documentId: uuid.optional(),
});
export const memosQuery = z.object({ codeId: emptyAsUndefined(uuid.optional()), categoryId: emptyAsUndefined(uuid.optional()), documentId: emptyAsUndefined(uuid.optional()), lang: z.string().max(20).optional() });

export const retrievalQuery = z.object({ codeId: emptyAsUndefined(uuid.optional()), categoryId: emptyAsUndefined(uuid.optional()), lang: z.string().max(20).optional() });

const username = z.string({ message: 'validation.username' }).trim().min(1, { message: 'validation.username' }).max(64, { message: 'validation.username' });
export const agreementQuery = z.object({ coderA: username, coderB: username, lang: z.string().max(20).optional() });

export const studyQuery = z.object({
  region: emptyAsUndefined(regionCode.optional()),
  from: emptyAsUndefined(calendarDate.optional()),
  to: emptyAsUndefined(calendarDate.optional()),
  lang: z.string().max(20).optional(),
});
