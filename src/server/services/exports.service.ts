/**
 * Streamed exports within the caller's scope (issue 8): families and members (the contract's registry
 * CSV), compliance, activities, graduation cases and graduation candidates, as CSV or XLSX. See
 * docs/exports.md for the columns.
 *
 * - Everything a request may get wrong is checked before the first byte (a 4xx, never a half file).
 * - Rows come from keyset pages of the families in scope (`ExportsRepository`: set-based queries per
 *   page), produced only as fast as the reader takes them (async generators pulled by the writers in
 *   ./export-format), so a million rows need no more memory than one page.
 * - Identities: NIK and No. KK in full only for roles that see identities; researchers get the app's
 *   pseudonyms (No. KK, names, NIK), no birth dates, addresses, RT/RW or free-text notes.
 * - One audit entry per export (who, kind, filters, format, rows, whether identities went out), written
 *   when the rows end: `completed`, `aborted` (the reader went away) or `failed` (an error part-way; the
 *   stream is destroyed so the reader sees an incomplete download, and the error is logged without data).
 *   The download reads its first page before the first byte (`begin`), so a failure there is a plain 500.
 */
import type { Readable } from 'node:stream';
import { monthsOfPeriod, type PeriodResult } from '../../domain/compliance';
import { todayInJakarta } from '../../domain/dates';
import { GRADUATION_STATES, GRADUATION_TYPES } from '../../domain/graduation/workflow';
import type { CalendarDate, FamilyStatus } from '../../domain/types';
import { exportMessages } from '../../shared/i18n/catalog/exports';
import { addMessages, type Lang } from '../../shared/i18n/index';
import type { AppContext } from '../context';
import { type AuditActor, actorOf } from '../db/repositories/audit.repository';
import type { ExportFamily } from '../db/repositories/exports.repository';
import { regionContains, type Scope, seesIdentities } from '../db/scope';
import { HttpError, notFound, redactDigits } from '../http/errors';
import { COMPLIANCE_SNAPSHOT, type ComplianceRuleSet, complianceRulesFor, computeResults } from './compliance.service';
import { type Cell, csvStream, xlsxStream } from './export-format';
import { pseudonym, staffAs } from './families.service';
import { renderCoded } from './present';
import { renderGraduationCoded } from './readiness.service';
import { nextTurn } from '../next-turn';

addMessages(exportMessages);

export const EXPORT_KINDS = ['families', 'compliance', 'activities', 'graduation', 'graduation_candidates'] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The filters of a request (format and region apply to every kind). */
export interface ExportQuery {
  format?: ExportFormat;
  region?: string;
  status?: FamilyStatus;
  columns?: 'standard' | 'extended';
  period?: string;
  year?: number;
  from?: CalendarDate;
  to?: CalendarDate;
  type?: string;
  state?: string;
}

type Filter = Exclude<keyof ExportQuery, 'format' | 'region'>;

/** The filters each kind understands (any other one is refused with 422). */
export const EXPORT_FILTERS: Readonly<Record<ExportKind, readonly Filter[]>> = {
  families: ['status', 'columns'],
  compliance: ['period', 'year'],
  activities: ['from', 'to', 'type'],
  graduation: ['state', 'type'],
  graduation_candidates: ['type'],
};

/** The contract's registry CSV, column for column (the families export; the registry import reads it back). */
export const REGISTRY_COLUMNS = [
  'no_kk',
  'nik',
  'nama',
  'hubungan',
  'jenis_kelamin',
  'tanggal_lahir',
  'pengurus',
  'jenjang',
  'hamil',
  'nifas',
  'disabilitas_berat',
  'kode_kelurahan',
  'alamat',
  'rt',
  'rw',
  'tahun_mulai_pkh',
  'desil',
  'pendamping',
] as const;

/** Added at the end with `columns=extended` (the file is then no longer the plain registry format). */
export const FAMILY_EXTENDED_COLUMNS = ['status', 'id_keluarga', 'id_anggota', 'nama_kelurahan', 'tanggal_masuk'] as const;

export const COMPLIANCE_COLUMNS = [
  'periode',
  'status_periode',
  'id_keluarga',
  'no_kk',
  'kode_kelurahan',
  'pendamping',
  'id_anggota',
  'nik',
  'nama',
  'jenis',
  'bulan',
  'kehadiran_persen',
  'patuh_bulan',
  'patuh_periode',
  'keterangan',
] as const;

export const ACTIVITY_COLUMNS = [
  'tanggal',
  'jenis',
  'id_kegiatan',
  'id_keluarga',
  'no_kk',
  'kepala_keluarga',
  'kode_kelurahan',
  'pendamping',
  'peran_ife',
  'faktor_pendukung',
  'hambatan',
  'catatan',
] as const;

/** The date columns of the graduation export: the latest move into each state. */
const STEP_COLUMNS: ReadonlyArray<readonly [string, (typeof GRADUATION_STATES)[number]]> = [
  ['tanggal_kandidat', 'candidate'],
  ['tanggal_dinilai', 'assessed'],
  ['tanggal_pernyataan', 'statement_signed'],
  ['tanggal_diusulkan', 'proposed'],
  ['tanggal_disetujui', 'approved'],
  ['tanggal_ditolak', 'rejected'],
  ['tanggal_keluar', 'exited'],
  ['tanggal_pemantauan', 'monitoring'],
  ['tanggal_ditutup', 'closed'],
  ['tanggal_masuk_kembali', 'reentered'],
];

export const GRADUATION_COLUMNS = [
  'id_kasus',
  'id_keluarga',
  'no_kk',
  'kepala_keluarga',
  'kode_kelurahan',
  'pendamping',
  'jenis',
  'status',
  'terbuka',
  'tanggal_dibuka',
  ...STEP_COLUMNS.map(([c]) => c),
  'tanggal_tanda_tangan',
  'tanggal_efektif_keluar',
] as const;

export const CANDIDATE_COLUMNS = [
  'id_keluarga',
  'no_kk',
  'kepala_keluarga',
  'kode_kelurahan',
  'pendamping',
  'jenis',
  'kode_alasan',
  'alasan',
  'jatuh_tempo',
  'status_kasus',
  'dievaluasi_pada',
] as const;

/** Words in file names and sheet names (Indonesian, as the column headers). */
const FILE_WORD: Record<ExportKind, string> = {
  families: 'keluarga',
  compliance: 'kepatuhan',
  activities: 'kegiatan',
  graduation: 'graduasi',
  graduation_candidates: 'kandidat-graduasi',
};
const SHEET_NAME: Record<ExportKind, string> = {
  families: 'Keluarga',
  compliance: 'Kepatuhan',
  activities: 'Kegiatan',
  graduation: 'Graduasi',
  graduation_candidates: 'Kandidat graduasi',
};

/** Families per page (each page is one query for the families and one or a few for their rows). */
const PAGE_SIZE: Record<ExportKind, number> = { families: 2000, compliance: 250, activities: 500, graduation: 1000, graduation_candidates: 1000 };

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

export interface ExportOptions {
  /** Who the audit trail names (default: the scope's user; the CLI passes its own actor). */
  actor?: AuditActor;
  /** Where an error part-way is reported (already free of identifiers). */
  log?: (message: string) => void;
  /** Called after each page with the rows written so far (CLI progress). */
  onProgress?: (rows: number) => void;
  /** Families per page (tests use small pages to cross many page boundaries). */
  pageSize?: number;
}

export interface PreparedExport {
  kind: ExportKind;
  format: ExportFormat;
  columns: readonly string[];
  filename: string;
  contentType: string;
  /** Whether NIK / No. KK and names go out in full. */
  identities: boolean;
  /** The rows, produced as they are pulled; the export is audited when they end. */
  rows: AsyncGenerator<Cell[]>;
  /** The file as a byte stream (pulls `rows`). */
  stream(): Readable;
  /**
   * Reads the first page before any byte is sent (the HTTP download calls it; a HEAD never does), so a failure
   * at the start, such as the database out of reach, answers as a plain error instead of a broken download.
   * The rows read are kept for `rows`; the export is audited `failed` as for a failure part-way.
   */
  begin(): Promise<void>;
}

export function isExportKind(kind: string): kind is ExportKind {
  return (EXPORT_KINDS as readonly string[]).includes(kind);
}

const flag = (b: boolean) => (b ? 1 : 0);
const verdict = (v: boolean | null | undefined) => (v === true ? 1 : v === false ? 0 : null);

/** The Jakarta calendar date of a timestamp (a date stays as it is). */
function jakartaDate(value: string | null | undefined): string | null {
  if (!value) return null;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : todayInJakarta(d);
}

/** The quarters of a year that have begun by `today` (the whole year for a past one). */
function quartersBegun(year: number, today: CalendarDate): string[] {
  return [1, 2, 3, 4].map((q) => `${year}-Q${q}`).filter((p) => monthsOfPeriod(p)[0]! <= today.slice(0, 7));
}

function invalid(fields: HttpError['fields']): HttpError {
  return new HttpError(422, 'error.export_invalid', {}, fields);
}

/** Checks a request and returns the export, ready to stream. Throws HttpError (4xx) for anything wrong. */
export async function prepareExport(ctx: AppContext, scope: Scope, kind: ExportKind, query: ExportQuery, lang: Lang, opts: ExportOptions = {}): Promise<PreparedExport> {
  const format: ExportFormat = query.format ?? 'csv';
  const allowed = EXPORT_FILTERS[kind];
  const given = (Object.keys(query) as Array<keyof ExportQuery>).filter((k) => k !== 'format' && k !== 'region' && query[k] !== undefined) as Filter[];
  const misplaced = given.filter((k) => !allowed.includes(k));
  if (misplaced.length) {
    const params = { kind, filters: allowed.length ? allowed.join(', ') : '-' };
    throw invalid(Object.fromEntries(misplaced.map((k) => [k, { key: 'error.export_filter_not_applicable', params }])));
  }

  // A region outside the caller's scope answers as one that does not exist.
  const region = query.region;
  if (region) {
    const found = await ctx.repos.regions.get(region);
    if (!found || !regionInScope(scope, region)) throw notFound();
  }

  const today = todayInJakarta(ctx.now());
  let periods: string[] = [];
  if (kind === 'compliance') {
    if (query.period && query.year !== undefined) throw invalid({ period: 'error.export_period_both', year: 'error.export_period_both' });
    if (query.period) periods = [query.period];
    else if (query.year !== undefined) periods = quartersBegun(query.year, today);
    else periods = [`${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`];
    const first = query.period ?? `${query.year ?? today.slice(0, 4)}-Q1`;
    if (periods.length === 0 || monthsOfPeriod(first)[0]! > today.slice(0, 7)) {
      throw invalid({ [query.year !== undefined ? 'year' : 'period']: { key: 'error.export_period_future', params: { period: first } } });
    }
  }
  if (kind === 'activities') {
    if (query.from && query.to && query.to < query.from) throw invalid({ to: { key: 'error.export_date_order', params: { from: query.from, to: query.to } } });
    // A type retired since still names past work: it can be exported.
    const known = async (code: string) =>
      (await ctx.taxonomies()).activityTypes.has(code) || (await ctx.repos.reference.taxonomyTerms()).some((t) => t.taxonomy === 'activity-types' && t.code === code);
    if (query.type && !(await known(query.type))) throw invalid({ type: { key: 'error.export_activity_type', params: { code: query.type } } });
  }
  if ((kind === 'graduation' || kind === 'graduation_candidates') && query.type && !(GRADUATION_TYPES as readonly string[]).includes(query.type)) {
    throw invalid({ type: { key: 'error.export_graduation_type', params: { code: query.type, codes: GRADUATION_TYPES.join(', ') } } });
  }

  const identities = seesIdentities(scope);
  const extended = kind === 'families' && query.columns === 'extended';
  const columns: readonly string[] =
    kind === 'families'
      ? [...REGISTRY_COLUMNS, ...(extended ? FAMILY_EXTENDED_COLUMNS : [])]
      : kind === 'compliance'
        ? COMPLIANCE_COLUMNS
        : kind === 'activities'
          ? ACTIVITY_COLUMNS
          : kind === 'graduation'
            ? GRADUATION_COLUMNS
            : CANDIDATE_COLUMNS;

  const where = region ?? (scope.role === 'pendamping' ? scope.username : (scope.regionCode ?? 'semua'));
  const filename = `titian-${FILE_WORD[kind]}-${where.replace(/[^A-Za-z0-9._-]/g, '_')}-${today}.${format}`;
  const filters = Object.fromEntries(given.map((k) => [k, query[k]]));
  const ctxRows: RowContext = { ctx, scope, lang, identities, today, pageSize: opts.pageSize ?? PAGE_SIZE[kind], region, query, periods, extended };
  const produce = ROWS[kind];
  const actor = opts.actor ?? actorOf(scope);

  async function* audited(): AsyncGenerator<Cell[]> {
    const counts = { rows: 0, families: 0 };
    let status: 'completed' | 'aborted' | 'failed' = 'aborted';
    try {
      for await (const page of produce(ctxRows, counts)) {
        for (const row of page) {
          yield row;
          counts.rows++;
        }
        opts.onProgress?.(counts.rows);
      }
      status = 'completed';
    } catch (e) {
      status = 'failed';
      const message = e instanceof Error ? e.message : String(e);
      opts.log?.(`export ${kind} failed after ${counts.rows} rows: ${redactDigits(message)}`);
      // What goes on (to the HTTP layer's log, to the CLI) names no data.
      throw Object.assign(new Error('export failed (ekspor gagal)'), { code: 'export_failed' });
    } finally {
      await ctx.repos.audit
        .append(actor, ctx.now().toISOString(), [
          {
            action: `export.${kind}`,
            entity: 'export',
            regionCode: region ?? scope.regionCode,
            after: { kind, format, region: region ?? null, filters, rows: counts.rows, families: counts.families, identities, status },
          },
        ])
        .catch((e: unknown) => opts.log?.(`export ${kind}: audit entry not written: ${redactDigits(e instanceof Error ? e.message : String(e))}`));
    }
  }

  const source = audited();
  let first: IteratorResult<Cell[]> | undefined;
  async function* rowsAfterBegin(): AsyncGenerator<Cell[]> {
    if (first) {
      if (first.done) return;
      yield first.value;
    }
    yield* source;
  }
  const rows = rowsAfterBegin();
  return {
    kind,
    format,
    columns,
    filename,
    contentType: CONTENT_TYPE[format],
    identities,
    rows,
    stream: () => (format === 'csv' ? csvStream(columns, rows) : xlsxStream(SHEET_NAME[kind], columns, rows)),
    begin: async () => {
      first ??= await source.next();
    },
  };
}

/** A region in the caller's scope: anywhere for admin; else inside the user's region. */
function regionInScope(scope: Scope, region: string): boolean {
  if (scope.role === 'admin') return true;
  return scope.regionCode !== null && regionContains(scope.regionCode, region);
}

// ---- the rows of each kind ----------------------------------------------------------------------

interface RowContext {
  ctx: AppContext;
  scope: Scope;
  lang: Lang;
  identities: boolean;
  today: CalendarDate;
  pageSize: number;
  region?: string;
  query: ExportQuery;
  periods: string[];
  extended: boolean;
}

type RowProducer = (c: RowContext, counts: { families: number }) => AsyncGenerator<Cell[][]>;

/** The families in scope (and region, with the status), page by page in id order. */
async function* familyPages(c: RowContext, counts: { families: number }, status?: FamilyStatus): AsyncGenerator<ExportFamily[]> {
  let after: string | undefined;
  for (;;) {
    // Other requests get their turn between pages (SQLite answers synchronously: without this, one export
    // would hold the event loop until the socket's buffers are full).
    await nextTurn();
    const page = await c.ctx.repos.exports.familiesPage(c.scope, { regionCode: c.region, status, after, limit: c.pageSize, identities: c.identities });
    if (page.length === 0) return;
    counts.families += page.length;
    yield page;
    if (page.length < c.pageSize) return;
    after = page[page.length - 1]!.id;
  }
}

/** How a family is named in a row: No. KK in full or its pseudonym, the head's name or its pseudonym. */
function familyCells(c: RowContext, f: ExportFamily) {
  return {
    kk: c.identities ? f.kkNumber : pseudonym(c.ctx, 'KK', f.id),
    head: c.identities ? f.headName : pseudonym(c.ctx, 'KPM', f.id),
  };
}

/** A member's NIK and name as the family detail shows them to this caller. */
function personCells(c: RowContext, personId: string, nik: string | null, name: string) {
  return {
    nik: nik === null ? null : c.identities ? nik : pseudonym(c.ctx, 'NIK', personId),
    name: c.identities ? name : pseudonym(c.ctx, 'ART', personId),
  };
}

const families: RowProducer = async function* (c, counts) {
  for await (const page of familyPages(c, counts, c.query.status)) {
    const members = await c.ctx.repos.exports.membersOf(
      c.scope,
      page.map((f) => f.id),
      c.today,
      { identities: c.identities },
    );
    const rows: Cell[][] = [];
    for (const f of page) {
      const fam = familyCells(c, f);
      for (const m of members.get(f.id) ?? []) {
        const p = personCells(c, m.personId, m.nik, m.name);
        const row: Cell[] = [
          fam.kk,
          p.nik,
          p.name,
          m.relation,
          m.sex,
          c.identities ? m.birthDate : null,
          flag(m.caretaker),
          m.schoolLevel === 'none' ? 'tidak_sekolah' : m.schoolLevel,
          flag(m.pregnant),
          flag(m.postpartum),
          flag(m.severeDisability),
          f.kelurahanCode,
          c.identities ? f.address : null,
          c.identities ? f.rt : null,
          c.identities ? f.rw : null,
          f.joinedYear,
          f.decile,
          staffAs(c.ctx, c.identities, f.pendamping),
        ];
        if (c.extended) row.push(f.status, f.id, m.personId, f.kelurahanName, c.identities ? m.startDate : null);
        rows.push(row);
      }
    }
    yield rows;
  }
};

const compliance: RowProducer = async function* (c, counts) {
  // The rules of each year, read once for the whole export (not once per page).
  const ruleSets = new Map<number, Promise<ComplianceRuleSet>>();
  const rulesOf = (period: string) => {
    const year = Number(period.slice(0, 4));
    let r = ruleSets.get(year);
    if (!r) ruleSets.set(year, (r = complianceRulesFor(c.ctx, year)));
    return r;
  };
  for await (const page of familyPages(c, counts)) {
    const ids = page.map((f) => f.id);
    const closed = await c.ctx.repos.exports.snapshotsOf<PeriodResult>(c.scope, COMPLIANCE_SNAPSHOT, ids, c.periods);
    const results = new Map<string, Map<string, PeriodResult>>();
    for (const period of c.periods) {
      const open = ids.filter((id) => !closed.get(id)?.has(period));
      const computed = open.length ? await computeResults(c.ctx, c.scope, open, period, await rulesOf(period)) : new Map<string, PeriodResult>();
      for (const id of ids) {
        const r = closed.get(id)?.get(period) ?? computed.get(id);
        if (r) results.set(id, (results.get(id) ?? new Map()).set(period, r));
      }
    }
    const memberIds = [...results.values()].flatMap((byPeriod) => [...byPeriod.values()].flatMap((r) => r.items.map((i) => i.memberId)));
    const persons = await c.ctx.repos.exports.personsOf(c.scope, ids, memberIds, { identities: c.identities });
    const rows: Cell[][] = [];
    for (const f of page) {
      const fam = familyCells(c, f);
      for (const period of c.periods) {
        const r = results.get(f.id)?.get(period);
        if (!r) continue;
        for (const item of r.items) {
          const person = persons.get(item.memberId);
          const p = personCells(c, item.memberId, person?.nik ?? null, person?.name ?? '');
          for (const m of item.months) {
            rows.push([
              period,
              r.status === 'closed' ? 'ditutup' : 'berjalan',
              f.id,
              fam.kk,
              f.kelurahanCode,
              staffAs(c.ctx, c.identities, f.pendamping),
              item.memberId,
              p.nik,
              p.name,
              item.kind,
              m.month,
              m.attendancePct ?? null,
              verdict(m.compliant),
              verdict(item.compliant),
              m.reasons.map((reason) => renderCoded(c.lang, reason)).join('; ') || null,
            ]);
          }
        }
      }
    }
    yield rows;
  }
};

const activities: RowProducer = async function* (c, counts) {
  for await (const page of familyPages(c, counts)) {
    const byId = new Map(page.map((f) => [f.id, f]));
    const found = await c.ctx.repos.exports.activitiesOf(
      c.scope,
      page.map((f) => f.id),
      { from: c.query.from, to: c.query.to, type: c.query.type },
    );
    yield found.map((a) => {
      const f = byId.get(a.familyId)!;
      const fam = familyCells(c, f);
      return [
        a.date,
        a.type,
        a.id,
        a.familyId,
        fam.kk,
        fam.head,
        f.kelurahanCode,
        staffAs(c.ctx, c.identities, a.pendamping),
        a.roles.join(';') || null,
        a.factors.join(';') || null,
        a.obstacles.join(';') || null,
        // Free text may name people: researchers do not get it (as in the app).
        c.identities ? a.notes : null,
      ];
    });
  }
};

const graduation: RowProducer = async function* (c, counts) {
  for await (const page of familyPages(c, counts)) {
    const byId = new Map(page.map((f) => [f.id, f]));
    const cases = await c.ctx.repos.exports.casesOf(
      c.scope,
      page.map((f) => f.id),
      { state: c.query.state, type: c.query.type },
    );
    yield cases.map((k) => {
      const f = byId.get(k.familyId)!;
      const fam = familyCells(c, f);
      return [
        k.id,
        k.familyId,
        fam.kk,
        fam.head,
        f.kelurahanCode,
        staffAs(c.ctx, c.identities, f.pendamping),
        k.type,
        k.state,
        flag(k.open),
        jakartaDate(k.openedAt),
        ...STEP_COLUMNS.map(([, state]) => jakartaDate(k.steps[state])),
        jakartaDate(k.statementSignedAt),
        jakartaDate(k.exitEffectiveDate),
      ];
    });
  }
};

const graduationCandidates: RowProducer = async function* (c, counts) {
  for await (const page of familyPages(c, counts)) {
    const byId = new Map(page.map((f) => [f.id, f]));
    const found = await c.ctx.repos.exports.candidatesOf(
      c.scope,
      page.map((f) => f.id),
      { type: c.query.type },
    );
    yield found.map((k) => {
      const f = byId.get(k.familyId)!;
      const fam = familyCells(c, f);
      return [
        k.familyId,
        fam.kk,
        fam.head,
        f.kelurahanCode,
        staffAs(c.ctx, c.identities, f.pendamping),
        k.type,
        k.reasonCode,
        renderGraduationCoded(c.lang, { code: k.reasonCode, params: k.params as Record<string, string | number> }),
        k.dueDate,
        k.caseState,
        k.evaluatedAt,
      ];
    });
  }
};

const ROWS: Record<ExportKind, RowProducer> = {
  families,
  compliance,
  activities,
  graduation,
  graduation_candidates: graduationCandidates,
};
