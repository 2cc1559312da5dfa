/**
 * The registry over HTTP: families list (paging, masking, scope, search, filters), detail (scope = 404,
 * identities per role), create, patch (optimistic concurrency, effective-dated members) and the stored
 * family's entitlement (contract: families endpoints, "Scope", "Lists").
 *
 * The clock is fixed at 2026-07-14T18:30Z, which is already 2026-07-15 in Asia/Jakarta: "today" is 2026-07-15.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskIdentifier } from '../../../src/domain/nik';
import { as, createTestApp, loginAs, type Session, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';
import { anon, API, expectEntitlementShape, expectError, expectOk, kkFor, member, newFamilyBody, nikFor, sum } from './helpers';

const SEED = 200;
const NOW = new Date('2026-07-14T18:30:00Z');
const TODAY = '2026-07-15'; // in Asia/Jakarta
const RANDOM_UUID = '0190a0b1-0000-7000-8000-00000000abcd';
const PENDAMPING = ['pendamping01', 'pendamping02', 'pendamping03', 'pendamping04', 'pendamping05', 'pendamping06', 'pendamping07', 'pendamping08'];
const KELURAHAN = ['32.76.02.1007', '32.76.02.1008', '32.76.02.1009', '32.76.02.1010', '32.76.02.1011', '32.76.02.1012'];
const STATUSES = ['aktif', 'ditangguhkan', 'graduasi', 'keluar'];

type Api = ReturnType<typeof as>;

describe.each(ENGINES)('families API (%s)', (engine) => {
  let t: TestApp;
  const s: Record<string, Session> = {};
  const api = (username: string): Api => as(t.app, s[username]);

  /** Every family a user can list (all pages). */
  async function listAll(username: string, query = ''): Promise<{ items: any[]; total: number }> {
    const items: any[] = [];
    let total = 0;
    for (let offset = 0; ; offset += 100) {
      const page = expectOk(await api(username).get(`${API}/families?limit=100&offset=${offset}${query}`));
      total = page.total;
      items.push(...page.items);
      if (page.items.length < 100) break;
    }
    return { items, total };
  }

  const total = async (username: string, query = '') => expectOk(await api(username).get(`${API}/families?limit=1${query}`)).total as number;
  const detail = async (username: string, id: string) => expectOk(await api(username).get(`${API}/families/${id}`));

  beforeAll(async () => {
    t = await createTestApp(engine, { seedFamilies: SEED, now: () => NOW });
    for (const u of ['admin', 'korkot.depok', 'korcam.cimanggis', 'auditor', 'peneliti', ...PENDAMPING]) s[u] = await loginAs(t.app, u);
  });
  afterAll(async () => {
    await t?.close();
  });

  // ---------------------------------------------------------------------------------------------
  describe('GET /families (list)', () => {
    it('answers {items, total} with the contract item fields and a masked No. KK', async () => {
      const body = expectOk(await api('korcam.cimanggis').get(`${API}/families`));
      expect(Object.keys(body).sort()).toEqual(expect.arrayContaining(['items', 'total']));
      expect(body.total).toBe(SEED);
      expect(body.items.length).toBeGreaterThan(0);
      expect(body.items.length).toBeLessThanOrEqual(100);
      for (const f of body.items) {
        expect(f).toEqual(
          expect.objectContaining({
            id: expect.any(String),
            kkNumber: expect.stringMatching(/^3276\*{8}\d{4}$/),
            headName: expect.any(String),
            kelurahanCode: expect.stringMatching(/^32\.76\.02\.10(0[7-9]|1[0-2])$/),
            status: expect.stringMatching(/^(aktif|ditangguhkan|graduasi|keluar)$/),
            pendamping: expect.stringMatching(/^pendamping0[1-8]$/),
          }),
        );
      }
      expect(JSON.stringify(body)).not.toMatch(/\d{16}/);
    });

    it('masks the same No. KK the detail shows in full', async () => {
      const item = expectOk(await api('pendamping02').get(`${API}/families?limit=1`)).items[0];
      const full = await detail('pendamping02', item.id);
      expect(full.kkNumber).toMatch(/^\d{16}$/);
      expect(item.kkNumber).toBe(`${full.kkNumber.slice(0, 4)}********${full.kkNumber.slice(-4)}`);
      expect(item.kkNumber).toBe(maskIdentifier(full.kkNumber));
    });

    it('pages with limit and offset: pages are disjoint and together cover the total', async () => {
      const first = expectOk(await api('korcam.cimanggis').get(`${API}/families?limit=10&offset=0`));
      const second = expectOk(await api('korcam.cimanggis').get(`${API}/families?limit=10&offset=10`));
      expect(first.items).toHaveLength(10);
      expect(second.items).toHaveLength(10);
      expect(second.total).toBe(first.total);
      const ids1 = new Set(first.items.map((f: any) => f.id));
      for (const f of second.items) expect(ids1.has(f.id)).toBe(false);
      // Paging is stable: the second page is items 10-19 of a bigger page.
      const big = expectOk(await api('korcam.cimanggis').get(`${API}/families?limit=20&offset=0`));
      expect(big.items.slice(10).map((f: any) => f.id)).toEqual(second.items.map((f: any) => f.id));

      const all = await listAll('korcam.cimanggis');
      expect(all.items).toHaveLength(SEED);
      expect(new Set(all.items.map((f) => f.id)).size).toBe(SEED);
    });

    it('limit 100 is allowed; an offset past the end gives no items and the same total', async () => {
      expect(expectOk(await api('admin').get(`${API}/families?limit=100`)).items).toHaveLength(100);
      const past = expectOk(await api('admin').get(`${API}/families?limit=10&offset=${SEED + 50}`));
      expect(past.items).toEqual([]);
      expect(past.total).toBe(SEED);
    });

    it('a pendamping sees only their own families; the eight caseloads add up to the kecamatan', async () => {
      const mine = await listAll('pendamping01');
      expect(mine.total).toBeGreaterThan(0);
      expect(mine.items).toHaveLength(mine.total);
      for (const f of mine.items) expect(f.pendamping).toBe('pendamping01');

      const totals = await Promise.all(PENDAMPING.map((p) => total(p)));
      for (const n of totals) expect(n).toBeGreaterThan(0);
      const korcam = await total('korcam.cimanggis');
      expect(sum(totals)).toBe(korcam);
      // Kota Depok roles see the same families (they all lie in Cimanggis), admin sees everything.
      expect(await total('korkot.depok')).toBe(korcam);
      expect(await total('auditor')).toBe(korcam);
      expect(await total('admin')).toBe(korcam);
    });

    it('the caseloads are disjoint', async () => {
      const seen = new Map<string, string>();
      for (const p of PENDAMPING) {
        for (const f of (await listAll(p)).items) {
          expect(seen.get(f.id), `${f.id} listed for ${p} and ${seen.get(f.id)}`).toBeUndefined();
          seen.set(f.id, p);
        }
      }
      expect(seen.size).toBe(SEED);
    });

    describe('q', () => {
      let family: any;
      beforeAll(async () => {
        // A family of pendamping01 with at least two members.
        for (const item of (await listAll('pendamping01')).items) {
          const d = await detail('pendamping01', item.id);
          if (d.members.length >= 2 && d.members.every((m: any) => m.nik)) {
            family = d;
            break;
          }
        }
        expect(family, 'a family with two members with NIK').toBeDefined();
      });

      it('a fragment of the head name finds the family, whatever its case', async () => {
        const head = family.headName as string;
        const word = head.split(/\s+/).sort((a, b) => b.length - a.length)[0];
        const fragment = word.slice(0, Math.max(3, word.length - 1));
        // Spaces between the words count once ("Abdul   Abimanyu").
        for (const q of [fragment.toLowerCase(), fragment.toUpperCase(), `  ${head}  `, head.split(/\s+/).join('   ')]) {
          const found = await listAll('pendamping01', `&q=${encodeURIComponent(q)}`);
          expect(found.items.map((f) => f.id), `q=${q}`).toContain(family.id);
          for (const f of found.items) expect(f.pendamping).toBe('pendamping01');
        }
      });

      it('the name of a member who is not the head finds the family too', async () => {
        const other = family.members.find((m: any) => m.relation !== 'kepala_keluarga');
        const found = await listAll('pendamping01', `&q=${encodeURIComponent(other.name)}`);
        expect(found.items.map((f) => f.id)).toContain(family.id);
      });

      it("a member's full NIK finds exactly that family", async () => {
        const other = family.members.find((m: any) => m.relation !== 'kepala_keluarga');
        expect(other.nik).toMatch(/^\d{16}$/);
        const found = expectOk(await api('pendamping01').get(`${API}/families?q=${other.nik}`));
        expect(found.total).toBe(1);
        expect(found.items.map((f: any) => f.id)).toEqual([family.id]);
        // The same for a coordinator, and with spaces around it.
        const korcam = expectOk(await api('korcam.cimanggis').get(`${API}/families?q=%20${other.nik}%20`));
        expect(korcam.items.map((f: any) => f.id)).toEqual([family.id]);
        // Typed in blocks, with dashes or spaces.
        const blocks = (other.nik as string).match(/.{4}/g)!;
        for (const typed of [blocks.join('-'), blocks.join(' ')]) {
          const found = expectOk(await api('pendamping01').get(`${API}/families?q=${encodeURIComponent(typed)}`));
          expect(found.items.map((f: any) => f.id), typed).toEqual([family.id]);
        }
      });

      it('a full No. KK finds exactly that family', async () => {
        const found = expectOk(await api('pendamping01').get(`${API}/families?q=${family.kkNumber}`));
        expect(found.total).toBe(1);
        expect(found.items[0].id).toBe(family.id);
      });

      it("another pendamping's NIK or No. KK finds nothing: search stays within scope", async () => {
        const found = expectOk(await api('pendamping02').get(`${API}/families?q=${family.members[0].nik}`));
        expect(found).toEqual({ items: [], total: 0 });
        expect(expectOk(await api('pendamping02').get(`${API}/families?q=${family.kkNumber}`)).total).toBe(0);
      });

      it('a well-formed NIK that belongs to no one finds nothing; LIKE wildcards are literal', async () => {
        expect(await total('admin', `&q=${nikFor('1970-01-01', 'L')}`)).toBe(0);
        for (const q of ['%', '_', '%25%25', '\\']) expect(await total('admin', `&q=${encodeURIComponent(q)}`), `q=${q}`).toBe(0);
      });
    });

    it('kelurahan filter: every item in that kelurahan; the six add up to the total', async () => {
      let n = 0;
      for (const k of KELURAHAN) {
        const page = await listAll('korcam.cimanggis', `&kelurahan=${k}`);
        for (const f of page.items) expect(f.kelurahanCode).toBe(k);
        n += page.total;
      }
      expect(n).toBe(SEED);
    });

    it('status filter: every item has that status; the four add up to the total', async () => {
      let n = 0;
      for (const st of STATUSES) {
        const page = await listAll('korcam.cimanggis', `&status=${st}`);
        for (const f of page.items) expect(f.status).toBe(st);
        n += page.total;
      }
      expect(n).toBe(SEED);
      expect(await total('korcam.cimanggis', '&status=aktif')).toBeGreaterThan(0);
    });

    it('filters combine with the scope', async () => {
      const mine = await listAll('pendamping01', '&status=aktif&kelurahan=32.76.02.1007');
      for (const f of mine.items) expect(f).toMatchObject({ pendamping: 'pendamping01', status: 'aktif', kelurahanCode: '32.76.02.1007' });
    });

    it('limit 0, limit 1000, offset -1 and other bad parameters answer 400 with a field message', async () => {
      const cases: Array<[string, string]> = [
        ['limit=0', 'limit'],
        ['limit=1000', 'limit'],
        ['limit=-5', 'limit'],
        ['limit=abc', 'limit'],
        ['limit=2.5', 'limit'],
        ['offset=-1', 'offset'],
        ['offset=x', 'offset'],
        ['status=hilang', 'status'],
        ['kelurahan=32.76.02', 'kelurahan'],
        [`q=${'a'.repeat(101)}`, 'q'],
      ];
      for (const [query, field] of cases) {
        const e = expectError(await api('korcam.cimanggis').get(`${API}/families?${query}`), 400);
        expect(Object.keys(e.fields ?? {}), query).toContain(field);
      }
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('GET /families/{id} (detail)', () => {
    let own: any; // a family of pendamping01, as its pendamping sees it

    beforeAll(async () => {
      const id = expectOk(await api('pendamping01').get(`${API}/families?limit=1`)).items[0].id;
      own = await detail('pendamping01', id);
    });

    it("a pendamping gets 404 for another pendamping's family, exactly as for a uuid that does not exist", async () => {
      const theirs = expectOk(await api('pendamping02').get(`${API}/families?limit=1`)).items[0].id;
      const outOfScope = await api('pendamping01').get(`${API}/families/${theirs}`);
      const missing = await api('pendamping01').get(`${API}/families/${RANDOM_UUID}`);
      expectError(outOfScope, 404);
      expectError(missing, 404);
      expect(outOfScope.body).toBe(missing.body);
      // The entitlement of that family is just as invisible.
      const ent = await api('pendamping01').get(`${API}/families/${theirs}/entitlement?year=2026`);
      expectError(ent, 404);
      expect(ent.body).toBe(missing.body);
    });

    it('a malformed id answers 400 or 404, never 5xx', async () => {
      for (const id of ['abc', '1', '019b76da-a80d-7f7e-bd07', RANDOM_UUID.replace(/-/g, ''), `${RANDOM_UUID}x`, '%20', 'null', "1'%20or%20'1'='1", '..%2F..%2Fme']) {
        const res = await api('admin').get(`${API}/families/${id}`);
        expect([400, 404], `${id}: ${res.statusCode}`).toContain(res.statusCode);
        expectError(res, res.statusCode);
      }
    });

    it('has status, members with full NIK for the family pendamping, and the current components and entitlement', async () => {
      expect(own.status).toMatch(/^(aktif|ditangguhkan|graduasi|keluar)$/);
      expect(own.pendamping).toBe('pendamping01');
      expect(own.kkNumber).toMatch(/^\d{16}$/);
      expect(own.members.length).toBeGreaterThan(0);
      for (const m of own.members) {
        expect(m.nik).toMatch(/^\d{16}$/);
        expect(typeof m.name).toBe('string');
        expect(m.relation).toBeTruthy();
        expect(m.sex).toMatch(/^[LP]$/);
        expect(m.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(m).toHaveProperty('component');
      }
      expect(own.members.filter((m: any) => m.relation === 'kepala_keluarga')).toHaveLength(1);
      const ent = expectEntitlementShape(own.entitlement, { withMemberIds: true });
      const ids = own.members.map((m: any) => m.id);
      for (const c of ent.components) expect(ids).toContain(c.memberId);
      // The member's component in the list matches the entitlement.
      for (const c of ent.components) expect(own.members.find((m: any) => m.id === c.memberId).component).toBe(c.component);
    });

    it('the korcam, korkot, auditor and admin see the same full NIKs and names', async () => {
      for (const u of ['korcam.cimanggis', 'korkot.depok', 'auditor', 'admin']) {
        const d = await detail(u, own.id);
        expect(d.kkNumber, u).toBe(own.kkNumber);
        expect(d.headName, u).toBe(own.headName);
        expect(d.members.map((m: any) => [m.id, m.nik, m.name]), u).toEqual(own.members.map((m: any) => [m.id, m.nik, m.name]));
      }
    });

    it('peneliti sees pseudonymised NIK and No. KK and no real names or address', async () => {
      const d = await detail('peneliti', own.id);
      expect(d.kkNumber).toMatch(/^KK-[0-9A-F]{8}$/);
      expect(d.headName).not.toBe(own.headName);
      expect(d.address ?? null).not.toBe(own.address);
      expect(d.members).toHaveLength(own.members.length);
      const realNames = new Set(own.members.map((m: any) => m.name));
      const realNiks = new Set(own.members.map((m: any) => m.nik));
      for (const m of d.members) {
        expect(m.nik).toMatch(/^NIK-[0-9A-F]{8}$/);
        expect(realNames.has(m.name)).toBe(false);
        expect(realNiks.has(m.nik)).toBe(false);
      }
      const text = JSON.stringify(d);
      for (const n of realNiks) expect(text).not.toContain(n);
      expect(text).not.toContain(own.kkNumber);
      for (const n of realNames) expect(text).not.toContain(`"${n}"`);
    });

    it('peneliti lists pseudonyms, No. KK included (not even its masked digits)', async () => {
      const theirs = expectOk(await api('peneliti').get(`${API}/families?limit=100`));
      expect(theirs.total).toBe(SEED);
      const real = new Map((await listAll('admin')).items.map((f) => [f.id, f.headName]));
      for (const f of theirs.items) {
        expect(f.kkNumber).toMatch(/^KK-[0-9A-F]{8}$/);
        expect(f.headName).not.toBe(real.get(f.id));
      }
      // The same family has the same pseudonym in the list and in the detail.
      const first = theirs.items[0]!;
      expect((await detail('peneliti', first.id)).kkNumber).toBe(first.kkNumber);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('POST /families (create)', () => {
    it('a pendamping creates a family: 201, assigned to them, listed and found by NIK and No. KK', async () => {
      const before = await total('korcam.cimanggis');
      const body = newFamilyBody();
      const res = await api('pendamping03').post(`${API}/families`, body);
      const created = expectOk(res, 201);
      expect(created.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(String(res.headers.location ?? created.id)).toContain(created.id);
      expect(created.pendamping).toBe('pendamping03');
      expect(created.status).toBe('aktif');
      expect(created.kkNumber).toBe(body.kkNumber);
      expect(created.kelurahanCode).toBe('32.76.02.1007');
      expect(created.members.map((m: any) => m.nik).sort()).toEqual(body.members.map((m) => m.nik).sort());
      expect(created.headName).toBe('Bambang Ujicoba');
      // Its entitlement: the SD child (900.000) today.
      expect(created.entitlement.annualTotal).toBe(900_000);

      expect(await total('korcam.cimanggis')).toBe(before + 1);
      const byNik = expectOk(await api('pendamping03').get(`${API}/families?q=${body.members[2].nik}`));
      expect(byNik.items.map((f: any) => f.id)).toEqual([created.id]);
      expect(byNik.items[0].pendamping).toBe('pendamping03');
      const byKk = expectOk(await api('pendamping03').get(`${API}/families?q=${body.kkNumber}`));
      expect(byKk.items.map((f: any) => f.id)).toEqual([created.id]);
      expect(byKk.items[0].kkNumber).toBe(maskIdentifier(body.kkNumber));
      const byName = await listAll('pendamping03', '&q=ujicoba');
      expect(byName.items.map((f) => f.id)).toContain(created.id);
      // Other pendamping do not see it.
      expect(await total('pendamping04', `&q=${body.kkNumber}`)).toBe(0);
      expectError(await api('pendamping04').get(`${API}/families/${created.id}`), 404);
    });

    it('a year joined still to come is refused, on create and on change', async () => {
      const e = expectError(await api('pendamping03').post(`${API}/families`, { ...newFamilyBody(), joinedYear: 2099 }), 422);
      expect(e.fields).toEqual({ joinedYear: 'Tahun bergabung PKH tidak boleh setelah tahun ini (2026).' });
      const someone = expectOk(await api('pendamping03').get(`${API}/families?limit=1`)).items[0];
      expect(Object.keys(expectError(await api('pendamping03').patch(`${API}/families/${someone.id}`, { joinedYear: 2027 }), 422).fields ?? {})).toEqual(['joinedYear']);
      expect(expectOk(await api('pendamping03').patch(`${API}/families/${someone.id}`, { joinedYear: 2026 })).joinedYear).toBe(2026);
    });

    it('a coordinator assigns the new family to a pendamping', async () => {
      const body = { ...newFamilyBody(), pendamping: 'pendamping04' };
      const created = expectOk(await api('korcam.cimanggis').post(`${API}/families`, body), 201);
      expect(created.pendamping).toBe('pendamping04');
      expect(expectOk(await api('pendamping04').get(`${API}/families?q=${body.kkNumber}`)).items[0].id).toBe(created.id);
    });

    it('a pendamping cannot assign a new family to someone else', async () => {
      const body = { ...newFamilyBody(), pendamping: 'pendamping05' };
      const e = expectError(await api('pendamping03').post(`${API}/families`, body), 422);
      expect(e.fields).toHaveProperty('pendamping');
      expect(await total('admin', `&q=${body.kkNumber}`)).toBe(0);
    });

    it('a member born today in Jakarta (still yesterday in UTC) is not a future birth', async () => {
      const body = newFamilyBody();
      body.members.push(member({ name: 'Bayi Hari Ini', sex: 'P', birthDate: TODAY, nik: nikFor(TODAY, 'P') }));
      const created = expectOk(await api('pendamping03').post(`${API}/families`, body), 201);
      expect(created.entitlement.asOf).toBe(TODAY);
      const baby = created.members.find((m: any) => m.birthDate === TODAY);
      expect(baby.component).toBe('anak_usia_dini');
    });

    it('an invalid No. KK answers 422 with the field and a message; nothing is created', async () => {
      const body = { ...newFamilyBody(), kkNumber: '3276021399210001' }; // month 99
      const e = expectError(await api('pendamping03').post(`${API}/families`, body), 422);
      expect(e.fields).toHaveProperty('kkNumber');
      expect(e.fields!.kkNumber).not.toMatch(/^kk\./);
      for (const kk of ['123', 'abcdefghijklmnop', '3276020403210000']) {
        const e2 = expectError(await api('pendamping03').post(`${API}/families`, { ...newFamilyBody(), kkNumber: kk }), 422);
        expect(e2.fields).toHaveProperty('kkNumber');
      }
      expect(await total('admin', `&q=${encodeURIComponent(body.members[0].nik!)}`)).toBe(0);
    });

    it('an invalid NIK answers 422 with the member field path and a message', async () => {
      const body = newFamilyBody();
      body.members[1].nik = '3276029913880001'; // day 99
      const e = expectError(await api('pendamping03').post(`${API}/families`, body), 422);
      expect(e.fields).toHaveProperty(['members.1.nik']);
      expect(e.fields!['members.1.nik']).not.toMatch(/^nik\./);
      expect(await total('admin', `&q=${body.kkNumber}`)).toBe(0);
      const en = expectError(await api('pendamping03').post(`${API}/families`, body, { 'accept-language': 'en' }), 422);
      expect(en.fields!['members.1.nik']).not.toBe(e.fields!['members.1.nik']);
    });

    it('a duplicate No. KK answers 409', async () => {
      const body = newFamilyBody();
      expectOk(await api('pendamping03').post(`${API}/families`, body), 201);
      const again = newFamilyBody();
      const e = expectError(await api('pendamping06').post(`${API}/families`, { ...again, kkNumber: body.kkNumber }), 409);
      expect(e.code).toMatch(/kk/);
      expect(await total('admin', `&q=${again.members[0].nik}`)).toBe(0);
    });

    it('a NIK that belongs to a member of another family answers 409', async () => {
      const victim = await detail('admin', expectOk(await api('pendamping05').get(`${API}/families?limit=1`)).items[0].id);
      const body = newFamilyBody();
      body.members[2].nik = victim.members[0].nik;
      const e = expectError(await api('pendamping03').post(`${API}/families`, body), 409);
      expect(e.code).toMatch(/nik/);
      expect(JSON.stringify(e)).not.toContain(victim.id); // the other family is not revealed
      expect(await total('admin', `&q=${body.kkNumber}`)).toBe(0);
      // The victim is untouched.
      expect(expectOk(await api('admin').get(`${API}/families?q=${victim.members[0].nik}`)).items[0].id).toBe(victim.id);
    });

    it('the same NIK twice in one family answers 422', async () => {
      const body = newFamilyBody();
      body.members[2].nik = body.members[1].nik;
      expectError(await api('pendamping03').post(`${API}/families`, body), 422);
    });

    it('no kepala_keluarga answers 422 on members; two heads too', async () => {
      const none = newFamilyBody();
      none.members[0].relation = 'suami';
      const e = expectError(await api('pendamping03').post(`${API}/families`, none), 422);
      expect(e.fields).toHaveProperty('members');
      const two = newFamilyBody();
      two.members[1].relation = 'kepala_keluarga';
      expectError(await api('pendamping03').post(`${API}/families`, two), 422);
      expect(await total('admin', `&q=${none.kkNumber}`)).toBe(0);
    });

    it('an unknown kelurahan answers 422 on kelurahanCode', async () => {
      for (const code of ['32.76.02.9999', '99.99.99.9999']) {
        const e = expectError(await api('pendamping03').post(`${API}/families`, newFamilyBody({ kelurahanCode: code })), 422);
        expect(e.fields).toHaveProperty('kelurahanCode');
      }
    });

    it('a coordinator cannot create a family outside their region', async () => {
      const e = expectError(await api('korcam.cimanggis').post(`${API}/families`, newFamilyBody({ kelurahanCode: '32.76.01.1006' })), 422);
      expect(e.fields).toHaveProperty('kelurahanCode');
    });

    it('other invalid members answer 422 or 400 with the member field', async () => {
      const male = newFamilyBody();
      male.members[0].pregnant = true;
      expect(Object.keys(expectError(await api('pendamping03').post(`${API}/families`, male), 422).fields ?? {})).toContain('members.0.pregnant');
      const future = newFamilyBody();
      future.members[2].birthDate = '2026-07-16';
      future.members[2].nik = undefined;
      expect(Object.keys(expectError(await api('pendamping03').post(`${API}/families`, future), 422).fields ?? {})).toContain('members.2.birthDate');
      const empty = { ...newFamilyBody(), members: [] };
      expectError(await api('pendamping03').post(`${API}/families`, empty), 400);
    });

    it('auditor and peneliti cannot create: 403, nothing created', async () => {
      for (const u of ['auditor', 'peneliti']) {
        const body = newFamilyBody();
        expectError(await api(u).post(`${API}/families`, body), 403);
        expect(await total('admin', `&q=${body.kkNumber}`)).toBe(0);
      }
    });

    it('a double submit creates one family: one 201, one 409', async () => {
      const body = newFamilyBody();
      const [a, b] = await Promise.all([api('pendamping03').post(`${API}/families`, body), api('pendamping03').post(`${API}/families`, body)]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([201, 409]);
      expectError(a.statusCode === 409 ? a : b, 409);
      expect(await total('admin', `&q=${body.kkNumber}`)).toBe(1);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('PATCH /families/{id}', () => {
    let fam: any; // created by pendamping03: head, pregnant wife, SD child

    beforeAll(async () => {
      fam = expectOk(await api('pendamping03').post(`${API}/families`, newFamilyBody({ pregnantWife: true })), 201);
      expect(fam.version).toBe(1);
    });

    const patch = (username: string, body: unknown) => api(username).patch(`${API}/families/${fam.id}`, body);

    it('changes the address and increments the version', async () => {
      const updated = expectOk(await patch('pendamping03', { version: fam.version, address: 'Jl. Baru No. 2', rt: '7' }));
      expect(updated.address).toBe('Jl. Baru No. 2');
      expect(updated.rt).toMatch(/^0*7$/);
      expect(updated.version).toBe(fam.version + 1);
      const read = await detail('pendamping03', fam.id);
      expect(read.address).toBe('Jl. Baru No. 2');
      expect(read.version).toBe(updated.version);
      fam = read;
    });

    it('a stale version answers 409 and changes nothing', async () => {
      const stale = fam.version - 1;
      const e = expectError(await patch('pendamping03', { version: stale, address: 'Jl. Basi' }), 409);
      expect(e.message).toBeTruthy();
      const read = await detail('pendamping03', fam.id);
      expect(read.address).toBe('Jl. Baru No. 2');
      expect(read.version).toBe(fam.version);
    });

    it('two writers with the same version: exactly one wins', async () => {
      const v = fam.version;
      const [a, b] = await Promise.all([patch('pendamping03', { version: v, rw: '1' }), patch('pendamping03', { version: v, rw: '2' })]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
      fam = await detail('pendamping03', fam.id);
      expect(fam.version).toBe(v + 1);
    });

    it('adds a newborn effective from birth: the entitlement before the birth does not count them, after it does', async () => {
      const birth = '2026-03-10';
      const baby = member({ name: 'Bayi Ujicoba', sex: 'P', birthDate: birth, nik: nikFor(birth, 'P') });
      const updated = expectOk(await patch('pendamping03', { version: fam.version, members: { add: [{ ...baby, startDate: birth }] } }));
      expect(updated.version).toBe(fam.version + 1);
      const added = updated.members.find((m: any) => m.nik === baby.nik);
      expect(added, 'the baby is a current member').toBeDefined();
      expect(added.component).toBe('anak_usia_dini');
      fam = updated;

      const before = expectEntitlementShape(
        expectOk(await api('pendamping03').get(`${API}/families/${fam.id}/entitlement?year=2026&asOf=2026-03-01`)),
        { withMemberIds: true },
      );
      expect(before.components.map((c: any) => c.memberId)).not.toContain(added.id);
      const after = expectEntitlementShape(
        expectOk(await api('pendamping03').get(`${API}/families/${fam.id}/entitlement?year=2026&asOf=2026-04-01`)),
        { withMemberIds: true },
      );
      expect(after.components.find((c: any) => c.memberId === added.id)).toMatchObject({ component: 'anak_usia_dini', counted: true, annual: 3_000_000 });
      expect(after.annualTotal).toBe(before.annualTotal + 3_000_000);
      // Last year knows nothing of the baby either.
      const lastYear = expectOk(await api('pendamping03').get(`${API}/families/${fam.id}/entitlement?year=2025`));
      expect(lastYear.components.map((c: any) => c.memberId)).not.toContain(added.id);
    });

    it('ending a member (meninggal) removes them from the current members; an earlier date still counts them', async () => {
      const wife = fam.members.find((m: any) => m.relation === 'istri');
      expect(wife.component).toBe('ibu_hamil');
      const updated = expectOk(await patch('pendamping03', { members: { end: [{ id: wife.id, endDate: '2026-06-01', reason: 'meninggal' }] } }));
      expect(updated.members.map((m: any) => m.id)).not.toContain(wife.id);
      expect(updated.entitlement.components.map((c: any) => c.memberId)).not.toContain(wife.id);
      fam = updated;

      const earlier = expectOk(await api('pendamping03').get(`${API}/families/${fam.id}/entitlement?year=2026&asOf=2026-05-01`));
      expect(earlier.components.find((c: any) => c.memberId === wife.id)).toMatchObject({ component: 'ibu_hamil', counted: true, annual: 3_000_000 });
      const later = expectOk(await api('pendamping03').get(`${API}/families/${fam.id}/entitlement?year=2026&asOf=2026-06-15`));
      expect(later.components.map((c: any) => c.memberId)).not.toContain(wife.id);
      expect(earlier.annualTotal - later.annualTotal).toBe(3_000_000);
      // Search by NIK covers current members only.
      expect(await total('pendamping03', `&q=${wife.nik}`)).toBe(0);
    });

    it('ending a member with an unknown id, or removing the only head, answers 422 and changes nothing', async () => {
      const v = fam.version;
      expectError(await patch('pendamping03', { members: { end: [{ id: RANDOM_UUID, endDate: '2026-07-01', reason: 'pindah' }] } }), 422);
      const head = fam.members.find((m: any) => m.relation === 'kepala_keluarga');
      const e = expectError(await patch('pendamping03', { members: { end: [{ id: head.id, endDate: '2026-07-01', reason: 'pindah' }] } }), 422);
      expect(e.fields).toHaveProperty('members');
      expectError(await patch('pendamping03', { members: { end: [{ id: head.id, endDate: '2026-07-01', reason: 'hilang' }] } }), 400);
      expect((await detail('pendamping03', fam.id)).version).toBe(v);
    });

    it("giving a member another member's NIK, or two members one new NIK, is refused with a 4xx and changes nothing", async () => {
      const [a, b, c] = fam.members;
      const v = fam.version;
      const r1 = await patch('pendamping03', { members: { update: [{ id: a.id, nik: b.nik }] } });
      expect([409, 422]).toContain(r1.statusCode);
      expectError(r1, r1.statusCode);
      const fresh = nikFor('2001-01-01', 'L');
      const r2 = await patch('pendamping03', { members: { update: [{ id: b.id, nik: fresh }, { id: c.id, nik: fresh }] } });
      expect([409, 422]).toContain(r2.statusCode);
      expectError(r2, r2.statusCode);
      const read = await detail('pendamping03', fam.id);
      expect(read.version).toBe(v);
      expect(read.members.map((m: any) => m.nik)).toEqual(fam.members.map((m: any) => m.nik));
    });

    it("a pendamping patching another pendamping's family gets 404 and nothing changes", async () => {
      const before = await detail('admin', fam.id);
      const res = await patch('pendamping01', { version: before.version, address: 'Jl. Penyusup' });
      expectError(res, 404);
      expect(res.body).toBe((await api('pendamping01').patch(`${API}/families/${RANDOM_UUID}`, { address: 'x' })).body);
      const after = await detail('admin', fam.id);
      expect(after.address).toBe(before.address);
      expect(after.version).toBe(before.version);
    });

    it('auditor and peneliti cannot patch: 403 for their role, whether the family exists or not (nothing told)', async () => {
      const v = (await detail('admin', fam.id)).version;
      for (const u of ['auditor', 'peneliti']) {
        expectError(await patch(u, { address: 'Jl. Audit' }), 403, 'role_read_only');
        expectError(await api(u).patch(`${API}/families/${RANDOM_UUID}`, { address: 'Jl. Audit' }), 403, 'role_read_only');
      }
      expect((await detail('admin', fam.id)).version).toBe(v);
    });

    it('a coordinator in scope can patch and reassign', async () => {
      const updated = expectOk(await patch('korcam.cimanggis', { pendamping: 'pendamping02' }));
      expect(updated.pendamping).toBe('pendamping02');
      expectError(await api('pendamping03').get(`${API}/families/${fam.id}`), 404);
      expect((await detail('pendamping02', fam.id)).id).toBe(fam.id);
      expectOk(await patch('korcam.cimanggis', { pendamping: 'pendamping03' }));
      expect((await detail('pendamping03', fam.id)).pendamping).toBe('pendamping03');
    });

    it('invalid patch bodies answer 400/422', async () => {
      expectError(await patch('pendamping03', { version: 'one' }), 400);
      expectError(await patch('pendamping03', { rt: 'abcd' }), 400);
      expectError(await patch('pendamping03', { status: 'hilang' }), 400);
      expectError(await patch('pendamping03', { kelurahanCode: '32.76.02.9999' }), 422);
      expectError(await patch('pendamping03', { pendamping: 'pendamping05' }), 422);
    });
  });

  // ---------------------------------------------------------------------------------------------
  describe('GET /families/{id}/entitlement', () => {
    let fam: any;
    beforeAll(async () => {
      fam = expectOk(await api('pendamping06').post(`${API}/families`, newFamilyBody({ pregnantWife: true })), 201);
    });

    it('has the calculator shape with memberId per component', async () => {
      const body = expectEntitlementShape(expectOk(await api('pendamping06').get(`${API}/families/${fam.id}/entitlement?year=2024`)), {
        withMemberIds: true,
      });
      expect(body.year).toBe(2024);
      expect(body.components).toHaveLength(fam.members.length);
      expect(body.components.map((c: any) => c.memberId).sort()).toEqual(fam.members.map((m: any) => m.id).sort());
      // pregnant wife 3.000.000 + SD child 900.000
      expect(body.annualTotal).toBe(3_900_000);
    });

    it('gives the same numbers as the calculator for the same members, year and date', async () => {
      const stored = expectOk(await api('pendamping06').get(`${API}/families/${fam.id}/entitlement?year=2025&asOf=2025-08-01`));
      const members = fam.members.map((m: any) => ({
        name: m.name,
        relation: m.relation,
        sex: m.sex,
        birthDate: m.birthDate,
        schoolLevel: m.schoolLevel,
        pregnant: m.pregnant,
        postpartum: m.postpartum,
        severeDisability: m.severeDisability,
        caretaker: m.caretaker,
      }));
      const calc = expectOk(await anon(t.app).post(`${API}/rules/entitlement`, { year: 2025, asOf: '2025-08-01', members }));
      expect(stored.annualTotal).toBe(calc.annualTotal);
      expect(stored.perTahap).toEqual(calc.perTahap);
      expect(stored.components.map((c: any) => [c.component, c.annual, c.counted])).toEqual(calc.components.map((c: any) => [c.component, c.annual, c.counted]));
    });

    it('year defaults to the current year (in Jakarta) and asOf to today', async () => {
      const body = expectOk(await api('pendamping06').get(`${API}/families/${fam.id}/entitlement`));
      expect(body.year).toBe(2026);
      expect(body.asOf).toBe(TODAY);
      expect(body.annualTotal).toBe(fam.entitlement.annualTotal);
    });

    it('a year before the first index answers 422 with a field error', async () => {
      for (const year of [2018, 2010]) {
        const e = expectError(await api('pendamping06').get(`${API}/families/${fam.id}/entitlement?year=${year}`), 422);
        expect(e.fields).toHaveProperty('year');
      }
    });

    it('a later year falls back to the latest index', async () => {
      const body = expectOk(await api('pendamping06').get(`${API}/families/${fam.id}/entitlement?year=2031`));
      expect(body.indexFallback).toBe(true);
      expect(body.indexYear).toBeLessThan(2031);
    });

    it('malformed year or asOf answers 400/422, never 5xx', async () => {
      for (const q of ['year=abc', 'year=20.5', 'year=-1', 'asOf=2026-02-30', 'asOf=yesterday', 'year=2026&asOf=2025-01-01']) {
        const res = await api('pendamping06').get(`${API}/families/${fam.id}/entitlement?${q}`);
        expect([400, 422], `${q}: ${res.statusCode}`).toContain(res.statusCode);
        expectError(res, res.statusCode);
      }
    });

    it('a family out of scope or missing answers 404', async () => {
      expectError(await api('pendamping07').get(`${API}/families/${fam.id}/entitlement?year=2024`), 404);
      expectError(await api('admin').get(`${API}/families/${RANDOM_UUID}/entitlement?year=2024`), 404);
    });
  });

  it('new kk and nik helpers compose valid numbers (sanity)', async () => {
    const check = async (value: string) => expectOk(await anon(t.app).post(`${API}/rules/nik`, { nik: value })).valid;
    expect(await check(nikFor('1999-09-09', 'P'))).toBe(true);
    expect(kkFor()).toMatch(/^327602\d{10}$/);
  });
});
