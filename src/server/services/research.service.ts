/**
 * The research module (issue 9, docs/research.md): a codebook seeded with Ife's roles and the study's factors
 * and obstacles; documents (uploaded transcripts, Titian's own notes collected in scope); coded segments
 * (open coding), categories with their codes and relations (axial), the core category and storyline
 * (selective), memos; retrieval, frequencies, co-occurrence, inter-coder agreement; exports; the study view.
 *
 * Who: peneliti, koordinator kecamatan / kota and admin; pendamping and auditor get 403.
 * Researchers read every text pseudonymised (names of the persons of the families concerned and of the
 * region's pendamping, every 16-digit number): the document's pseudonymised text is computed when it is
 * stored, and offsets are mapped between the two texts, so segments stay on the original. Coders and memo
 * authors are named to a researcher as everywhere else (`PDP-…` for staff), fellow researchers by username
 * (`personAs`). Staff usernames and display names written in a text become the same `PDP-…` pseudonym.
 * Every other free text the module returns or exports to a researcher (the codebook's labels, descriptions
 * and open codes, categories, relations, the storyline, memos, titles) passes through the same
 * pseudonymisation when it is read (`readerText`).
 */
import type { z } from 'zod';
import { cohensKappa } from '../../domain/evidence/kappa';
import {
  type CompiledMatcher,
  compiledPseudonymiser,
  compileMatcher,
  extendMatcher,
  maskIdentifiersIn,
  pseudonymiseCompiled,
  type ReplacedSpan,
  type StaffIdentity,
  toOriginal,
  toPseudonymised,
} from '../../domain/evidence/pseudonymise';
import { remapSegments } from '../../domain/evidence/remap-segments';
import { hasIdentifierRun } from '../../domain/free-text-identifiers';
import { uuidv7 } from '../../domain/ids';
import { formatCalendarDateFor } from '../../shared/i18n/catalog/domain';
import { type Lang, t, tBoth } from '../../shared/i18n/index';
import {
  type categoryCreate,
  type categoryPatch,
  type codeCreate,
  type codePatch,
  type collectBody,
  type corePut,
  type documentCreate,
  type memoCreate,
  OBSTACLE_SOURCES,
  RESEARCH_MAX_CHARS,
  type ResearchSource,
  type segmentCreate,
} from '../../shared/schemas/research';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import { type CodeRow, type CollectedCopy, type CopyRefreshPlan, type NewDocument, type NoteCandidate, noteRefValid, teamOf } from '../db/repositories/research.repository';
import { regionWithinScope, type Scope, seesIdentities } from '../db/scope';
import { HttpError, notFound } from '../http/errors';
import { changeLogHead } from '../db/repositories/change-log';
import { CSV_BOM, csvLine } from './export-format';
import { ReaderTableCache } from './research-reader-cache';
import { DocxError, docxText } from './docx-text';
import { staffAs } from './families.service';

export const RESEARCH_ROLES = ['peneliti', 'koordinator_kecamatan', 'koordinator_kota', 'admin'] as const;
/** The largest upload accepted (bytes). */
export const RESEARCH_UPLOAD_MAX_BYTES = 5 * 1024 * 1024;
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** Notes collected per call at most (per kind of note); call again for more. */
export const COLLECT_LIMIT = 5000;

/** 403 for roles outside the module; 403 for a read-only token writing. */
export function researchGuard(scope: Scope, write = false): void {
  if (!(RESEARCH_ROLES as readonly string[]).includes(scope.role)) throw new HttpError(403, 'error.research_role');
  if (write && scope.readOnly) throw new HttpError(403, 'error.forbidden');
}

const pseudonymised = (scope: Scope) => scope.role === 'peneliti';
const salt = (ctx: AppContext) => ctx.hashIdentity('research:pseudonym-salt');
const now = (ctx: AppContext) => ctx.now().toISOString();
const badRequest = (fields: HttpError['fields']) => new HttpError(400, 'error.validation', {}, fields);

/**
 * `pseudonym_map` holds the replaced spans of the text and the pseudonymised title: `{spans, title}` (an
 * array of spans alone in documents stored before titles were pseudonymised).
 */
export function parseMap(json: string): { spans: ReplacedSpan[]; title: string | null } {
  const v = JSON.parse(json) as ReplacedSpan[] | { spans: ReplacedSpan[]; title?: string };
  return Array.isArray(v) ? { spans: v, title: null } : { spans: v.spans, title: v.title ?? null };
}
const parseSpans = (json: string): ReplacedSpan[] => parseMap(json).spans;
/**
 * The title a user sees: for a peneliti, the pseudonymised one (for a collected note, its title is stored
 * pseudonymised), pseudonymised again by the reader's names and staff (titles stored before usernames were).
 */
function titleFor(scope: Scope, title: string, map: string, text: ReaderText): string {
  if (!pseudonymised(scope)) return title;
  return text(parseMap(map).title ?? title);
}

/**
 * The staff whose usernames and names a text may hold, with the pseudonym they are read by everywhere
 * (`staffAs`): every user but the researchers (who keep their usernames), deactivated ones included. Display
 * names without a parenthesised part ("Siti (Cimanggis)").
 */
async function staffIdentities(ctx: AppContext): Promise<StaffIdentity[]> {
  const users = await ctx.repos.auth.userNames('all');
  return users
    .filter((u) => u.role !== 'peneliti')
    .map((u) => ({ username: u.username, name: u.displayName.replace(/\(.*\)/, '').trim(), pseudonym: staffAs(ctx, false, u.username)! }));
}

/** How free text is shown to the caller: as it is, or pseudonymised for a peneliti. */
type ReaderText = (text: string) => string;
const asWritten: ReaderText = (text) => text;

/** A region's replacement table: its names and the staff, compiled (`compileMatcher`), and a reader of texts. */
interface RegionTable {
  matcher: CompiledMatcher;
  text: ReaderText;
}

/** The tables of each app's regions, kept while nothing they were made from changed (research-reader-cache.ts). */
const tables = new WeakMap<AppContext, ReaderTableCache<RegionTable>>();

/** The cache of an app's region tables (its counters and regions are read by tests). */
export function regionTables(ctx: AppContext): ReaderTableCache<RegionTable> {
  let cache = tables.get(ctx);
  if (!cache) {
    const repo = ctx.repos.research;
    cache = new ReaderTableCache<RegionTable>(
      {
        head: () => changeLogHead(ctx.database.db),
        staffMark: () => repo.staffChangeMark(),
        changesSince: (after, upTo, limit) => repo.nameChangesSince(after, upTo, limit),
        anyPersonInRegion: (ids, region) => repo.anyPersonInRegion(ids, region),
        build: async (region) => {
          const [names, staff] = await Promise.all([repo.namesInRegion(region), staffIdentities(ctx)]);
          const matcher = compileMatcher({ names, staff }, salt(ctx));
          return { matcher, text: compiledPseudonymiser(matcher) };
        },
      },
      { outOfOrder: ctx.database.engine === 'postgres' },
    );
    tables.set(ctx, cache);
  }
  return cache;
}

/**
 * The reader's view of free text written in the module (codebook, categories, relations, storyline, memos,
 * titles): for a peneliti, pseudonymised like a memo (the names of the persons of their region's families and
 * the staff's names and usernames, every 16-digit number); others read it as written. The region's table is
 * kept between requests while no change concerns it (research-reader-cache.ts).
 */
async function readerText(ctx: AppContext, scope: Scope): Promise<ReaderText> {
  if (!pseudonymised(scope)) return asWritten;
  return (await regionTables(ctx).get(scope.regionCode)).text;
}

/**
 * An open code's `code` as a peneliti reads it: made from its label when it was created, it may hold a name,
 * a username or digits of a NIK (cut anywhere by the 48 characters). A number of 6 digits or more is masked,
 * the words are pseudonymised like a text, and the result made a code again. Other codes come from the
 * reference data and stay.
 */
function codeFor(c: { code: string; kind: string }, text: ReaderText): string {
  if (c.kind !== 'open' || text === asWritten) return c.code;
  const spaced = c.code.replace(/_/g, ' ');
  const masked = spaced
    // Numbers of whole words ("3276 0212 0300", a NIK typed with separators), then any 6 digits in a row.
    .replace(/(?<![\p{L}\p{N}])\d+(?: \d+)*(?![\p{L}\p{N}])/gu, (n) => (n.replace(/\D/g, '').length >= 6 ? 'nomor disamarkan' : n))
    .replace(/\d{6,}/g, 'nomor disamarkan');
  const out = text(masked);
  return out === spaced ? c.code : slug(out);
}

/**
 * How a coder or a memo's author is named to the caller. Staff who are subjects of the research (pendamping,
 * koordinator, admin, auditor) are named to a peneliti by their stable pseudonym `PDP-…` (`staffAs`, the same
 * as in the rest of the app); researchers (role peneliti) keep their usernames: they code together and tell
 * each other apart. Roles that see identities read usernames. `role` comes with the username, from the same
 * query.
 */
function personAs(ctx: AppContext, scope: Scope, username: string | null, role: string | null): string | null {
  return role === 'peneliti' ? username : staffAs(ctx, seesIdentities(scope), username);
}

/** The region columns of a region code (shorter codes leave the deeper columns null). */
function regionColumns(code: string | null) {
  const parts = code ? code.split('.') : [];
  const upto = (n: number) => (parts.length >= n ? parts.slice(0, n).join('.') : null);
  return { province_code: upto(1), kab_kota_code: upto(2), kecamatan_code: upto(3), kelurahan_code: upto(4) };
}

function presentCode(c: CodeRow, lang: Lang, text: ReaderText) {
  return {
    id: c.id,
    code: codeFor(c, text),
    label: text(lang === 'en' ? c.label_en : c.label_id),
    labels: { id: text(c.label_id), en: text(c.label_en) },
    description: c.description === null ? null : text(c.description),
    kind: c.kind as 'role' | 'factor' | 'obstacle' | 'open',
    group: c.group_code,
    source: c.source,
    seeded: c.seeded === 1,
  };
}

// ---- codebook ----------------------------------------------------------------------------------------

export async function listCodes(ctx: AppContext, scope: Scope, lang: Lang) {
  researchGuard(scope);
  await ctx.repos.research.syncTaxonomyTerms(() => uuidv7(), now(ctx));
  const text = await readerText(ctx, scope);
  return { codes: (await ctx.repos.research.codes()).map((c) => presentCode(c, lang, text)) };
}

function slug(label: string): string {
  const s = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 48);
  return s || 'kode';
}

export async function createCode(ctx: AppContext, scope: Scope, input: z.infer<typeof codeCreate>, lang: Lang) {
  researchGuard(scope, true);
  const base = slug(input.label);
  const codeOf = (n: number) => (n === 1 ? base : `${base}_${n}`);
  const id = uuidv7();
  // The first free code of `base`, `base_2`, `base_3`...: one taken by a writer at the same moment (the insert
  // then writes nothing) is passed over for the next, a bounded number of times.
  for (let n = 1, tries = 0; ; n++, tries++) {
    while (await ctx.repos.research.codeTaken(codeOf(n))) n++;
    if (await ctx.repos.research.insertCode({ id, code: codeOf(n), label_id: input.label, label_en: input.label, description: input.description ?? null }, actorOf(scope), now(ctx), scope.regionCode)) break;
    if (tries >= 20) throw new HttpError(409, 'error.conflict');
  }
  const row = (await ctx.repos.research.codes()).find((c) => c.id === id)!;
  return presentCode(row, lang, await readerText(ctx, scope));
}

export async function changeCode(ctx: AppContext, scope: Scope, id: string, input: z.infer<typeof codePatch>, lang: Lang) {
  researchGuard(scope, true);
  const codes = await ctx.repos.research.codes();
  const before = codes.find((c) => c.id === id);
  if (!before) throw notFound();
  const set: { label_id?: string; label_en?: string; description?: string | null } = {};
  // The label is changed in the caller's language (an open code has the same label in both).
  if (input.label !== undefined) {
    if (before.kind === 'open') Object.assign(set, { label_id: input.label, label_en: input.label });
    else if (lang === 'en') set.label_en = input.label;
    else set.label_id = input.label;
  }
  if (input.description !== undefined) set.description = input.description;
  if (Object.keys(set).length === 0) throw new HttpError(422, 'error.validation', {}, { _: 'error.nothing_to_change' });
  await ctx.repos.research.updateCode(id, set, actorOf(scope), now(ctx), scope.regionCode);
  return presentCode((await ctx.repos.research.codes()).find((c) => c.id === id)!, lang, await readerText(ctx, scope));
}

// ---- documents ---------------------------------------------------------------------------------------

export async function listDocuments(ctx: AppContext, scope: Scope, source: ResearchSource | undefined, page: { limit?: number; offset?: number }, lang: Lang) {
  researchGuard(scope);
  const { items, total } = await ctx.repos.research.listDocuments(scope, source, page);
  const [text, local] = await Promise.all([readerText(ctx, scope), localNoteTitles(ctx, lang)]);
  return {
    total,
    items: items.map((d) => ({
      id: d.id,
      title: local(d.source, titleFor(scope, d.title, d.pseudonym_map, text)),
      source: d.source,
      createdAt: d.created_at,
      noteDate: d.note_date,
      segmentCount: d.segmentCount,
      // Sorted as shown (an order by username would hint at the names behind pseudonyms).
      coders: d.coders.map((c) => personAs(ctx, scope, c.username, c.role)!).sort((a, b) => a.localeCompare(b)),
    })),
  };
}

async function storeDocument(ctx: AppContext, scope: Scope, input: { title: string; text: string; region?: string }, action: string) {
  const text = input.text.replace(/\r\n?/g, '\n');
  if (text.trim().length === 0) throw badRequest({ text: 'research.text_empty' });
  if (text.length > RESEARCH_MAX_CHARS) throw badRequest({ text: 'validation.too_long' });
  const region = input.region ?? scope.regionCode;
  if (input.region && !regionWithinScope(scope, input.region)) throw notFound();
  // The region's table: the names of its persons and users, and the staff (the same as read by a peneliti there).
  const { matcher } = await regionTables(ctx).get(region);
  const p = pseudonymiseCompiled(text, matcher);
  const pseudoTitle = pseudonymiseCompiled(input.title, matcher).text;
  const at = now(ctx);
  const row: NewDocument = {
    id: uuidv7(),
    title: input.title,
    source: 'transcript',
    source_ref: null,
    text,
    text_pseudonymised: p.text,
    pseudonym_map: JSON.stringify({ spans: p.spans, title: pseudoTitle }),
    family_id: null,
    note_date: at.slice(0, 10),
    ...regionColumns(region),
    created_by: scope.userId,
    created_at: at,
  };
  // The trail keeps the title with its 16-digit numbers masked (docs/security.md §5), never a whole NIK. Written
  // with the document in one transaction (the insert of collected notes takes the audit entry it is given).
  // (`insertDocument` writes `row.title` to the trail as it is; once it masks it with maskIdentifiersIn, it can
  // be called here again. The insert of collected notes adds `added: 1` to the entry.)
  await ctx.repos.research.insertCollected([row], actorOf(scope), at, {
    action,
    entity: 'research_documents',
    recordId: row.id,
    familyId: row.family_id,
    regionCode: row.kelurahan_code ?? row.kecamatan_code ?? row.kab_kota_code ?? row.province_code,
    after: { title: maskIdentifiersIn(row.title), source: row.source, chars: row.text.length },
  });
  return { id: row.id, title: pseudonymised(scope) ? pseudoTitle : row.title, source: row.source, createdAt: at, segmentCount: 0, coders: [] as string[] };
}

export async function createDocument(ctx: AppContext, scope: Scope, input: z.infer<typeof documentCreate>) {
  researchGuard(scope, true);
  return storeDocument(ctx, scope, input, 'research.document_create');
}

/** A transcript uploaded as the raw body: plain text (UTF-8) or DOCX. */
export async function uploadDocument(ctx: AppContext, scope: Scope, query: { title: string; region?: string }, mime: string, body: Buffer) {
  researchGuard(scope, true);
  let text: string;
  if (mime === DOCX_MIME) {
    try {
      text = await docxText(body);
    } catch (e) {
      if (e instanceof DocxError) throw badRequest({ _: 'research.docx_unreadable' });
      throw e;
    }
  } else if (mime === 'text/plain') {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(body).replace(/^\uFEFF/, '');
    } catch {
      throw badRequest({ _: 'research.text_encoding' });
    }
  } else throw new HttpError(415, 'error.research_media_type');
  if (text.includes('\u0000')) throw badRequest({ _: 'validation.nul' });
  if (text.trim().length === 0) throw badRequest({ _: 'research.text_empty' });
  return storeDocument(ctx, scope, { title: query.title, text, region: query.region }, 'research.document_upload');
}

/**
 * Gathers the notes Titian holds in scope (activities' notes, P2K2 narratives, case goals and referrals) into
 * documents, each pseudonymised with the names of its family (or its group's families) and of the region's
 * users. Idempotent: a note already collected is skipped.
 */
export async function collectNotes(ctx: AppContext, scope: Scope, input: z.infer<typeof collectBody>) {
  researchGuard(scope, true);
  if (input.region && !regionWithinScope(scope, input.region)) throw notFound();
  if (input.from && input.to && input.from > input.to) throw badRequest({ to: 'research.period' });
  const repo = ctx.repos.research;
  const notes = await repo.notesToCollect(scope, { ...input, limit: COLLECT_LIMIT });
  const groups = await repo.familiesOfGroups(notes.flatMap((n) => (n.groupId ? [n.groupId] : [])));
  const familyIds = notes.flatMap((n) => (n.familyId ? [n.familyId] : n.groupId ? (groups.get(n.groupId) ?? []) : []));
  const names = await repo.namesOfFamilies(familyIds);
  const [staffNames, staff] = await Promise.all([repo.userNames(input.region ?? scope.regionCode), staffIdentities(ctx)]);
  const titleOf = await noteTitles(ctx);
  // The region's users and the staff compiled once; each note adds its families' names.
  const staffMatcher = compileMatcher({ names: staffNames, staff }, salt(ctx));
  const at = now(ctx);
  const rows: NewDocument[] = notes.map((n) => {
    const families = n.familyId ? [n.familyId] : n.groupId ? (groups.get(n.groupId) ?? []) : [];
    const matcher = extendMatcher(staffMatcher, families.flatMap((f) => names.get(f) ?? []));
    return { id: uuidv7(), ...copyOfNote(n, matcher, titleOf), source: n.source, source_ref: n.sourceRef, created_by: scope.userId, created_at: at };
  });
  const added = await repo.insertCollected(rows, actorOf(scope), at, {
    action: 'research.collect',
    entity: 'research_documents',
    regionCode: input.region ?? scope.regionCode,
    after: { region: input.region ?? null, from: input.from ?? null, to: input.to ?? null },
  });
  // Copies collected before whose note has since been corrected or removed are brought in line too.
  const refresh = await refreshCollectedCopies(ctx, actorOf(scope), { scope, region: input.region });
  const total = await repo.countDocuments(scope, { region: input.region, from: input.from, to: input.to, sources: ['activity_note', 'p2k2_note', 'case_note'] });
  return { added, total, ...refresh };
}

/**
 * A collected copy's text, pseudonymised text and map, title, family, date and region, from its note (`matcher`:
 * the names of its families and of the region's users, and the staff).
 */
function copyOfNote(n: NoteCandidate, matcher: CompiledMatcher, titleOf: (n: NoteCandidate) => string) {
  const p = pseudonymiseCompiled(n.text, matcher);
  return {
    title: pseudonymiseCompiled(titleOf(n), matcher).text,
    text: n.text,
    text_pseudonymised: p.text,
    pseudonym_map: JSON.stringify(p.spans),
    family_id: n.familyId,
    note_date: n.date,
    province_code: n.provinceCode,
    kab_kota_code: n.kabKotaCode,
    kecamatan_code: n.kecamatanCode,
    kelurahan_code: n.kelurahanCode,
  };
}

const REFRESH_PAGE = 1000;

/**
 * Brings collected copies in line with the notes they were made from (docs/research.md, "When a note is
 * corrected"): a copy whose note was corrected (its text, date or family) takes the new text, pseudonymised
 * again, and keeps the coded segments whose passage is still there (`remapSegments`); a copy whose note was
 * removed, emptied, or whose family was deleted is withdrawn with its segments. Run for the notes a
 * correction touched (`refs`, right after it) and over every copy in scope when notes are collected, so a
 * change made by any path is caught. Reads copies a page at a time; writes each page in one transaction.
 */
export async function refreshCollectedCopies(
  ctx: AppContext,
  actor: ReturnType<typeof actorOf>,
  which: { scope: Scope; region?: string } | { refs: ReadonlyArray<{ source: string; ref: string }>; /** Its title changed (a type, a goal's title): refresh even with the same text. */ retitled?: boolean },
): Promise<{ refreshed: number; withdrawn: number; segmentsDropped: number }> {
  const repo = ctx.repos.research;
  const result = { refreshed: 0, withdrawn: 0, segmentsDropped: 0 };
  let titleOf: ((n: NoteCandidate) => string) | undefined;
  /** The staff, and per kab/kota its users' names with them, compiled once for every page. */
  let staff: Promise<StaffIdentity[]> | undefined;
  const staffOf = new Map<string | null, Promise<CompiledMatcher>>();
  let afterId: string | undefined;
  for (;;) {
    const copies = 'refs' in which ? await repo.collectedCopies({ refs: which.refs }) : await repo.collectedCopies({ ...which, afterId, limit: REFRESH_PAGE });
    if (copies.length === 0) break;
    const current = await repo.currentNotes(copies.map((c) => ({ source: c.source, ref: c.source_ref })));
    const plan: CopyRefreshPlan = { refreshed: [], withdrawn: [] };
    const changed: Array<{ copy: CollectedCopy; note: NoteCandidate }> = [];
    for (const copy of copies) {
      // A reference Titian cannot look up (not one it wrote) is left alone, not taken for a removed note.
      if (!noteRefValid(copy.source, copy.source_ref)) continue;
      const note = current.get(`${copy.source}|${copy.source_ref}`);
      if (!note) {
        plan.withdrawn.push({ id: copy.id, source: copy.source, chars: copy.text.length, segments: 0, familyId: copy.family_id, regionCode: copy.kelurahan_code ?? copy.kecamatan_code ?? copy.kab_kota_code ?? copy.province_code });
      } else if (
        note.text !== copy.text ||
        note.date !== copy.note_date ||
        note.familyId !== copy.family_id ||
        note.kelurahanCode !== copy.kelurahan_code ||
        ('refs' in which && which.retitled)
      ) {
        changed.push({ copy, note });
      }
    }
    if (plan.withdrawn.length + changed.length > 0) {
      const segments = await repo.segmentsOfDocuments([...plan.withdrawn.map((w) => w.id), ...changed.map((c) => c.copy.id)]);
      const byDocument = new Map<string, typeof segments>();
      for (const g of segments) byDocument.set(g.document_id, [...(byDocument.get(g.document_id) ?? []), g]);
      for (const w of plan.withdrawn) w.segments = byDocument.get(w.id)?.length ?? 0;
      if (changed.length > 0) {
        titleOf ??= await noteTitles(ctx);
        const groups = await repo.familiesOfGroups(changed.flatMap((c) => (c.note.groupId ? [c.note.groupId] : [])));
        const familiesOf = (n: NoteCandidate) => (n.familyId ? [n.familyId] : n.groupId ? (groups.get(n.groupId) ?? []) : []);
        const names = await repo.namesOfFamilies(changed.flatMap((c) => familiesOf(c.note)));
        for (const { copy, note } of changed) {
          // The staff of the note's kab/kota (at least as wide as any collector's region below it).
          const region = note.kabKotaCode ?? note.kecamatanCode;
          if (!staffOf.has(region)) {
            staff ??= staffIdentities(ctx);
            staffOf.set(region, Promise.all([repo.userNames(region), staff]).then(([users, st]) => compileMatcher({ names: users, staff: st }, salt(ctx))));
          }
          const set = copyOfNote(note, extendMatcher(await staffOf.get(region)!, familiesOf(note).flatMap((f) => names.get(f) ?? [])), titleOf);
          const spans = parseSpans(set.pseudonym_map);
          const coded = byDocument.get(copy.id) ?? [];
          const remapped = remapSegments(
            copy.text,
            set.text,
            coded.map((g) => ({ id: g.id, start: g.start_pos, end: g.end_pos, text: g.text })),
          );
          plan.refreshed.push({
            id: copy.id,
            readText: copy.text,
            set,
            before: { chars: copy.text.length, noteDate: copy.note_date, familyId: copy.family_id },
            segmentsMoved: remapped.kept.map((k) => ({ ...k, textPseudonymised: set.text_pseudonymised.slice(toPseudonymised(k.start, spans, 'start'), toPseudonymised(k.end, spans, 'end')) })),
            segmentsDropped: remapped.dropped,
          });
        }
      }
      const done = await repo.applyCopyRefresh(plan, actor, now(ctx));
      const written = new Set([...done.refreshed, ...done.withdrawn]);
      result.refreshed += done.refreshed.length;
      result.withdrawn += done.withdrawn.length;
      result.segmentsDropped +=
        plan.refreshed.filter((r) => written.has(r.id)).reduce((n, r) => n + r.segmentsDropped.length, 0) +
        plan.withdrawn.filter((w) => written.has(w.id)).reduce((n, w) => n + w.segments, 0);
    }
    if ('refs' in which || copies.length < REFRESH_PAGE) break;
    afterId = copies[copies.length - 1]!.id;
  }
  return result;
}

/**
 * After a note was corrected or removed: its collected copies follow at once. The correction itself is already
 * committed; should this fail, the next collection of notes brings the copies in line (so the caller is not
 * failed for it). Nothing personal is logged.
 */
export async function refreshCopiesOf(ctx: AppContext, actor: ReturnType<typeof actorOf>, refs: ReadonlyArray<{ source: string; ref: string }>, retitled = false): Promise<void> {
  try {
    await refreshCollectedCopies(ctx, actor, { refs, retitled });
  } catch (e) {
    console.warn(`titian: research copies of ${refs.length} corrected note(s) not refreshed now (${(e as { code?: string }).code ?? (e as Error).name}); the next collection of notes will`);
  }
}

/**
 * A short fingerprint of a document's texts (original and pseudonymised): what a coder's offsets were chosen
 * on. Keyed (HMAC with the identity key), so a researcher cannot confirm a guess of the original text by it.
 */
export function textVersionOf(ctx: AppContext, doc: { text: string; text_pseudonymised: string }): string {
  return ctx.hashIdentity(`research-text:${doc.text}\u0000${doc.text_pseudonymised}`).slice(0, 16);
}

async function documentOrThrow(ctx: AppContext, scope: Scope, id: string) {
  const doc = await ctx.repos.research.document(scope, id);
  if (!doc) throw notFound();
  return doc;
}

export async function getDocument(ctx: AppContext, scope: Scope, id: string, lang: Lang) {
  researchGuard(scope);
  const doc = await documentOrThrow(ctx, scope, id);
  const pseudo = pseudonymised(scope);
  const spans = parseSpans(doc.pseudonym_map);
  const segments = (await ctx.repos.research.segments(id)).map((s) => ({
    id: s.id,
    start: pseudo ? toPseudonymised(s.start_pos, spans, 'start') : s.start_pos,
    end: pseudo ? toPseudonymised(s.end_pos, spans, 'end') : s.end_pos,
    text: pseudo ? s.text_pseudonymised : s.text,
    codeId: s.code_id,
    coder: personAs(ctx, scope, s.coder, s.coder_role),
    createdAt: s.created_at,
  }));
  const memos = await ctx.repos.research.memos(scope, { documentId: id });
  const [reader, local] = await Promise.all([readerText(ctx, scope), localNoteTitles(ctx, lang)]);
  // A whole identifier read in a text is a read of identifiers: audited like the registry's.
  if (!pseudo && hasIdentifierRun(doc.text)) {
    await ctx.repos.audit.append(actorOf(scope), now(ctx), [
      { action: 'research.document_read_identifiers', entity: 'research_documents', recordId: doc.id, familyId: doc.family_id, regionCode: doc.kelurahan_code ?? doc.kecamatan_code ?? doc.kab_kota_code },
    ]);
  }
  return {
    id: doc.id,
    title: local(doc.source, titleFor(scope, doc.title, doc.pseudonym_map, reader)),
    source: doc.source,
    noteDate: doc.note_date,
    createdAt: doc.created_at,
    pseudonymised: pseudo,
    text: pseudo ? doc.text_pseudonymised : doc.text,
    /** Changes when the text does (its note corrected): send it back with a new segment's offsets. */
    textVersion: textVersionOf(ctx, doc),
    segments,
    memos: memos.map((m) => presentMemo(ctx, m, scope, reader)),
  };
}

// ---- segments ----------------------------------------------------------------------------------------

export async function addSegment(ctx: AppContext, scope: Scope, documentId: string, input: z.infer<typeof segmentCreate>) {
  researchGuard(scope, true);
  const doc = await documentOrThrow(ctx, scope, documentId);
  const pseudo = pseudonymised(scope);
  if (input.textVersion !== undefined && input.textVersion !== textVersionOf(ctx, doc)) throw new HttpError(409, 'error.research_document_changed');
  const seen = pseudo ? doc.text_pseudonymised : doc.text;
  if (!(input.start < input.end && input.end <= seen.length)) throw badRequest({ end: { key: 'research.segment_range', params: { length: seen.length } } });
  if (!(await ctx.repos.research.codeExists([input.codeId])).has(input.codeId)) throw badRequest({ codeId: 'research.code_unknown' });
  const spans = parseSpans(doc.pseudonym_map);
  const start = pseudo ? toOriginal(input.start, spans, 'start') : input.start;
  const end = pseudo ? toOriginal(input.end, spans, 'end') : input.end;
  const ps = toPseudonymised(start, spans, 'start');
  const pe = toPseudonymised(end, spans, 'end');
  const row = {
    id: uuidv7(),
    document_id: doc.id,
    start_pos: start,
    end_pos: end,
    text: doc.text.slice(start, end),
    text_pseudonymised: doc.text_pseudonymised.slice(ps, pe),
    on_pseudonymised: (pseudo ? 1 : 0) as 0 | 1,
    code_id: input.codeId,
    coder_id: scope.userId,
    created_at: now(ctx),
  };
  // The note was corrected while the passage was chosen: its offsets belong to the old text.
  if (!(await ctx.repos.research.insertSegment(row, actorOf(scope), doc.kelurahan_code ?? doc.kecamatan_code ?? doc.kab_kota_code, doc))) {
    throw new HttpError(409, 'error.research_document_changed');
  }
  return {
    id: row.id,
    start: pseudo ? ps : start,
    end: pseudo ? pe : end,
    text: pseudo ? row.text_pseudonymised : row.text,
    codeId: row.code_id,
    coder: personAs(ctx, scope, scope.username, scope.role),
    createdAt: row.created_at,
  };
}

export async function removeSegment(ctx: AppContext, scope: Scope, id: string) {
  researchGuard(scope, true);
  const seg = await ctx.repos.research.segment(scope, id);
  if (!seg) throw notFound();
  if (seg.coder_id !== scope.userId) throw new HttpError(403, 'error.research_segment_not_own');
  await ctx.repos.research.deleteSegment(id, actorOf(scope), now(ctx), seg.kelurahan_code ?? seg.kecamatan_code ?? seg.kab_kota_code);
}

// ---- categories, relations, model, core --------------------------------------------------------------

async function checkCodes(ctx: AppContext, ids: readonly string[]) {
  const known = await ctx.repos.research.codeExists(ids);
  if (ids.some((i) => !known.has(i))) throw badRequest({ codeIds: 'research.code_unknown' });
}

type CategoryRow = Awaited<ReturnType<AppContext['repos']['research']['categories']>>[number];

/** A category as the caller reads it (its name and description pseudonymised for a peneliti). */
const presentCategory = (c: CategoryRow, text: ReaderText): CategoryRow => ({ ...c, name: text(c.name), description: c.description === null ? null : text(c.description) });

export async function listCategories(ctx: AppContext, scope: Scope) {
  researchGuard(scope);
  const [items, text] = await Promise.all([ctx.repos.research.categories(teamOf(scope)), readerText(ctx, scope)]);
  return { items: items.map((c) => presentCategory(c, text)) };
}

export async function createCategory(ctx: AppContext, scope: Scope, input: z.infer<typeof categoryCreate>) {
  researchGuard(scope, true);
  const codeIds = [...new Set(input.codeIds)];
  await checkCodes(ctx, codeIds);
  const id = uuidv7();
  await ctx.repos.research.insertCategory({ id, team_region: teamOf(scope), name: input.name, description: input.description ?? null }, codeIds, actorOf(scope), now(ctx));
  return presentCategory((await ctx.repos.research.categories(teamOf(scope))).find((c) => c.id === id)!, await readerText(ctx, scope));
}

export async function changeCategory(ctx: AppContext, scope: Scope, id: string, input: z.infer<typeof categoryPatch>) {
  researchGuard(scope, true);
  const codeIds = input.codeIds ? [...new Set(input.codeIds)] : undefined;
  if (codeIds) await checkCodes(ctx, codeIds);
  const set = Object.fromEntries(Object.entries({ name: input.name, description: input.description }).filter(([, v]) => v !== undefined));
  if (!(await ctx.repos.research.updateCategory(teamOf(scope), id, set, codeIds, actorOf(scope), now(ctx)))) throw notFound();
  return presentCategory((await ctx.repos.research.categories(teamOf(scope))).find((c) => c.id === id)!, await readerText(ctx, scope));
}

export async function removeCategory(ctx: AppContext, scope: Scope, id: string) {
  researchGuard(scope, true);
  if (!(await ctx.repos.research.deleteCategory(teamOf(scope), id, actorOf(scope), now(ctx)))) throw notFound();
}

export async function createRelation(ctx: AppContext, scope: Scope, input: { fromCategoryId: string; toCategoryId: string; label: string }) {
  researchGuard(scope, true);
  const team = teamOf(scope);
  if (input.fromCategoryId === input.toCategoryId) throw badRequest({ toCategoryId: 'research.relation_self' });
  const [from, to] = await Promise.all([ctx.repos.research.category(team, input.fromCategoryId), ctx.repos.research.category(team, input.toCategoryId)]);
  if (!from) throw badRequest({ fromCategoryId: 'research.category_unknown' });
  if (!to) throw badRequest({ toCategoryId: 'research.category_unknown' });
  const id = uuidv7();
  await ctx.repos.research.insertRelation({ id, team_region: team, from_category_id: from.id, to_category_id: to.id, label: input.label }, actorOf(scope), now(ctx));
  return { id, fromCategoryId: from.id, toCategoryId: to.id, label: (await readerText(ctx, scope))(input.label) };
}

export async function removeRelation(ctx: AppContext, scope: Scope, id: string) {
  researchGuard(scope, true);
  if (!(await ctx.repos.research.deleteRelation(teamOf(scope), id, actorOf(scope), now(ctx)))) throw notFound();
}

export async function model(ctx: AppContext, scope: Scope) {
  researchGuard(scope);
  const team = teamOf(scope);
  const [categories, relations, core, text] = await Promise.all([ctx.repos.research.categories(team), ctx.repos.research.relations(team), ctx.repos.research.core(team), readerText(ctx, scope)]);
  return {
    categories: categories.map((c) => presentCategory(c, text)),
    relations: relations.map((r) => ({ ...r, label: text(r.label) })),
    core: core ? { categoryId: core.category_id, storyline: text(core.storyline), updatedAt: core.updated_at } : null,
  };
}

export async function setCore(ctx: AppContext, scope: Scope, input: z.infer<typeof corePut>) {
  researchGuard(scope, true);
  const team = teamOf(scope);
  if (!(await ctx.repos.research.category(team, input.categoryId))) throw badRequest({ categoryId: 'research.category_unknown' });
  await ctx.repos.research.setCore(team, input.categoryId, input.storyline, actorOf(scope), now(ctx));
  return model(ctx, scope);
}

// ---- memos -------------------------------------------------------------------------------------------

function presentMemo(
  ctx: AppContext,
  m: { id: string; text: string; text_pseudonymised: string; author: string | null; author_role: string | null; created_at: string; code_id: string | null; category_id: string | null; document_id: string | null },
  scope: Scope,
  reader: ReaderText,
) {
  return {
    id: m.id,
    // Pseudonymised when written; read through the reader's names and staff too (memos written before staff
    // usernames were pseudonymised).
    text: pseudonymised(scope) ? reader(m.text_pseudonymised) : m.text,
    author: personAs(ctx, scope, m.author, m.author_role),
    createdAt: m.created_at,
    codeId: m.code_id,
    categoryId: m.category_id,
    documentId: m.document_id,
  };
}

export async function listMemos(ctx: AppContext, scope: Scope, filter: { codeId?: string; categoryId?: string; documentId?: string }) {
  researchGuard(scope);
  const [memos, reader] = await Promise.all([ctx.repos.research.memos(scope, filter), readerText(ctx, scope)]);
  return { items: memos.map((m) => presentMemo(ctx, m, scope, reader)) };
}

export async function createMemo(ctx: AppContext, scope: Scope, input: z.infer<typeof memoCreate>) {
  researchGuard(scope, true);
  const team = teamOf(scope);
  if (input.codeId && !(await ctx.repos.research.codeExists([input.codeId])).has(input.codeId)) throw badRequest({ codeId: 'research.code_unknown' });
  if (input.categoryId && !(await ctx.repos.research.category(team, input.categoryId))) throw badRequest({ categoryId: 'research.category_unknown' });
  let names: string[] | null;
  let regionCode = scope.regionCode;
  if (input.documentId) {
    const doc = await documentOrThrow(ctx, scope, input.documentId);
    regionCode = doc.kelurahan_code ?? doc.kecamatan_code ?? doc.kab_kota_code ?? doc.province_code;
    names = doc.family_id ? [...((await ctx.repos.research.namesOfFamilies([doc.family_id])).get(doc.family_id) ?? []), ...(await ctx.repos.research.userNames(regionCode))] : null;
  } else names = null;
  // Without a family: the region's table (its persons' and users' names, and the staff), kept between requests.
  const matcher = names ? compileMatcher({ names, staff: await staffIdentities(ctx) }, salt(ctx)) : (await regionTables(ctx).get(regionCode)).matcher;
  const textPseudonymised = pseudonymiseCompiled(input.text, matcher).text;
  const at = now(ctx);
  const row = {
    id: uuidv7(),
    team_region: team,
    text: input.text,
    text_pseudonymised: textPseudonymised,
    code_id: input.codeId ?? null,
    category_id: input.categoryId ?? null,
    document_id: input.documentId ?? null,
    created_by: scope.userId,
    created_at: at,
    updated_at: at,
  };
  await ctx.repos.research.insertMemo(row, actorOf(scope));
  return presentMemo(ctx, { ...row, author: scope.username, author_role: scope.role }, scope, asWritten);
}

// ---- retrieval and tables ----------------------------------------------------------------------------

const labelOf = (c: { label_id: string; label_en: string }, lang: Lang) => (lang === 'en' ? c.label_en : c.label_id);

export async function retrieval(ctx: AppContext, scope: Scope, q: { codeId?: string; categoryId?: string }, lang: Lang) {
  researchGuard(scope);
  if (!!q.codeId === !!q.categoryId) throw badRequest({ _: 'research.retrieval_one' });
  let codeIds: string[];
  if (q.codeId) {
    if (!(await ctx.repos.research.codeExists([q.codeId])).has(q.codeId)) throw notFound();
    codeIds = [q.codeId];
  } else {
    const cat = (await ctx.repos.research.categories(teamOf(scope))).find((c) => c.id === q.categoryId);
    if (!cat) throw notFound();
    codeIds = cat.codeIds;
  }
  const [rows, reader, local] = await Promise.all([ctx.repos.research.codedSegments(scope, { codeIds }), readerText(ctx, scope), localNoteTitles(ctx, lang)]);
  const pseudo = pseudonymised(scope);
  return {
    items: rows.map((r) => ({
      segmentId: r.id,
      text: pseudo ? r.text_pseudonymised : r.text,
      codeId: r.code_id,
      codeLabel: reader(labelOf(r, lang)),
      documentId: r.document_id,
      documentTitle: local(r.source, titleFor(scope, r.document_title, r.pseudonym_map, reader)),
      source: r.source,
      coder: personAs(ctx, scope, r.coder, r.coder_role),
      createdAt: r.created_at,
    })),
  };
}

export async function frequencies(ctx: AppContext, scope: Scope, lang: Lang) {
  researchGuard(scope);
  const [codes, counts, reader] = await Promise.all([ctx.repos.research.codes(), ctx.repos.research.frequencies(scope), readerText(ctx, scope)]);
  const byId = new Map(counts.map((c) => [c.codeId, c]));
  return {
    rows: codes
      .filter((c) => byId.has(c.id))
      .map((c) => ({ codeId: c.id, code: codeFor(c, reader), label: reader(labelOf(c, lang)), kind: c.kind, segments: byId.get(c.id)!.segments, documents: byId.get(c.id)!.documents }))
      .sort((a, b) => b.segments - a.segments || a.code.localeCompare(b.code)),
  };
}

/** Codes used in scope, and for each pair the number of overlapping segment pairs (diagonal: the code's segments). */
export async function cooccurrence(ctx: AppContext, scope: Scope, lang: Lang) {
  researchGuard(scope);
  const [{ rows }, pairs] = await Promise.all([frequencies(ctx, scope, lang), ctx.repos.research.cooccurrence(scope)]);
  const index = new Map(rows.map((r, i) => [r.codeId, i]));
  const matrix = rows.map((r, i) => rows.map((_, j) => (i === j ? r.segments : 0)));
  for (const p of pairs) {
    const i = index.get(p.a);
    const j = index.get(p.b);
    if (i !== undefined && j !== undefined) matrix[i]![j] = p.n;
  }
  return { codes: rows.map((r) => ({ id: r.codeId, code: r.code, label: r.label })), matrix };
}

/**
 * Agreement of two coders on a document: each non-empty line of the original text is a unit; a coder's label
 * for a unit is the code of their segment overlapping it the most (ties: the earlier segment), else 'none'.
 * Coders are named as the caller reads them (`personAs`): a peneliti names staff by their pseudonym and
 * researchers by username; a username the caller would see as a pseudonym, or a pseudonym of no coder of the
 * document, is unknown, so a peneliti cannot confirm which username stands behind a pseudonym. A known coder
 * who has coded nothing in the document is a 422 (`research_coder_not_coded`), not a kappa of 0.
 */
export async function agreement(ctx: AppContext, scope: Scope, documentId: string, coderA: string, coderB: string) {
  researchGuard(scope);
  const doc = await documentOrThrow(ctx, scope, documentId);
  const segments = await ctx.repos.research.segments(documentId);
  const shown = new Map<string, string>();
  for (const s of segments) shown.set(personAs(ctx, scope, s.coder, s.coder_role)!, s.coder_id);
  // Someone who has not coded this document (yet) is named by username, if that is how the caller sees them.
  const users = await ctx.repos.research.usersByUsername([coderA, coderB].filter((c) => !shown.has(c)));
  const idOf = (c: string) => {
    const u = users.get(c);
    return shown.get(c) ?? (u && personAs(ctx, scope, c, u.role) === c ? u.id : undefined);
  };
  const [idA, idB] = [idOf(coderA), idOf(coderB)];
  if (!idA) throw badRequest({ coderA: { key: 'research.coder_unknown', params: { username: coderA } } });
  if (!idB) throw badRequest({ coderB: { key: 'research.coder_unknown', params: { username: coderB } } });
  // A coder with no segment in the document would "disagree" on every line: no kappa, but a clear answer,
  // naming the coder as the caller named them.
  for (const [field, id, name] of [['coderA', idA, coderA], ['coderB', idB, coderB]] as const) {
    if (!segments.some((s) => s.coder_id === id)) throw new HttpError(422, 'error.research_coder_not_coded', { coder: name }, { [field]: { key: 'research.coder_not_coded', params: { coder: name } } });
  }
  const units = documentUnits(doc.text);
  const labelFor = (coderId: string, u: { start: number; end: number }) => {
    let best: { overlap: number; code: string } | null = null;
    for (const s of segments) {
      if (s.coder_id !== coderId) continue;
      const overlap = Math.min(u.end, s.end_pos) - Math.max(u.start, s.start_pos);
      if (overlap > 0 && (!best || overlap > best.overlap)) best = { overlap, code: s.code_id };
    }
    return best?.code ?? 'none';
  };
  const pairs = units.map((u) => [labelFor(idA, u), labelFor(idB, u)] as const);
  const k = cohensKappa(pairs);
  return { kappa: k.kappa, observedAgreement: k.observedAgreement, expectedAgreement: k.expectedAgreement, n: k.n, coderA, coderB, unit: 'line' };
}

/** The units of agreement: the document's non-empty lines, as [start, end) offsets. */
export function documentUnits(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let at = 0;
  for (const line of text.split('\n')) {
    if (line.trim().length) out.push({ start: at, end: at + line.length });
    at += line.length + 1;
  }
  return out;
}

// ---- exports -----------------------------------------------------------------------------------------

export async function codebookCsv(ctx: AppContext, scope: Scope): Promise<string> {
  researchGuard(scope);
  const [codes, counts, reader] = await Promise.all([ctx.repos.research.codes(), ctx.repos.research.frequencies(scope), readerText(ctx, scope)]);
  const byId = new Map(counts.map((c) => [c.codeId, c]));
  const lines = [
    csvLine(['code', 'kind', 'group', 'source', 'label_id', 'label_en', 'description', 'seeded', 'segments', 'documents']),
    ...codes.map((c) => csvLine([codeFor(c, reader), c.kind, c.group_code, c.source, reader(c.label_id), reader(c.label_en), c.description === null ? null : reader(c.description), c.seeded, byId.get(c.id)?.segments ?? 0, byId.get(c.id)?.documents ?? 0])),
  ];
  await auditExport(ctx, scope, 'codebook.csv', codes.length);
  return CSV_BOM + lines.join('');
}

export async function segmentsCsv(ctx: AppContext, scope: Scope, lang: Lang): Promise<string> {
  researchGuard(scope);
  const [rows, codes, reader, local] = await Promise.all([ctx.repos.research.codedSegments(scope), ctx.repos.research.codes(), readerText(ctx, scope), localNoteTitles(ctx, lang)]);
  const kindOf = new Map(codes.map((c) => [c.id, c.kind]));
  const pseudo = pseudonymised(scope);
  const lines = [
    csvLine(['segment_id', 'document_id', 'document_title', 'source', 'code', 'label_id', 'label_en', 'coder', 'start', 'end', 'text', 'created_at']),
    ...rows.map((r) => {
      const spans = pseudo ? parseSpans(r.pseudonym_map) : [];
      return csvLine([
        r.id,
        r.document_id,
        local(r.source, titleFor(scope, r.document_title, r.pseudonym_map, reader)),
        r.source,
        codeFor({ code: r.code, kind: kindOf.get(r.code_id) ?? 'open' }, reader),
        reader(r.label_id),
        reader(r.label_en),
        personAs(ctx, scope, r.coder, r.coder_role),
        pseudo ? toPseudonymised(r.start_pos, spans, 'start') : r.start_pos,
        pseudo ? toPseudonymised(r.end_pos, spans, 'end') : r.end_pos,
        pseudo ? r.text_pseudonymised : r.text,
        r.created_at,
      ]);
    }),
  ];
  await auditExport(ctx, scope, 'segments.csv', rows.length);
  return CSV_BOM + lines.join('');
}

async function auditExport(ctx: AppContext, scope: Scope, file: string, rows: number) {
  await ctx.repos.audit.append(actorOf(scope), now(ctx), [{ action: 'research.export', entity: 'research', regionCode: scope.regionCode, after: { file, rows, pseudonymised: pseudonymised(scope) } }]);
}

export async function reportPdf(ctx: AppContext, scope: Scope, lang: Lang): Promise<Buffer> {
  researchGuard(scope);
  const [codes, freq, m, segments, reader, local] = await Promise.all([
    ctx.repos.research.codes(),
    frequencies(ctx, scope, lang),
    model(ctx, scope),
    ctx.repos.research.codedSegments(scope),
    readerText(ctx, scope),
    localNoteTitles(ctx, lang),
  ]);
  const pseudo = pseudonymised(scope);
  const examples = new Map<string, Array<{ text: string; document: string }>>();
  for (const s of segments) {
    const list = examples.get(s.code_id) ?? [];
    if (list.length < 3) list.push({ text: pseudo ? s.text_pseudonymised : s.text, document: local(s.source, titleFor(scope, s.document_title, s.pseudonym_map, reader)) });
    examples.set(s.code_id, list);
  }
  const { renderResearchReport } = await import('./research-report');
  const pdf = await renderResearchReport({
    lang,
    generatedAt: now(ctx),
    user: scope.username,
    pseudonymised: pseudo,
    // Free text as the caller reads it: frequencies() and model() give it pseudonymised for a peneliti already.
    codes: codes.map((c) => ({ code: codeFor(c, reader), label: reader(labelOf(c, lang)), kind: c.kind, group: c.group_code, source: c.source })),
    categories: m.categories.map((c) => ({ name: c.name, description: c.description, codes: c.codeIds.map((id) => { const x = codes.find((y) => y.id === id); return x ? codeFor(x, reader) : id; }), isCore: c.isCore })),
    relations: m.relations.map((r) => ({ from: m.categories.find((c) => c.id === r.fromCategoryId)?.name ?? '?', to: m.categories.find((c) => c.id === r.toCategoryId)?.name ?? '?', label: r.label })),
    core: m.core ? { category: m.categories.find((c) => c.id === m.core!.categoryId)?.name ?? '?', storyline: m.core.storyline } : null,
    frequencies: freq.rows.map((r) => ({ code: r.code, label: r.label, segments: r.segments, documents: r.documents, examples: examples.get(r.codeId) ?? [] })),
  });
  await auditExport(ctx, scope, 'report.pdf', freq.rows.length);
  return pdf;
}

// ---- study view --------------------------------------------------------------------------------------

const IFE_GROUPS = ['fasilitatif', 'edukasional', 'representasional', 'teknis'] as const;

/**
 * The structure of the Cimanggis findings for a region and period: roles found per Ife group (an activity
 * tagged with it or a coded segment), roles not found, supporting factors, obstacles by source, each with
 * counts and up to three example passages (coded segments first, then activity notes; pseudonymised for
 * researchers).
 */
export async function study(ctx: AppContext, scope: Scope, q: { region?: string; from?: string; to?: string }, lang: Lang) {
  researchGuard(scope);
  if (q.region && !regionWithinScope(scope, q.region)) throw notFound();
  if (q.from && q.to && q.from > q.to) throw badRequest({ to: 'research.period' });
  const repo = ctx.repos.research;
  const opts = { region: q.region, from: q.from, to: q.to };
  await repo.syncTaxonomyTerms(() => uuidv7(), now(ctx));
  const [codes, tags, totals, tagExamples, segments, documents, reader] = await Promise.all([
    repo.codes(),
    repo.tagCounts(scope, opts),
    repo.activityTotals(scope, opts),
    repo.tagExamples(scope, opts, 3),
    repo.codedSegments(scope, opts),
    repo.countDocuments(scope, opts),
    readerText(ctx, scope),
  ]);
  const pseudo = pseudonymised(scope);
  // Activity notes are pseudonymised with the names of their family and of the region's users, and the staff.
  // (The region's users and the staff compiled once; each note adds its family's names.)
  let namesByFamily = new Map<string, string[]>();
  let staffMatcher: CompiledMatcher | null = null;
  if (pseudo && tagExamples.length) {
    namesByFamily = await repo.namesOfFamilies(tagExamples.map((e) => e.family_id));
    const [staffNames, staff] = await Promise.all([repo.userNames(q.region ?? scope.regionCode), staffIdentities(ctx)]);
    staffMatcher = compileMatcher({ names: staffNames, staff }, salt(ctx));
  }
  const tagKey = (kind: string, code: string) => `${kind}:${code}`;
  const tagBy = new Map(tags.map((x) => [tagKey(x.kind, x.code), x]));
  const segCount = new Map<string, number>();
  const examples = new Map<string, Array<{ text: string; source: string; documentTitle: string | null }>>();
  for (const seg of segments) {
    segCount.set(seg.code_id, (segCount.get(seg.code_id) ?? 0) + 1);
    const list = examples.get(seg.code_id) ?? [];
    const text = pseudo ? seg.text_pseudonymised : seg.text;
    // The same passage coded by two coders is one example.
    if (list.length < 3 && !list.some((e) => e.text === text)) list.push({ text, source: seg.source, documentTitle: titleFor(scope, seg.document_title, seg.pseudonym_map, reader) });
    examples.set(seg.code_id, list);
  }
  const kindOf = (k: string) => (k === 'role' ? 'role' : k === 'factor' ? 'factor' : 'obstacle');
  const examplesFor = (c: CodeRow) => {
    const list = [...(examples.get(c.id) ?? [])];
    for (const e of tagExamples) {
      if (list.length >= 3) break;
      if (e.kind !== kindOf(c.kind) || e.code !== c.code) continue;
      const text = staffMatcher ? pseudonymiseCompiled(e.notes, extendMatcher(staffMatcher, namesByFamily.get(e.family_id) ?? [])).text : e.notes;
      if (!list.some((x) => x.text === text)) list.push({ text, source: 'activity', documentTitle: null });
    }
    return list;
  };
  const item = (c: CodeRow) => {
    const tag = tagBy.get(tagKey(kindOf(c.kind), c.code));
    return { code: codeFor(c, reader), label: reader(labelOf(c, lang)), activities: tag?.activities ?? 0, families: tag?.families ?? 0, segments: segCount.get(c.id) ?? 0, examples: examplesFor(c) };
  };
  const roles = codes.filter((c) => c.kind === 'role');
  const roleGroups = [...IFE_GROUPS, ...new Set(roles.map((r) => r.group_code ?? '').filter((g) => g && !(IFE_GROUPS as readonly string[]).includes(g)))].map((group) => ({
    group,
    label: t(lang, `research.group.${group}`),
    roles: roles
      .filter((r) => r.group_code === group)
      .map((r) => {
        const i = item(r);
        return { ...i, found: i.activities > 0 || i.segments > 0 };
      }),
  }));
  const rolesNotFound = roleGroups.flatMap((g) => g.roles.filter((r) => !r.found).map((r) => ({ code: r.code, label: r.label, group: g.group })));
  const factors = codes.filter((c) => c.kind === 'factor').map((c) => {
    const i = item(c);
    return { ...i, count: i.activities + i.segments };
  });
  const obstacleSources: string[] = [...OBSTACLE_SOURCES];
  if (codes.some((c) => c.kind === 'obstacle' && !c.source)) obstacleSources.push('lainnya');
  const obstacles = obstacleSources.map((source) => ({
    source,
    label: t(lang, `research.obstacle_source.${source}`),
    items: codes
      .filter((c) => c.kind === 'obstacle' && (c.source ?? 'lainnya') === source)
      .map((c) => {
        const i = item(c);
        return { ...i, count: i.activities + i.segments };
      }),
  }));
  return {
    region: q.region ?? scope.regionCode,
    from: q.from ?? null,
    to: q.to ?? null,
    roleGroups,
    rolesNotFound,
    factors,
    obstacles,
    families: totals.families,
    activities: totals.activities,
    documents,
    segments: segments.length,
    pseudonymised: pseudo,
    caution: t(lang, 'research.study.caution'),
    cautions: tBoth('research.study.caution'),
  };
}

type ActivityTypeWords = { code: string; id?: string; en?: string; name?: string };
type P2k2ModuleWords = { code: string; name?: string; en?: string; sessions?: string[]; sessionsEn?: string[] };
interface NoteTitleWords {
  types: ActivityTypeWords[];
  modules: P2k2ModuleWords[];
}

async function noteTitleWords(ctx: AppContext): Promise<NoteTitleWords> {
  const [typesDoc, modulesDoc] = await Promise.all([ctx.repos.reference.document('activity-types'), ctx.repos.reference.document('p2k2-modules')]);
  return {
    types: (typesDoc as { types?: ActivityTypeWords[] } | undefined)?.types ?? [],
    modules: (modulesDoc as { modules?: P2k2ModuleWords[] } | undefined)?.modules ?? [],
  };
}

/** A collected note's title before its date, in a language: the activity type's name, or the P2K2 module's and session's. */
function noteTitleHead(words: NoteTitleWords, lang: Lang, named: NonNullable<NoteCandidate['named']>): string {
  if ('activityType' in named) {
    const type = words.types.find((x) => x.code === named.activityType);
    return (lang === 'en' ? type?.en : undefined) ?? type?.id ?? type?.name ?? named.activityType;
  }
  const m = words.modules.find((x) => x.code === named.p2k2Module);
  const n = Number(named.p2k2Session);
  const session = (lang === 'en' ? m?.sessionsEn?.[n - 1] : undefined) ?? m?.sessions?.[n - 1];
  const module = (lang === 'en' ? m?.en : undefined) ?? m?.name ?? named.p2k2Module;
  return t(lang, session ? 'research.note_title.p2k2_named' : 'research.note_title.p2k2', { module, session: named.p2k2Session, name: session ?? '' });
}

/**
 * Titles of collected notes in words: the activity type's name, the P2K2 module's name and session (codes
 * only where the reference data does not know them), stored in Indonesian like the notes themselves with the
 * note's date as `YYYY-MM-DD`; readers get them in their language (localNoteTitles).
 */
async function noteTitles(ctx: AppContext): Promise<(n: NoteCandidate) => string> {
  const words = await noteTitleWords(ctx);
  return (n) => (n.named ? `${noteTitleHead(words, 'id', n.named)} · ${n.date}` : n.title);
}

const STORED_NOTE_TITLE = /^(.*) · (\d{4}-\d{2}-\d{2})$/;

/**
 * A collected note's stored title (`Kunjungan rumah · 2026-07-10`) as the reader's language writes it
 * (`Home visit · 10 July 2026`, `Kunjungan rumah · 10 Juli 2026`): the date written out, and an activity
 * type or P2K2 session named in the language. Whatever is not one of those (a case goal's own title, a
 * pseudonym in it) stays as it is; a transcript's title is the researcher's own and is never changed.
 */
async function localNoteTitles(ctx: AppContext, lang: Lang): Promise<(source: string, title: string) => string> {
  const words = await noteTitleWords(ctx);
  const heads = new Map<string, string>();
  for (const type of words.types) heads.set(noteTitleHead(words, 'id', { activityType: type.code }), noteTitleHead(words, lang, { activityType: type.code }));
  for (const m of words.modules) {
    for (let i = 1; i <= Math.max(1, m.sessions?.length ?? 0); i++) {
      const named = { p2k2Module: m.code, p2k2Session: String(i) };
      heads.set(noteTitleHead(words, 'id', named), noteTitleHead(words, lang, named));
    }
  }
  return (source, title) => {
    if (source === 'transcript') return title;
    const m = STORED_NOTE_TITLE.exec(title);
    if (!m) return title;
    const head = source === 'case_note' ? m[1]! : (heads.get(m[1]!) ?? m[1]!);
    return `${head} · ${formatCalendarDateFor(lang, m[2]!)}`;
  };
}
