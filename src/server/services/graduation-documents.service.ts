/**
 * The graduation documents: the self-declaration letter of one family (PDF), the berita acara of a group
 * graduation event in a kelurahan (PDF) and the list of proposals to enter in e-PKH (XLSX); and the check
 * that a workflow move's evidence documents are uploads of the family itself.
 *
 * Privacy: the letter and the list print NIK and No. KK, so researchers (peneliti) get 403 for every
 * document (the berita acara prints names and addresses, identities too); each production is audited as a
 * sensitive read of each family whose identifiers it prints (`family.read_sensitive`, `via` the document),
 * and nothing about it is logged.
 */
import { todayInJakarta } from '../../domain/dates';
import type { CalendarDate } from '../../domain/types';
import type { TransitionRequestInput } from '../../shared/schemas/graduation';
import type { AppContext } from '../context';
import { actorOf } from '../db/repositories/audit.repository';
import type { MemberRecord } from '../db/repositories/families.repository';
import type { Scope } from '../db/scope';
import { forbidden, HttpError, notFound } from '../http/errors';
import type { BeritaAcaraData, GraduationLetterData, ProposalRow, RegionNames } from '../reports/graduation-documents.types';
import { placeOf } from '../reports/graduation-documents.types';
import { renderBeritaAcaraPdf, renderGraduationLetterPdf } from '../reports/graduation-pdf';
import { renderProposalsXlsx } from '../reports/graduation-xlsx';
import { today } from './families.service';
import { renderGraduationCoded } from './readiness.service';

export const PDF = 'application/pdf';
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The most rows one proposals list or berita acara holds. */
export const MAX_DOCUMENT_ROWS = 5000;

/** Documents print identities: researchers never get them. */
function refuseResearchers(scope: Scope) {
  if (scope.role === 'peneliti') throw forbidden();
}

async function regionNames(ctx: AppContext, kelurahanCode: string): Promise<RegionNames> {
  const parts = kelurahanCode.split('.');
  const [kel, kec, kab, prov] = await Promise.all([
    ctx.repos.regions.get(kelurahanCode),
    ctx.repos.regions.get(parts.slice(0, 3).join('.')),
    ctx.repos.regions.get(parts.slice(0, 2).join('.')),
    ctx.repos.regions.get(parts[0]!),
  ]);
  return { kelurahan: kel?.name ?? kelurahanCode, kecamatan: kec?.name ?? '', kabKota: kab?.name ?? '', province: prov?.name ?? '' };
}

/** Who speaks for the family: the caretaker (pengurus), else the head, else the first member. */
export function declarantOf(members: readonly MemberRecord[]): MemberRecord | undefined {
  const living = members.filter((m) => !m.deathDate);
  return living.find((m) => m.caretaker) ?? living.find((m) => m.relation === 'kepala_keluarga') ?? living[0];
}

function jakartaDate(iso: string): CalendarDate | null {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : todayInJakarta(d);
}

// ---- the self-declaration letter ------------------------------------------------------------------

/**
 * `GET /families/{id}/graduation/letter.pdf`: whatever the case state (a pendamping prints it before the
 * family signs). The date line shows `date` when given, else the recorded signing date, else a blank.
 */
export async function graduationLetter(ctx: AppContext, scope: Scope, familyId: string, q: { date?: CalendarDate }) {
  const family = await ctx.repos.families.get(scope, familyId);
  if (!family) throw notFound();
  refuseResearchers(scope);
  const asOf = today(ctx);
  const [members, found, region, pendamping] = await Promise.all([
    ctx.repos.families.members(scope, familyId, asOf),
    ctx.repos.graduation.currentCase(scope, familyId),
    regionNames(ctx, family.kelurahanCode),
    family.pendampingId ? ctx.repos.auth.userById(family.pendampingId) : Promise.resolve(undefined),
  ]);
  const declarant = declarantOf(members);
  const data: GraduationLetterData = {
    declarant: { name: declarant?.name ?? family.headName, nik: declarant?.nik ?? null, relation: declarant?.relation ?? null },
    headName: family.headName,
    kkNumber: family.kkNumber,
    address: family.address,
    rt: family.rt,
    rw: family.rw,
    region,
    joinedYear: family.joinedYear,
    pendamping: { name: pendamping?.displayName ?? null },
    place: placeOf(region.kabKota),
    date: q.date ?? found?.current?.statementSignedAt ?? null,
  };
  await ctx.repos.audit.append(actorOf(scope), ctx.now().toISOString(), [
    { action: 'family.read_sensitive', entity: 'family', recordId: familyId, familyId, regionCode: family.kelurahanCode, after: { fields: ['kkNumber', 'nik'], via: 'graduation_letter' } },
  ]);
  return { file: await renderGraduationLetterPdf(data), contentType: PDF, filename: `surat-pernyataan-graduasi-${family.headName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '') || 'keluarga'}-${data.date ?? asOf}.pdf` };
}

// ---- the berita acara -----------------------------------------------------------------------------

/**
 * `GET /graduation/berita-acara.pdf?date=&kelurahan=[&from=]`: the record of a group graduation event held
 * on `date` in a kelurahan. It lists the families in the caller's scope in that kelurahan whose graduation
 * was approved between `from` (default: 1 January of the event's year) and `date`, and that are approved,
 * exited, in monitoring or closed after their exit (rejected and re-entered cases are not listed).
 */
export async function beritaAcara(ctx: AppContext, scope: Scope, q: { date: CalendarDate; kelurahan: string; from?: CalendarDate }) {
  refuseResearchers(scope);
  const from = q.from ?? `${q.date.slice(0, 4)}-01-01`;
  if (from > q.date) throw new HttpError(422, 'error.validation', {}, { from: 'graduation.documents.from_after_date' });
  if (!(await ctx.repos.regions.get(q.kelurahan))) {
    throw new HttpError(422, 'error.validation', {}, { kelurahan: { key: 'graduation.documents.kelurahan_unknown', params: { code: q.kelurahan } } });
  }
  const cases = await ctx.repos.graduation.documentCases(scope, {
    states: ['approved', 'exited', 'monitoring', 'closed'],
    kelurahanCode: q.kelurahan,
    approvedFrom: from,
    approvedTo: q.date,
    limit: MAX_DOCUMENT_ROWS,
  });
  if (cases.length === 0) throw new HttpError(422, 'error.validation', {}, { date: { key: 'graduation.documents.none', params: { from, date: q.date } } });
  const [region, coordinator] = await Promise.all([regionNames(ctx, q.kelurahan), ctx.repos.reports.coordinatorFor(q.kelurahan)]);
  const data: BeritaAcaraData = {
    date: q.date,
    region,
    place: placeOf(region.kabKota),
    rows: cases.map((c) => ({
      headName: c.headName,
      address: c.address,
      rt: c.rt,
      rw: c.rw,
      kelurahan: c.kelurahanName ?? c.kelurahanCode,
      type: c.type,
      state: c.state,
      approvedAt: c.approvedAt,
      effectiveDate: c.exitEffectiveDate,
    })),
    pendamping: [...new Set(cases.map((c) => c.pendampingName ?? c.pendamping).filter((x): x is string => Boolean(x)))].sort(),
    koordinatorKecamatan: coordinator?.name ?? null,
  };
  await ctx.repos.audit.append(actorOf(scope), ctx.now().toISOString(), [
    { action: 'report.graduation_berita_acara', entity: 'report', recordId: null, regionCode: q.kelurahan, after: { date: q.date, from, kelurahan: q.kelurahan, families: cases.length } },
  ]);
  return { file: await renderBeritaAcaraPdf(data), contentType: PDF, filename: `berita-acara-graduasi-${q.kelurahan}-${q.date}.pdf` };
}

// ---- the proposals list ---------------------------------------------------------------------------

/**
 * `GET /graduation/proposals.xlsx`: every open case in scope that is proposed or approved (not yet
 * exited), one row per family, with the full NIK and No. KK (roles that see identities only: peneliti 403).
 */
export async function proposalsWorkbook(ctx: AppContext, scope: Scope) {
  refuseResearchers(scope);
  const cases = await ctx.repos.graduation.documentCases(scope, { states: ['proposed', 'approved'], openOnly: true, limit: MAX_DOCUMENT_ROWS });
  const familyIds = cases.map((c) => c.familyId);
  const caseIds = cases.map((c) => c.caseId);
  const asOf = today(ctx);
  const [members, proposedMoves, candidateMoves, assessments, candidates] = await Promise.all([
    ctx.repos.families.membersByFamily(scope, familyIds, asOf),
    ctx.repos.graduation.latestMovesTo(caseIds, 'proposed'),
    ctx.repos.graduation.latestMovesTo(caseIds, 'candidate'),
    ctx.repos.graduation.assessmentSummaries(familyIds),
    ctx.repos.graduation.candidatesOf(familyIds),
  ]);
  // No. KK is decrypted one family at a time (a list is tens to a few hundred families).
  const kk = new Map<string, string>();
  for (let i = 0; i < familyIds.length; i += 20) {
    const slice = await Promise.all(familyIds.slice(i, i + 20).map((id) => ctx.repos.families.get(scope, id)));
    for (const f of slice) if (f) kk.set(f.id, f.kkNumber);
  }
  const rows: ProposalRow[] = cases.map((c) => {
    const declarant = declarantOf(members.get(c.familyId) ?? []);
    const list = assessments.get(c.familyId) ?? [];
    const assessment = list.find((a) => a.id === c.assessmentId) ?? list.at(-1);
    const proposed = proposedMoves.get(c.caseId);
    const note = proposed?.note?.trim() || candidateMoves.get(c.caseId)?.note?.trim();
    const triggers = (candidates.get(c.familyId) ?? []).filter((t) => t.type === c.type);
    const reason = note || triggers.map((t) => renderGraduationCoded('id', { code: t.reasonCode, params: t.params as Record<string, string | number> })).join(' ');
    return {
      kkNumber: kk.get(c.familyId) ?? '',
      caretakerNik: declarant?.nik ?? '',
      caretakerName: declarant?.name ?? c.headName,
      headName: c.headName,
      kelurahanCode: c.kelurahanCode,
      kelurahanName: c.kelurahanName ?? '',
      type: c.type,
      state: c.state,
      reason,
      assessmentResult: assessment?.result ?? '',
      assessmentScore: assessment ? assessment.score : null,
      proposedOn: proposed ? jakartaDate(proposed.at) : null,
      pendamping: c.pendamping ?? '',
    };
  });
  const at = ctx.now().toISOString();
  const actor = actorOf(scope);
  await ctx.repos.audit.append(actor, at, [
    { action: 'report.graduation_proposals', entity: 'report', recordId: null, regionCode: scope.regionCode, after: { families: rows.length } },
    ...cases.map((c) => ({
      action: 'family.read_sensitive',
      entity: 'family',
      recordId: c.familyId,
      familyId: c.familyId,
      regionCode: c.kelurahanCode,
      after: { fields: ['kkNumber', 'nik'], via: 'graduation_proposals' },
    })),
  ]);
  return { file: await renderProposalsXlsx({ generatedAt: at, identities: true, rows }), contentType: XLSX, filename: `usulan-graduasi-${today(ctx)}.xlsx` };
}

// ---- evidence documents of the workflow -----------------------------------------------------------

export interface EvidenceRefusal {
  status: 422;
  code: string;
  params: Record<string, string | number>;
  field: string;
}

/**
 * The documents a move names must be attachments of the family itself (an uploaded `family_document`,
 * or a photo of one of its activities), in the caller's scope: the signed statement (`documentId`, for
 * `statement_signed`) and the kelurahan's letter (`kelurahanLetterDocumentId`, for `proposed`).
 * Returns the refusal (422 on the field), or null.
 */
export async function evidenceDocumentRefusal(ctx: AppContext, scope: Scope, familyId: string, input: Pick<TransitionRequestInput, 'to' | 'evidence'>): Promise<EvidenceRefusal | null> {
  const evidence = (input.evidence ?? {}) as { documentId?: unknown; kelurahanLetterDocumentId?: unknown };
  const named: Array<[string, unknown]> = [];
  if (input.to === 'statement_signed') named.push(['documentId', evidence.documentId]);
  if (input.to === 'proposed') named.push(['kelurahanLetterDocumentId', evidence.kelurahanLetterDocumentId]);
  for (const [field, id] of named) {
    if (id === undefined || id === null || id === '') continue;
    const record = typeof id === 'string' ? await ctx.repos.attachments.get(scope, id.toLowerCase()) : undefined;
    if (!record || record.familyId !== familyId) {
      return { status: 422, code: 'graduation.evidence.document_unknown', params: { documentId: String(id).slice(0, 64) }, field: `evidence.${field}` };
    }
  }
  return null;
}
