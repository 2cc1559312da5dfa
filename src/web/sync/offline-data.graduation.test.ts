/**
 * withOffline, graduation work: criteria sets, a family's graduation and its assessments without the server
 * (the answers seen last online, the synced `criteria_set`, `graduation_case` and `assessment` records), the
 * wizard's live preview scored on the phone exactly as `POST /rules/readiness` answers, and an assessment and
 * a workflow move through the outbox (a move judged first by the state machine; a refused or conflicting
 * move puts the case back). `http` is a stub TitianData; the engine runs on a real ApiClient whose fetch is
 * a tiny sync server in memory, as in offline-data.test.ts.
 */
import 'fake-indexeddb/auto';
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CriteriaSet as DomainSet, parseCriteriaSetsFile, splitCsv, economicsFromRecords } from '../../domain/graduation/criteria';
import { scoreReadiness } from '../../domain/graduation/scoring';
import { presentReadiness as serverPresentReadiness } from '../../server/services/readiness.service';
import { ApiClient, ApiError } from '../api/client';
import type { Answer, AnswerValue, Assessment, CriteriaSet, FamilyGraduation, Readiness } from '../data/graduation';
import type { TitianData } from '../data/TitianData';
import type { Page, User } from '../data/types';
import { type PushAnswer, SyncEngine } from './engine';
import { LocalStore, type SyncChange } from './local-store';
import { withOffline } from './offline-data';
import { uuidv7 } from './uuid';

const T0 = new Date('2026-05-17T03:00:00.000Z');
const TODAY = '2026-05-17';
const PENDAMPING: User = { id: 'u-pd1', username: 'pd1', displayName: 'Pendamping Satu', role: 'pendamping', regionCode: '32.76.01', regionName: 'Cimanggis' };

const root = new URL('../../../', import.meta.url);
const parsedSets = parseCriteriaSetsFile(JSON.parse(fs.readFileSync(new URL('data/reference/graduation-criteria-sets.json', root), 'utf8')));
if (!parsedSets.ok) throw new Error('the bundled criteria sets do not parse');
const SETS: DomainSet[] = parsedSets.sets;
const PKH = SETS.find((s) => s.code === 'pkh-default')!;
const [header, ...csvRows] = splitCsv(fs.readFileSync(new URL('data/reference/depok-economics.csv', root), 'utf8'));
/** The reference document `depok-economics` as the server keeps it (`{rows}` of the CSV's records). */
const ECONOMICS_DOC = { rows: csvRows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i] ?? '']))) };
const ECONOMICS = (() => {
  const p = economicsFromRecords(ECONOMICS_DOC.rows);
  if (!p.ok) throw new Error('economics');
  return p.rows;
})();

/** The list as `GET /graduation/criteria-sets` answers it. */
const listed = (): CriteriaSet[] => SETS.map((s) => ({ ...(s as unknown as CriteriaSet), revision: 1, active: true })).sort((a, b) => a.code.localeCompare(b.code));

const networkError = () => new ApiError(0, 'network', 'Tidak ada jaringan');

function syncServer() {
  const s = {
    up: true,
    log: [] as SyncChange[],
    pushed: [] as Array<{ id: string; entity: string; op: string; recordId: string; familyId?: string; data: Record<string, unknown> }>,
    decide: (m: { id: string; entity: string }): PushAnswer => ({ id: m.id, status: 'applied' }),
    fetch: (async (input: RequestInfo | URL, init?: RequestInit) => {
      if (!s.up) throw new TypeError('Failed to fetch');
      const url = new URL(String(input), 'http://titian.test');
      if (url.pathname.endsWith('/sync/push')) {
        const { mutations } = JSON.parse(String(init?.body)) as { mutations: typeof s.pushed };
        s.pushed.push(...mutations);
        return new Response(JSON.stringify({ results: mutations.map((m) => s.decide(m)) }), { status: 200, headers: { 'Content-Type': 'application/json' } });
      }
      const from = Number(url.searchParams.get('cursor') ?? 0);
      return new Response(JSON.stringify({ changes: s.log.slice(from), cursor: String(s.log.length), hasMore: false }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    }) as typeof fetch,
  };
  return s;
}

const serverGraduation = (over: Partial<FamilyGraduation> = {}): FamilyGraduation => ({
  state: 'candidate',
  type: 'sejahtera_mandiri',
  case: { id: 'C1', state: 'candidate', type: 'sejahtera_mandiri', open: true, openedAt: '2026-04-01T02:00:00.000Z', stateAt: '2026-04-01T02:00:00.000Z', assessmentId: null, statementSignedAt: null, approvedAt: null, exitEffectiveDate: null, version: 1 },
  history: [{ from: null, to: 'candidate', type: 'sejahtera_mandiri', by: 'pd1', role: 'pendamping', at: '2026-04-01T02:00:00.000Z', note: null, evidence: null }],
  followups: [],
  moves: ['assessed'],
  triggers: [{ type: 'sejahtera_mandiri', reasonCode: 'graduation.trigger.x', reason: 'Pendapatan naik', dueDate: null }],
  ...over,
});

function stubHttp() {
  const net = { down: false };
  const guard = <A extends unknown[], R>(fn: (...a: A) => Promise<R>) =>
    vi.fn(async (...a: A): Promise<R> => {
      if (net.down) throw networkError();
      return fn(...a);
    });
  const notExpected = (what: string) =>
    vi.fn(async (): Promise<never> => {
      throw new Error(`not expected: ${what} goes through the outbox`);
    });
  const http = {
    me: guard(async (): Promise<User | null> => PENDAMPING),
    listCriteriaSets: guard(async () => ({ items: listed() })),
    scoreReadiness: guard(async (): Promise<Readiness> => {
      throw new Error('the server scores online');
    }),
    listAssessments: guard(async (_f: string): Promise<Page<Assessment>> => ({ items: [], total: 0 })),
    familyGraduation: guard(async (_f: string): Promise<FamilyGraduation> => serverGraduation()),
    createAssessment: notExpected('an assessment'),
    moveGraduation: notExpected('a move'),
  };
  return { http, net, data: http as unknown as TitianData };
}

const caseRecord = (over: Record<string, unknown> = {}): SyncChange => ({
  entity: 'graduation_case',
  id: 'C1',
  op: 'upsert',
  version: 1,
  data: {
    id: 'C1',
    familyId: 'F1',
    type: 'sejahtera_mandiri',
    state: 'candidate',
    openedAt: '2026-04-01T02:00:00.000Z',
    stateAt: '2026-04-01T02:00:00.000Z',
    assessmentId: null,
    statementSignedAt: null,
    approvedAt: null,
    exitEffectiveDate: null,
    history: [{ from: null, to: 'candidate', type: 'sejahtera_mandiri', by: 'pd1', role: 'pendamping', at: '2026-04-01T02:00:00.000Z', note: null, evidence: null }],
    followups: [],
    version: 1,
    ...over,
  },
});

/** What sync brings: two families (F1 with an open case), the criteria sets, a stored assessment of F1. */
const synced = (): SyncChange[] => [
  { entity: 'family', id: 'F1', op: 'upsert', version: 3, data: { id: 'F1', kkNumber: '3276010101010001', headName: 'Siti Aminah', kelurahanCode: '32.76.01.1001', kelurahanName: 'Tugu', kecamatanCode: '32.76.01', status: 'aktif', pendamping: 'pd1', version: 3 } },
  { entity: 'family', id: 'F2', op: 'upsert', version: 1, data: { id: 'F2', kkNumber: '3276010101010002', headName: 'Budi', kelurahanCode: '32.76.01.1001', kelurahanName: 'Tugu', kecamatanCode: '32.76.01', status: 'aktif', pendamping: 'pd1', version: 1 } },
  ...SETS.map((s, i): SyncChange => ({ entity: 'criteria_set', id: `cs-${i}`, op: 'upsert', version: 1, data: { id: `cs-${i}`, code: s.code, revision: 1, active: true, definition: s } })),
  caseRecord(),
  {
    entity: 'assessment',
    id: 'A-old',
    op: 'upsert',
    version: 1,
    data: {
      id: 'A-old',
      familyId: 'F1',
      criteriaSet: 'pkh-default',
      revision: 1,
      date: '2026-03-02',
      assessor: 'pd1',
      result: 'not_ready',
      score: 0.2,
      ready: false,
      // A verdict the answers on the phone do not give again ((3 + 1) / 17 = 0.2353, not 0.2): the phone keeps the verdict and invents no detail.
      answers: { pendapatan_stabil: { value: true, evidence: 'observation' }, tabungan: { value: true, evidence: 'self_report' } },
      version: 1,
    },
  },
];

const stores: LocalStore[] = [];
const engines: SyncEngine[] = [];

async function idle(engine: SyncEngine): Promise<void> {
  for (;;) {
    const running = (engine as unknown as { running: Promise<void> | null }).running;
    if (!running) return;
    await running;
  }
}

async function setup(opts: { lang?: 'id' | 'en'; economics?: boolean } = {}) {
  const server = syncServer();
  server.log.push(...synced());
  const store = await LocalStore.open(`offline-graduation-${uuidv7()}`);
  stores.push(store);
  const engine = new SyncEngine({ store, api: new ApiClient({ fetch: server.fetch }), appVersion: 'test', now: () => T0 });
  engines.push(engine);
  const { http, net, data: httpData } = stubHttp();
  const referenceDocument = vi.fn(async (name: string) => {
    if (name !== 'depok-economics' || opts.economics === false) throw networkError();
    return ECONOMICS_DOC;
  });
  const data = withOffline(httpData, engine, { getLang: () => opts.lang ?? 'id', now: () => T0, referenceDocument });
  await engine.start(PENDAMPING, { online: true });
  await idle(engine);
  // Online once: "who am I" (the economics table is fetched then).
  await data.me();
  await idle(engine);
  await vi.waitFor(async () => expect(opts.economics === false || (await store.getMeta('answer:reference:depok-economics')) !== undefined).toBe(true));
  /** The server and the network go away (and the browser says so). */
  const offline = () => {
    server.up = false;
    net.down = true;
    vi.stubGlobal('navigator', { onLine: false });
  };
  return { server, store, engine, http, net, data, offline, referenceDocument };
}

/** Every pkh-default answer yes, an income of Rp 2.5 million (above Depok's poverty line). */
const READY_ANSWERS: Record<string, AnswerValue> = Object.fromEntries(PKH.criteria.map((c) => [c.code, c.answer.type === 'rupiah' ? 2_500_000 : true]));
const richAnswers = (values: Record<string, AnswerValue>): Record<string, Answer> => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, evidence: 'observation' as const }]));

beforeEach(() => {
  vi.unstubAllGlobals();
});
afterEach(async () => {
  vi.unstubAllGlobals();
  for (const e of engines.splice(0)) {
    await idle(e);
    e.stop();
  }
  for (const s of stores.splice(0)) s.close();
});

describe('criteria sets', () => {
  it('offline: the list seen last online, else the synced sets (the latest active revision of each code, by code)', async () => {
    const { data, offline, store } = await setup();
    offline();
    const fromSync = await data.listCriteriaSets();
    expect(fromSync.items.map((s) => s.code)).toEqual(['4ps-swdi', 'brac-upg', 'chile-puente', 'pkh-default']);
    expect(fromSync.items.find((s) => s.code === 'pkh-default')).toEqual({ ...(PKH as unknown as CriteriaSet), revision: 1, active: true });
    // A newer revision that is switched off is not the one in use.
    await store.applyPage([{ entity: 'criteria_set', id: 'cs-new', op: 'upsert', version: 2, data: { id: 'cs-new', code: 'pkh-default', revision: 2, active: false, definition: { ...PKH, version: '0.2' } } }], {});
    expect((await data.listCriteriaSets()).items.find((s) => s.code === 'pkh-default')?.revision).toBe(1);
  });

  it('the answer seen online wins offline', async () => {
    const { data, http, offline } = await setup();
    http.listCriteriaSets.mockImplementationOnce(async () => ({ items: [{ ...listed()[0]!, name: { id: 'Dari server', en: 'From the server' } }] }));
    await data.listCriteriaSets();
    offline();
    expect((await data.listCriteriaSets()).items.map((s) => s.name.id)).toEqual(['Dari server']);
  });
});

describe('the live preview (scoreReadiness)', () => {
  const input = { criteriaSet: 'pkh-default', answers: { ...READY_ANSWERS, tabungan: false, air_sanitasi: null } as Record<string, AnswerValue>, kabKotaCode: '32.76' };

  it('online: the server scores', async () => {
    const { data, http } = await setup();
    http.scoreReadiness.mockImplementationOnce(async () => ({ result: 'from-server' }) as Readiness);
    expect((await data.scoreReadiness(input)).result).toBe('from-server');
  });

  for (const lang of ['id', 'en'] as const) {
    it(`unreachable: the domain's scoring on the phone, exactly the server's answer (${lang})`, async () => {
      const { data, http, net } = await setup({ lang });
      net.down = true;
      const local = await data.scoreReadiness(input);
      expect(http.scoreReadiness).toHaveBeenCalled();
      const expected = serverPresentReadiness(PKH, scoreReadiness(PKH, { ...READY_ANSWERS, tabungan: false, air_sanitasi: null }, { asOf: TODAY, kabKotaCode: '32.76', economics: ECONOMICS }), lang);
      expect(local).toEqual(expected);
      // The income rule was judged against Depok's poverty line, not refused for want of it.
      expect(local.met).toContain('pendapatan_di_atas_garis');
      expect(local.explanation.map((e) => e.code)).toContain('graduation.criterion.at_least_indicator');
    });
  }

  it('every bundled set and mode scores as the server does', async () => {
    const { data, offline } = await setup({ lang: 'en' });
    offline();
    for (const set of SETS) {
      const answers = Object.fromEntries(set.criteria.map((c, i) => [c.code, c.answer.type === 'scale' ? c.answer.min + (i % (c.answer.max - c.answer.min + 1)) : c.answer.type === 'rupiah' ? 500_000 : i % 3 !== 0]));
      const expected = serverPresentReadiness(set, scoreReadiness(set, answers, { asOf: TODAY, kabKotaCode: null, economics: ECONOMICS }), 'en');
      expect(await data.scoreReadiness({ criteriaSet: set.code, answers })).toEqual(expected);
    }
  });

  it("answers of the wrong type: the server's 422, field by field", async () => {
    const { data, offline } = await setup({ lang: 'en' });
    offline();
    const err = (await data.scoreReadiness({ criteriaSet: 'pkh-default', answers: { tabungan: 'ya', nope: true } }).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 422, code: 'validation' });
    expect(Object.keys(err.fields).sort()).toEqual(['answers.nope', 'answers.tabungan']);
    expect(err.fields['answers.tabungan']).toMatch(/^[^{}]+$/);
  });

  it('without the economics table the income rule cannot be judged as the server would: no preview then (the wizard goes on)', async () => {
    const { data, offline } = await setup({ economics: false });
    offline();
    await expect(data.scoreReadiness(input)).rejects.toMatchObject({ status: 0, code: 'network' });
    // With the income left unanswered, the rest scores as the server does.
    const { pendapatan_di_atas_garis: _, ...rest } = input.answers;
    const local = await data.scoreReadiness({ ...input, answers: rest });
    expect(local).toEqual(serverPresentReadiness(PKH, scoreReadiness(PKH, rest, { asOf: TODAY, kabKotaCode: '32.76', economics: [] }), 'id'));
  });
});

describe('assessments through the outbox', () => {
  const input = { criteriaSet: 'pkh-default', answers: richAnswers(READY_ANSWERS), date: TODAY };

  it('offline: queued with one pending outbox item, scored on the phone, and listed (after the stored ones)', async () => {
    const { data, offline, store, engine, http } = await setup();
    offline();
    const a = await data.createAssessment('F1', input);
    expect(http.createAssessment).not.toHaveBeenCalled();
    expect(a.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(a).toMatchObject({ date: TODAY, assessor: 'pd1', revision: 1, ready: true, result: 'ready', resultLabel: 'Keluarga siap graduasi.', score: 1 });
    const outbox = await store.outbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ entity: 'assessment', op: 'create', recordId: a.id, familyId: 'F1', status: 'pending', data: input, summary: { familyId: 'F1', label: `assessment:pkh-default:${TODAY}` } });
    expect(await store.get('assessment', a.id)).toMatchObject({ pending: outbox[0]!.id, familyId: 'F1', data: { criteriaSet: 'pkh-default', date: TODAY, score: 1, ready: true } });
    expect(engine.getState()).toMatchObject({ pending: 1 });

    const list = await data.listAssessments('F1');
    expect(list.items.map((x) => x.id)).toEqual(['A-old', a.id]);
    expect(list.items[1]).toEqual(a);
    // The stored one keeps the server's verdict; its answers scored again do not give it, so no detail is made up.
    expect(list.items[0]).toMatchObject({ id: 'A-old', score: 0.2, result: 'not_ready', met: [], explanation: [] });
  });

  it('online with one still waiting: the server\'s list, and the waiting one after it', async () => {
    const { data, server, http, net } = await setup();
    server.up = false;
    const a = await data.createAssessment('F1', input);
    const old = { id: 'A-old', date: '2026-03-02', score: 0.2 } as Assessment;
    http.listAssessments.mockImplementation(async () => ({ items: [old], total: 1 }));
    net.down = false;
    const list = await data.listAssessments('F1');
    expect(list.items.map((x) => x.id)).toEqual(['A-old', a.id]);
    expect(list.total).toBe(2);
  });

  it('delivered at once: the server\'s own assessment, nothing waiting, listed once', async () => {
    const { data, server, store, http } = await setup();
    let theirs: Assessment | undefined;
    http.listAssessments.mockImplementation(async () => ({ items: theirs ? [theirs] : [], total: theirs ? 1 : 0 }));
    server.decide = (m) => {
      theirs = { id: (server.pushed.at(-1) as { recordId: string }).recordId, date: TODAY, score: 0.9, result: 'ready', resultLabel: 'server' } as Assessment;
      return { id: m.id, status: 'applied' };
    };
    const a = await data.createAssessment('F1', input);
    expect(a).toBe(theirs);
    expect(server.pushed).toHaveLength(1);
    expect(server.pushed[0]).toMatchObject({ entity: 'assessment', op: 'create', recordId: a.id, familyId: 'F1', data: input });
    expect(await store.outbox()).toEqual([]);
    expect((await store.get('assessment', a.id))?.pending).toBeUndefined();
    const list = await data.listAssessments('F1');
    expect(list.items.map((x) => x.id)).toEqual([a.id]);
  });

  it('queued, then delivered when the server is back: sent once, never listed twice', async () => {
    const { data, server, engine, store, http, net } = await setup();
    server.up = false;
    const a = await data.createAssessment('F1', input);
    server.up = true;
    await engine.sync();
    await engine.sync();
    expect(server.pushed.map((m) => m.recordId)).toEqual([a.id]);
    expect(await store.outbox()).toEqual([]);
    net.down = false;
    http.listAssessments.mockImplementation(async () => ({ items: [{ ...a, resultLabel: 'server' }], total: 1 }));
    const list = await data.listAssessments('F1');
    expect(list.items.map((x) => [x.id, x.resultLabel])).toEqual([[a.id, 'server']]);
    expect(list.total).toBe(1);
  });

  it('answers the server would refuse are a form error at once, nothing queued', async () => {
    const { data, offline, store } = await setup();
    offline();
    await expect(data.createAssessment('F1', { criteriaSet: 'pkh-default', answers: { tabungan: 12 }, date: TODAY })).rejects.toMatchObject({ status: 422, fields: { 'answers.tabungan': expect.any(String) } });
    await expect(data.createAssessment('F1', { ...input, date: '2026-05-18' })).rejects.toMatchObject({ status: 422, fields: { date: expect.any(String) } });
    expect(await store.outbox()).toEqual([]);
  });

  it('refused by the server: a form error, the phone forgets it', async () => {
    const { data, server, store } = await setup();
    server.decide = (m) => ({ id: m.id, status: 'refused', reason: 'Data tidak valid' });
    await expect(data.createAssessment('F1', input)).rejects.toMatchObject({ status: 422, code: 'sync.refused', message: 'Data tidak valid' });
    expect(await store.outbox()).toEqual([]);
    expect((await store.byEntity('assessment')).map((r) => r.id)).toEqual(['A-old']);
  });
});

describe("a family's graduation", () => {
  it('offline from the answer seen online', async () => {
    const { data, http, offline } = await setup();
    const online = serverGraduation({ state: null, type: null, case: null, history: [], moves: ['candidate'] });
    http.familyGraduation.mockImplementation(async () => online);
    expect(await data.familyGraduation('F2')).toEqual(online);
    offline();
    expect(await data.familyGraduation('F2')).toEqual(online);
    // A family the phone has no case of and never saw online: only the server can say.
    await expect(data.familyGraduation('F9')).rejects.toMatchObject({ status: 0, code: 'network' });
  });

  it('offline from the synced case: state, history, the moves the state machine allows, the triggers seen online', async () => {
    const { data, offline } = await setup();
    offline();
    const g = await data.familyGraduation('F1');
    expect(g).toMatchObject({ state: 'candidate', type: 'sejahtera_mandiri', case: { id: 'C1', version: 1, open: true }, moves: ['assessed'], triggers: [], followups: [] });
    expect(g.history.map((h) => h.to)).toEqual(['candidate']);
  });

  it('with the answer seen online, the synced case keeps its triggers', async () => {
    const { data, offline } = await setup();
    await data.familyGraduation('F1');
    offline();
    expect((await data.familyGraduation('F1')).triggers).toEqual(serverGraduation().triggers);
  });
});

describe('graduation moves through the outbox', () => {
  it('offline: judged by the state machine, queued, the local case moved (and after a reload of the data layer too)', async () => {
    const { data, offline, store, engine } = await setup();
    offline();
    const a = await data.createAssessment('F1', { criteriaSet: 'pkh-default', answers: richAnswers(READY_ANSWERS), date: TODAY });
    const g = await data.moveGraduation('F1', { to: 'assessed', evidence: { assessmentId: a.id }, expectedVersion: 1 });
    expect(g).toMatchObject({ state: 'assessed', case: { id: 'C1', state: 'assessed', assessmentId: a.id, version: 2 } });
    expect(g.moves).toEqual(['assessed', 'statement_signed']);
    expect(g.history.map((h) => [h.from, h.to, h.by])).toEqual([
      [null, 'candidate', 'pd1'],
      ['candidate', 'assessed', 'pd1'],
    ]);
    const outbox = await store.outbox();
    expect(outbox.map((i) => [i.entity, i.status, i.summary.label])).toEqual([
      ['assessment', 'pending', `assessment:pkh-default:${TODAY}`],
      ['graduation_transition', 'pending', 'graduation:assessed'],
    ]);
    expect(outbox[1]).toMatchObject({ op: 'create', familyId: 'F1', data: { to: 'assessed', evidence: { assessmentId: a.id }, expectedVersion: 1 }, restore: { entity: 'graduation_case', id: 'C1' } });
    expect(outbox[1]!.recordId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(await store.get('graduation_case', 'C1')).toMatchObject({ pending: outbox[1]!.id, data: { state: 'assessed', version: 2 } });
    expect(engine.getState().pending).toBe(2);
    // The page opened again offline shows it.
    expect(await data.familyGraduation('F1')).toEqual(g);
    // The next step builds on it (the version the page saw is the moved one).
    const signed = await data.moveGraduation('F1', { to: 'statement_signed', evidence: { statementSignedAt: TODAY }, expectedVersion: 2 });
    expect(signed).toMatchObject({ state: 'statement_signed', case: { statementSignedAt: TODAY, version: 3 } });
  });

  it('a move the state machine forbids is never "saved": the error at once, nothing queued', async () => {
    const { data, offline, store } = await setup({ lang: 'en' });
    offline();
    const err = (await data.moveGraduation('F1', { to: 'proposed' }).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 409, code: 'graduation.transition.statement_required' });
    expect(err.message).not.toMatch(/\{/);
    await expect(data.moveGraduation('F1', { to: 'assessed', evidence: { assessmentId: '0190a000-0000-7000-8000-000000000000' } })).rejects.toMatchObject({ status: 422, fields: { 'evidence.assessmentId': expect.any(String) } });
    await expect(data.moveGraduation('F1', { to: 'assessed', evidence: { assessmentId: 'A-old' }, expectedVersion: 7 })).rejects.toMatchObject({ status: 409, code: 'graduation.transition.stale' });
    await expect(data.moveGraduation('F1', { to: 'approved' })).rejects.toMatchObject({ status: 409 });
    expect(await store.outbox()).toEqual([]);
    expect((await store.get('graduation_case', 'C1'))?.data.state).toBe('candidate');
  });

  it('online: delivered at once, the server\'s fresh answer', async () => {
    const { data, server, store, http } = await setup();
    const fresh = serverGraduation({ state: 'assessed', moves: ['assessed', 'statement_signed'] });
    http.familyGraduation.mockImplementation(async () => fresh);
    expect(await data.moveGraduation('F1', { to: 'assessed', evidence: { assessmentId: 'A-old' }, expectedVersion: 1 })).toBe(fresh);
    expect(server.pushed).toHaveLength(1);
    expect(server.pushed[0]).toMatchObject({ entity: 'graduation_transition', op: 'create', familyId: 'F1', data: { to: 'assessed', evidence: { assessmentId: 'A-old' } } });
    expect(await store.outbox()).toEqual([]);
  });

  it('refused at once: a form error and the case as it was', async () => {
    const { data, server, store } = await setup();
    server.decide = (m) => ({ id: m.id, status: 'refused', reason: 'Keluarga ini di luar wilayah Anda' });
    await expect(data.moveGraduation('F1', { to: 'assessed', evidence: { assessmentId: 'A-old' } })).rejects.toMatchObject({ status: 422, code: 'sync.refused', message: 'Keluarga ini di luar wilayah Anda' });
    expect(await store.outbox()).toEqual([]);
    const c = await store.get('graduation_case', 'C1');
    expect(c?.data.state).toBe('candidate');
    expect(c?.pending).toBeUndefined();
  });

  it("a conflict answered at once says it waits in the coordinator's inbox", async () => {
    const { data, server, store } = await setup({ lang: 'en' });
    server.decide = (m) => ({ id: m.id, status: 'conflict', reason: 'The graduation step is no longer allowed: the case changed.' });
    const err = (await data.moveGraduation('F1', { to: 'assessed', evidence: { assessmentId: 'A-old' } }).catch((e: unknown) => e)) as ApiError;
    expect(err).toMatchObject({ status: 422, code: 'sync.conflict' });
    expect(err.message).toBe('The graduation step is no longer allowed: the case changed. The conflict is in the koordinator’s conflict inbox; the koordinator will decide.');
    expect(await store.outbox()).toEqual([]);
    expect((await store.get('graduation_case', 'C1'))?.data.state).toBe('candidate');
  });

  it('queued, then refused when the server is back: the local case is put back, the refusal kept for the user', async () => {
    const { data, server, store, engine, offline } = await setup();
    offline();
    await data.moveGraduation('F1', { to: 'assessed', evidence: { assessmentId: 'A-old' }, expectedVersion: 1 });
    expect((await store.get('graduation_case', 'C1'))?.data.state).toBe('assessed');
    server.up = true;
    server.log.length = 0; // the pull brings nothing new (the server never took the move)
    server.decide = (m) => (m.entity === 'graduation_transition' ? { id: m.id, status: 'conflict', reason: 'no longer allowed' } : { id: m.id, status: 'applied' });
    await engine.sync();
    const c = await store.get('graduation_case', 'C1');
    expect(c?.data.state).toBe('candidate');
    expect(c?.pending).toBeUndefined();
    expect((await store.outbox()).map((i) => [i.status, i.reason])).toEqual([['conflict', 'no longer allowed']]);
    expect((await data.familyGraduation('F1')).state).toBe('candidate');
  });

  it('online with a move still waiting: the case as the phone has it (with the server\'s triggers)', async () => {
    const { data, server, net } = await setup();
    server.up = false;
    await data.moveGraduation('F1', { to: 'assessed', evidence: { assessmentId: 'A-old' }, expectedVersion: 1 });
    net.down = false;
    const g = await data.familyGraduation('F1');
    expect(g).toMatchObject({ state: 'assessed', triggers: serverGraduation().triggers });
  });

  it('opening a case with none on the phone: shown at once, dropped when refused', async () => {
    const { data, http, server, store, offline } = await setup();
    http.familyGraduation.mockImplementation(async () => serverGraduation({ state: null, type: null, case: null, history: [], moves: ['candidate'], triggers: [] }));
    await data.familyGraduation('F2');
    offline();
    const g = await data.moveGraduation('F2', { to: 'candidate', type: 'pena' });
    expect(g).toMatchObject({ state: 'candidate', type: 'pena', moves: ['assessed'] });
    const [item] = await store.outbox();
    expect(await store.get('graduation_case', item!.recordId)).toMatchObject({ familyId: 'F2', pending: item!.id, data: { local: true, state: 'candidate' } });
    server.up = true;
    server.decide = (m) => ({ id: m.id, status: 'refused', reason: 'no' });
    const engine = engines.at(-1)!;
    await engine.sync();
    expect(await store.get('graduation_case', item!.recordId)).toBeUndefined();
  });
});
