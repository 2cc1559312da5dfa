/**
 * The nightly re-evaluation (issue 8), set-based: every family re-judged as of a date in a few grouped
 * passes, never one family at a time.
 *
 * 1. Exits whose date has come by the run's date (today at the latest) are applied (one set-based update),
 *    never to a soft-deleted family, nor to a family that has left PKH for another reason (`keluar`): it is
 *    not made `graduasi`, and the run records how many such exits wait (`exitsHeld`).
 * 2. The graduation triggers, and each active family's entitlement, for all families in chunks of
 *    `chunkSize` by id (the next chunk read while this one is judged): per chunk one query for the
 *    families, one grouped query that summarises their current members (FamilyFeatures, computed by the
 *    database), one for PENA income and one for the stored candidates (a text per family); the rules are
 *    applied to the summaries (src/domain/graduation/trigger-features.ts, equal to evaluateTriggers /
 *    computeEntitlement, see its tests); only the families whose candidates changed are rewritten, in one
 *    short transaction per chunk. Families the summaries cannot describe (a birth date that is not a
 *    calendar date, facts recorded after the date, `member_order` entitlement over the cap) are judged by
 *    the domain functions on their members, exactly as a single family is.
 * 3. Families changed while the pass ran (the change log) are re-evaluated one by one, as after any edit.
 * 4. The dashboard aggregates are recounted and replaced (repairing any drift: the run records how many
 *    cells were corrected) and the entitlement snapshot is replaced.
 * Each run is recorded in `batch_runs`. See docs/batch.md.
 */
import { type BenefitRules, computeEntitlement, resolveYearRules } from '../../domain/benefits';
import { bornOnOrBefore, entitlementCalculator, type FamilyFeatures, payablePriority, triggerEvaluator } from '../../domain/graduation/trigger-features';
import { evaluateTriggers, type GraduationTrigger, type TriggerContext } from '../../domain/graduation/triggers';
import { uuidv7 } from '../../domain/ids';
import { type CalendarDate, COMPONENT_CODES } from '../../domain/types';
import type { AppContext } from '../context';
import type { EntitlementCell, RebuildResult } from '../db/repositories/aggregates.repository';
import { CELL_SEPARATOR, NightlyPassRepository, type PassFamilyRow } from '../db/repositories/nightly-pass.repository';
import { today } from './families.service';
import { SYSTEM_ACTOR } from '../db/repositories/audit.repository';
import { candidateRows, componentSettings, runTriggers, SYSTEM_SCOPE, toMember, triggerSettings } from './graduation.service';
import { loadEconomics } from './readiness.service';

/** Families per chunk: small on SQLite (its queries hold the one connection; less garbage per chunk); on PostgreSQL a cursor batch, judged while the next is computed. */
export const DEFAULT_CHUNK = { sqlite: 2_000, postgres: 10_000 } as const;
/** Change-log entries before the pass's start that are looked at again (transactions still open at the start). */
const SEQ_MARGIN = 200;

const NO_MEMBERS: FamilyFeatures = {
  hasComponent: false,
  hasCaretaker: false,
  openEnded: false,
  maxBirthSchool: null,
  maxBirthEarly: null,
  minBirth: null,
  ending: [],
  payable: {},
};

export interface PassOptions {
  asOf?: CalendarDate;
  chunkSize?: number;
  onProgress?: (done: number) => void;
  /** Called once, when the first batch of families has been read (on PostgreSQL the big join is done then). */
  onFirstBatch?: () => void;
  /** SQLite on a file: reading threads for the pass's chunks (0: none; default: the cores, at most 4; TITIAN_SQLITE_READERS). */
  readers?: number;
  /** Tests: each family's triggers and (active families) entitlement total, as the pass found them. */
  inspect?: (familyId: string, found: { triggers: GraduationTrigger[]; entitlement: number | null; byDomain: boolean }) => void;
}

export interface PassResult {
  asOf: CalendarDate;
  families: number;
  candidates: number;
  /** Families whose candidates were rewritten, and the rows written. */
  familiesRewritten: number;
  rowsWritten: number;
  /** Families judged by the domain functions on their members (see the module note). */
  byDomain: number;
  entitlementCells: EntitlementCell[];
  /** SQLite: the reading threads that read the chunks (0: the connection itself, and always on PostgreSQL). */
  readers: number;
  /** SQLite: the chunks read on the connection itself (all of them without threads; with threads, the last, and any a thread failed). */
  chunksOnConnection: number;
  ms: number;
  /** Where the time went (ms): waiting for a chunk's reads (families, member summaries, PENA, stored candidates), the rules, the member order, the domain, writing. */
  steps: { features: number; order: number; rules: number; domain: number; write: number };
}

type Row = { familyId: string; reasonCode: string; type: string; params: string; dueDate: string | null };

/** The order rows are stored and compared in (by reason code). */
const rank = (t: GraduationTrigger) => t.reasonCode;

/**
 * A family's candidates as stored (candidateRows, params as JSON) and as one text per family, the way
 * the nightly pass reads them back (`sig` of nightly-pass.repository.ts). The text of each trigger is remembered by the trigger object (the
 * evaluator shares equal triggers), so a million families cost a few hundred JSON texts.
 */
function candidateText() {
  const part = new WeakMap<GraduationTrigger, { text: string; row: Omit<Row, 'familyId'> }>();
  const of = (t: GraduationTrigger) => {
    let p = part.get(t);
    if (!p) {
      const r = candidateRows('', [t])[0]!;
      const row = { reasonCode: r.reasonCode, type: r.type, params: JSON.stringify(r.params), dueDate: r.dueDate };
      p = { text: `${row.reasonCode}\u0001${row.type}\u0001${row.params}\u0001${row.dueDate ?? ''}`, row };
      part.set(t, p);
    }
    return p;
  };
  const sorted = (triggers: GraduationTrigger[]) => (triggers.length > 1 ? [...triggers].sort((a, b) => (rank(a) < rank(b) ? -1 : 1)) : triggers);
  const two: GraduationTrigger[] = [];
  return {
    /** Whether the stored text equals the triggers' (signature(triggers) === stored, without building it). */
    matches(triggers: GraduationTrigger[], stored: string): boolean {
      if (triggers.length === 0) return stored === '';
      if (triggers.length === 1) return of(triggers[0]!).text === stored;
      let list = triggers;
      if (triggers.length === 2) {
        const [a, b] = triggers as [GraduationTrigger, GraduationTrigger];
        two[0] = rank(a) < rank(b) ? a : b;
        two[1] = rank(a) < rank(b) ? b : a;
        list = two;
      } else list = sorted(triggers);
      let at = 0;
      for (let i = 0; i < list.length; i++) {
        if (i > 0) {
          if (stored.charCodeAt(at) !== 2) return false;
          at++;
        }
        const text = of(list[i]!).text;
        if (!stored.startsWith(text, at)) return false;
        at += text.length;
      }
      return at === stored.length;
    },
    signature(triggers: GraduationTrigger[]): string {
      if (triggers.length === 0) return '';
      if (triggers.length === 1) return of(triggers[0]!).text;
      let out = '';
      for (const t of sorted(triggers)) out += (out ? '\u0002' : '') + of(t).text;
      return out;
    },
    rows(familyId: string, triggers: GraduationTrigger[]): Row[] {
      return sorted(triggers).map((t) => ({ familyId, ...of(t).row }));
    },
  };
}

const ENTITLEMENT_MEMBERS: Record<string, keyof EntitlementCell> = {
  ibu_hamil: 'members_ibu_hamil',
  anak_usia_dini: 'members_anak_usia_dini',
  sd: 'members_sd',
  smp: 'members_smp',
  sma: 'members_sma',
  disabilitas_berat: 'members_disabilitas_berat',
  lansia: 'members_lansia',
};

/** The triggers (and entitlements) of every family as of a date, set-based; candidates rewritten where they changed. */
export async function evaluateAllTriggers(ctx: AppContext, opts: PassOptions = {}): Promise<PassResult> {
  const t0 = performance.now();
  const asOf = opts.asOf ?? today(ctx);
  const year = Number(asOf.slice(0, 4));
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK[ctx.database.engine];
  const rules = (await ctx.benefitRules()) as BenefitRules;
  const yearRules = resolveYearRules(rules, year);
  const components = await componentSettings(ctx, year);
  const tctx: TriggerContext = { asOf, components, settings: await triggerSettings(ctx), economics: await loadEconomics(ctx) };
  const priority = yearRules.ok ? payablePriority(yearRules.amounts) : [];
  const params = {
    asOf,
    earlyBound: bornOnOrBefore(asOf, components.earlyChildhoodMaxAgeExclusive),
    lansiaBound: bornOnOrBefore(asOf, components.lansiaMinAge),
    priority,
  };
  const repo = ctx.repos.graduation;
  const reads = new NightlyPassRepository(ctx.database.db, ctx.database.engine, { sqliteFile: ctx.database.file, readers: opts.readers });
  const judge = triggerEvaluator(tctx);
  const texts = candidateText();
  const entitlementOf = yearRules.ok ? entitlementCalculator(yearRules) : null;
  const at = ctx.now().toISOString();
  const factsAfter = await repo.familiesWithFactsAfter(asOf);
  const pena = await reads.penaIncome();
  const cells = new Map<string, EntitlementCell>();
  const result = { families: 0, candidates: 0, familiesRewritten: 0, rowsWritten: 0, byDomain: 0 };
  const steps = { features: 0, order: 0, rules: 0, domain: 0, write: 0 };
  let clock = performance.now();
  const lap = (step: keyof typeof steps) => {
    const now = performance.now();
    steps[step] += now - clock;
    clock = now;
  };

  /** An active family's entitlement into its cell: total and members by payable component (in `codes` order). */
  const addEntitlement = (cellKey: string, total: number, count: (i: number) => number, codes: readonly string[]) => {
    let c = cells.get(cellKey);
    if (!c) {
      const [province, kabKota, kecamatan, kelurahan, pendamping] = cellKey.split(CELL_SEPARATOR);
      c = {
        province_code: province!,
        kab_kota_code: kabKota!,
        kecamatan_code: kecamatan!,
        kelurahan_code: kelurahan!,
        pendamping_key: pendamping ?? '',
        families: 0,
        entitled_families: 0,
        annual_rupiah: 0,
        members_ibu_hamil: 0,
        members_anak_usia_dini: 0,
        members_sd: 0,
        members_smp: 0,
        members_sma: 0,
        members_disabilitas_berat: 0,
        members_lansia: 0,
      };
      cells.set(cellKey, c);
    }
    c.families++;
    if (total > 0) c.entitled_families++;
    c.annual_rupiah += total;
    for (let i = 0; i < codes.length; i++) {
      const n = count(i);
      if (n) (c[ENTITLEMENT_MEMBERS[codes[i]!]!] as number) += n;
    }
  };
  const kabKotaOf = (f: PassFamilyRow) => f.cell.split(CELL_SEPARATOR)[1]!;

  // One summary object and one count array, refilled for each family (a million of them).
  const summary: FamilyFeatures = { ...NO_MEMBERS, ending: [] };
  const ending = summary.ending as Array<'anak_usia_dini' | 'sd' | 'smp' | 'sma'>;
  const payableCounts = new Array<number>(priority.length).fill(0);
  const payableAt = (i: number) => payableCounts[i]!;
  const NONE: GraduationTrigger[] = [];
  const F64 = [1, 64, 64 ** 2, 64 ** 3, 64 ** 4, 64 ** 5, 64 ** 6];
  let unanalysed = 0;

  let firstBatch = true;
  const { readers, chunksOnConnection } = await reads.forEachBatch(params, chunkSize, async (families) => {
    lap('features');
    if (firstBatch) {
      firstBatch = false;
      opts.onFirstBatch?.();
    }
    // 1. The rules on each family's summary.
    const triggersOf: GraduationTrigger[][] = new Array(families.length);
    const totals: Array<number | null> | null = opts.inspect ? new Array(families.length).fill(null) : null;
    const domainAt: number[] = [];
    const unordered: number[] = [];
    for (let i = 0; i < families.length; i++) {
      const f = families[i]!;
      if (f.status !== 'aktif' && f.status !== 'ditangguhkan') {
        triggersOf[i] = NONE;
        continue;
      }
      if (f.flags !== null) {
        let packed = Number(f.flags);
        if (packed >= F64[1]! && Math.floor(packed / F64[1]!) % 64 > 0) {
          domainAt.push(i);
          continue;
        }
        if (factsAfter.size && factsAfter.has(f.id)) {
          domainAt.push(i);
          continue;
        }
        summary.hasCaretaker = packed % 64 > 0;
        packed = Math.floor(packed / F64[2]!);
        summary.openEnded = packed % 64 > 0;
        packed = Math.floor(packed / 64);
        ending.length = 0;
        if (packed !== 0) {
          if (packed % 64) ending.push('anak_usia_dini');
          if (Math.floor(packed / 64) % 64) ending.push('sd');
          if (Math.floor(packed / F64[2]!) % 64) ending.push('smp');
          if (Math.floor(packed / F64[3]!) % 64) ending.push('sma');
        }
        summary.hasComponent = summary.openEnded || ending.length > 0;
        summary.maxBirthSchool = f.maxBirthSchool;
        summary.maxBirthEarly = f.maxBirthEarly;
        summary.minBirth = f.minBirth;
      } else {
        if (factsAfter.size && factsAfter.has(f.id)) {
          domainAt.push(i);
          continue;
        }
        summary.hasCaretaker = false;
        summary.hasComponent = false;
        summary.openEnded = false;
        summary.maxBirthSchool = null;
        summary.maxBirthEarly = null;
        summary.minBirth = null;
        ending.length = 0;
      }
      if (f.status === 'aktif' && entitlementOf) {
        const pay = f.payable === null ? 0 : Number(f.payable);
        for (let k = 0; k < priority.length; k++) payableCounts[k] = pay === 0 ? 0 : Math.floor(pay / F64[k]!) % 64;
        const total = entitlementOf.fromCounts(payableCounts);
        if (total === null) {
          domainAt.push(i);
          continue;
        }
        addEntitlement(f.cell, total, payableAt, priority);
        if (totals) totals[i] = total;
      }
      const triggers = judge(summary, f);
      const income = pena.size ? pena.get(f.id) : undefined;
      if (income?.length) {
        triggers.push(...evaluateTriggers({ members: [], kabKotaCode: kabKotaOf(f), penaIncome: income as never }, tctx).filter((t) => t.reasonCode === 'graduation.trigger.pena_income'));
      }
      if (ending.length > 1) {
        for (const t of triggers) if (t.reasonCode === 'graduation.trigger.components_ending' && String(t.params.components).includes(',')) unordered.push(i);
      }
      triggersOf[i] = triggers;
    }
    lap('rules');
    // Several components ending: listed in member order, which the summary does not carry.
    if (unordered.length) {
      const order = await repo.endingOrder(
        unordered.map((i) => families[i]!.id),
        params,
      );
      for (const i of unordered) {
        // The evaluator's triggers are shared: the family gets its own copy in its own order.
        const list = triggersOf[i]!;
        const at = list.findIndex((x) => x.reasonCode === 'graduation.trigger.components_ending');
        const t = list[at]!;
        const present = String(t.params.components).split(',');
        const components = (order.get(families[i]!.id) ?? present).filter((c) => present.includes(c)).join(',');
        list[at] = { ...t, params: { ...t.params, components } };
      }
    }
    lap('order');
    // 2. The families the summary cannot describe: the domain on their members, as a single family is judged.
    if (domainAt.length) {
      const ids = domainAt.map((i) => families[i]!.id);
      const members = await ctx.repos.families.membersByFamily(SYSTEM_SCOPE, ids, asOf);
      for (const i of domainAt) {
        const f = families[i]!;
        const list = (members.get(f.id) ?? []).map(toMember);
        triggersOf[i] = evaluateTriggers({ members: list, joinedYear: f.joinedYear, decile: f.decile, kabKotaCode: kabKotaOf(f), penaIncome: (pena.get(f.id) ?? []) as never }, tctx);
        if (f.status === 'aktif' && yearRules.ok) {
          const e = computeEntitlement({ members: list, year, asOf }, rules);
          if (e.ok) {
            const byCode = e.result.components.map((m) => m.component);
            const codes = COMPONENT_CODES;
            addEntitlement(f.cell, e.result.annualTotal, (k) => byCode.filter((c) => c === codes[k]).length, codes);
            if (totals) totals[i] = e.result.annualTotal;
          }
        }
      }
      result.byDomain += domainAt.length;
    }
    lap('domain');

    // 3. Only what changed is written; only families with stored rows need a delete.
    const rewrite: string[] = [];
    let rewritten = 0;
    const rows: Row[] = [];
    const inDomain = opts.inspect ? new Set(domainAt) : null;
    for (let i = 0; i < families.length; i++) {
      const f = families[i]!;
      const triggers = triggersOf[i]!;
      if (opts.inspect) opts.inspect(String(f.id), { triggers, entitlement: totals![i]!, byDomain: inDomain!.has(i) });
      const before = f.sig ?? '';
      result.candidates += triggers.length;
      if (!texts.matches(triggers, before)) {
        rewritten++;
        // Every changed family's rows are deleted first, even when no text was kept for it: rows written
        // behind the repository's back (no text kept) are replaced, never collided with.
        rewrite.push(f.id);
        for (const r of texts.rows(f.id, triggers)) rows.push(r);
      }
    }
    lap('rules');
    await repo.rewriteCandidates(rewrite, rows, at);
    unanalysed += rows.length;
    if (unanalysed > 50_000) {
      await repo.refreshCandidateStatistics();
      unanalysed = 0;
    }
    lap('write');
    result.familiesRewritten += rewritten;
    result.rowsWritten += rows.length;
    result.families += families.length;
    opts.onProgress?.(result.families);
    clock = performance.now();
  });
  // Candidates of families no longer live (deleted) go.
  const gone = await reads.candidatesOfDeadFamilies();
  if (gone.length) await repo.rewriteCandidates(gone, [], at);
  result.familiesRewritten += gone.length;
  lap('write');
  return { asOf, ...result, readers, chunksOnConnection, entitlementCells: [...cells.values()], ms: performance.now() - t0, steps: roundMs(steps) as PassResult['steps'] };
}

export interface NightlyResult {
  runId: string;
  asOf: CalendarDate;
  families: number;
  candidates: number;
  exits: number;
  /**
   * Due exits left alone because the family had left PKH for another reason (`keluar`, data from before that
   * was refused): the family keeps its status; a koordinator decides (docs/batch.md, "Due exits").
   */
  exitsHeld: number;
  /**
   * The date the exits were applied (and held ones counted) for: `asOf`, except that an `asOf` after today
   * applies them as of today: an exit never takes effect before its date (docs/batch.md, "Due exits").
   */
  exitsAsOf: CalendarDate;
  /** Families changed during the pass, re-evaluated one by one afterwards. */
  refreshed: number;
  /** Aggregate cells the recount had to correct (0: the incremental maintenance was exact). */
  corrected: number;
  pass: Omit<PassResult, 'entitlementCells'>;
  ms: { exits: number; pass: number; refresh: number; aggregates: number; total: number };
}

/** The nightly: due exits, the set-based trigger and entitlement pass, catch-up of concurrent changes, the aggregates rebuilt. */
export async function runNightly(ctx: AppContext, opts: PassOptions = {}): Promise<NightlyResult> {
  const t0 = performance.now();
  const asOf = opts.asOf ?? today(ctx);
  const runId = uuidv7();
  const agg = ctx.repos.aggregates;
  await agg.startRun({ id: runId, kind: 'nightly', asOf, at: ctx.now().toISOString() });
  try {
    // The exits as of the run's date, so the pass judges the statuses of that date: exits due by then are
    // applied (dated, as always, their own exit date), later ones wait for their night. Never as of a date
    // after today: applying an exit is no projection, it changes the family now (status, P2K2 groups, audit),
    // so a run for a later date (`--as-of`) applies only the exits due today.
    const realToday = today(ctx);
    const exitsAsOf = asOf < realToday ? asOf : realToday;
    const exits = await ctx.repos.graduation.applyDueExits(exitsAsOf, SYSTEM_ACTOR, ctx.now().toISOString());
    const exitsHeld = await new NightlyPassRepository(ctx.database.db, ctx.database.engine).heldExits(exitsAsOf);
    const t1 = performance.now();
    let t2 = t1;
    const seq = await ctx.repos.graduation.latestChangeSeq();
    // PostgreSQL: the aggregates are recounted on a connection of their own while the pass judges what it
    // read (once its big join is answered, the server has a core to spare). What the pass and the catch-up
    // write meanwhile stays exact: the recount locks the aggregate tables, so such a write's trigger waits
    // for it and applies its change to the recounted cells (aggregates.repository.ts). SQLite has one
    // connection: there the recount runs after the catch-up.
    const recount: { running: Promise<RebuildResult> | null } = { running: null };
    const onFirstBatch = () => {
      if (ctx.database.engine === 'postgres' && !recount.running) {
        recount.running = agg.rebuild();
        recount.running.catch(() => undefined);
      }
      opts.onFirstBatch?.();
    };
    let pass: PassResult;
    let changed: string[];
    try {
      pass = await evaluateAllTriggers(ctx, { ...opts, asOf, onFirstBatch });
      t2 = performance.now();
      changed = await ctx.repos.graduation.familiesChangedSince(Math.max(0, seq - SEQ_MARGIN));
      if (changed.length) await runTriggers(ctx, { familyIds: changed, asOf });
    } catch (e) {
      // Nothing is left running on its own.
      await recount.running?.catch(() => undefined);
      throw e;
    }
    const t3 = performance.now();
    const rebuilt = await (recount.running ?? agg.rebuild());
    await agg.replaceEntitlement(pass.entitlementCells);
    const t4 = performance.now();
    const { entitlementCells, ...passSummary } = pass;
    const out: NightlyResult = {
      runId,
      asOf,
      families: pass.families,
      candidates: pass.candidates,
      exits: exits.length,
      exitsHeld,
      exitsAsOf,
      refreshed: changed.length,
      corrected: rebuilt.corrected,
      pass: passSummary,
      ms: { exits: t1 - t0, pass: t2 - t1, refresh: t3 - t2, aggregates: t4 - t3, total: t4 - t0 },
    };
    await agg.finishRun(runId, {
      status: 'done',
      at: ctx.now().toISOString(),
      families: pass.families,
      candidates: pass.candidates,
      details: { exits: out.exits, exitsHeld, exitsAsOf, refreshed: out.refreshed, corrected: out.corrected, familiesRewritten: pass.familiesRewritten, rowsWritten: pass.rowsWritten, byDomain: pass.byDomain, readers: pass.readers, entitlementCells: entitlementCells.length, ms: roundMs(out.ms) },
    });
    return out;
  } catch (e) {
    await agg.finishRun(runId, { status: 'failed', at: ctx.now().toISOString(), details: { error: e instanceof Error ? e.message : String(e) } }).catch(() => undefined);
    throw e;
  }
}

function roundMs(ms: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(ms).map(([k, v]) => [k, Math.round(v)]));
}

/**
 * Whether a nightly run is due: the latest finished run was not for `today`. A run by hand for another date
 * (`titian graduation triggers --as-of`) is not today's: after one for a later date the candidates and the
 * entitlement snapshot are a projection and the exits due since have not been applied, so the schedule runs
 * for today at its next check instead of waiting for that date (up to a year).
 */
export async function nightlyDue(ctx: AppContext): Promise<boolean> {
  const last = await ctx.repos.aggregates.lastRun('nightly');
  return !last || last.asOf !== today(ctx);
}

