import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, createTestApp, loginAs, type TestApp } from '../../support/app';
import { ENGINES } from '../../support/engines';

describe.each(ENGINES)('probe %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => { const s = Date.now(); t = await createTestApp(engine, { seedFamilies: 200 }); console.log(engine, 'setup ms', Date.now() - s); });
  afterAll(async () => { await t?.close(); });
  it('probes', async () => {
    const show = async (label: string, p: Promise<any>) => { const r = await p; console.log(engine, label, r.statusCode, r.headers['content-type'], r.body.slice(0, 400)); return r; };
    const app = t.app;
    await show('v1 unknown nosession', app.inject({ method: 'GET', url: '/api/v1/nope' }));
    await show('api unknown', app.inject({ method: 'GET', url: '/api/nope' }));
    await show('families bad limit nosession', app.inject({ method: 'GET', url: '/api/v1/families?limit=0' }));
    await show('families bad id nosession', app.inject({ method: 'GET', url: '/api/v1/families/abc' }));
    await show('families post nosession invalid', app.inject({ method: 'POST', url: '/api/v1/families', payload: {} }));
    await show('login NUL', app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'a\u0000b', password: 'x' } }));
    await show('ref NUL', app.inject({ method: 'GET', url: '/api/v1/reference/a%00b' }));
    const s = await loginAs(app, 'korcam.cimanggis');
    await show('v1 unknown session', as(app, s).get('/api/v1/nope'));
    await show('q NUL', as(app, s).get('/api/v1/families?q=a%00b'));
    await show('q pct', as(app, s).get('/api/v1/families?q=%25'));
    await show('q bad enc', as(app, s).get('/api/v1/families?q=%E0%A4%A'));
    await show('ent bad member', app.inject({ method: 'POST', url: '/api/v1/rules/entitlement', payload: { year: 2024, members: [{ name: 'x', relation: 'anak', sex: 'X', birthDate: '2020-02-30', schoolLevel: 'sd', pregnant: false, postpartum: false, severeDisability: false, caretaker: false }] } }));
    await show('ent 2010', app.inject({ method: 'POST', url: '/api/v1/rules/entitlement', payload: { year: 2010, members: [] } }));
    await show('nik missing', app.inject({ method: 'POST', url: '/api/v1/rules/nik', payload: {} }));
    await show('text plain', app.inject({ method: 'POST', url: '/api/v1/rules/nik', payload: 'hello', headers: { 'content-type': 'text/plain' } }));
    await show('bad json', app.inject({ method: 'POST', url: '/api/v1/rules/nik', payload: '{"nik":', headers: { 'content-type': 'application/json' } }));
    await show('proto json', app.inject({ method: 'POST', url: '/api/v1/rules/nik', payload: '{"__proto__":{"x":1},"nik":"1"}', headers: { 'content-type': 'application/json' } }));
    const list = (await as(app, s).get('/api/v1/families?limit=2')).json();
    const fam = (await as(app, s).get(`/api/v1/families/${list.items[0].id}`)).json();
    console.log(JSON.stringify(fam).slice(0, 3000));
    const [a, b] = fam.members;
    await show('patch same nik', as(app, s).patch(`/api/v1/families/${fam.id}`, { members: { update: [{ id: a.id, nik: b.nik }] } }));
    const open = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    console.log(Object.keys(open.json().paths), open.json().openapi);
  });
});
