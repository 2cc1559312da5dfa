import { describe, expect, it } from 'vitest';
import { ApiClient } from '../../api/client';
import { HttpTitianData } from '../../data/http';

describe('the audit area of HttpTitianData (online only, loaded on first use)', () => {
  const answer = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

  it('reads the trail and its verification from the API, and builds the export’s address at once', async () => {
    const urls: string[] = [];
    const api = new ApiClient({
      fetch: (async (url: RequestInfo | URL) => {
        urls.push(String(url));
        return answer(String(url).includes('/verify') ? { ok: true, entries: 3, lastHash: 'ab', problem: null } : { items: [], total: 0 });
      }) as typeof fetch,
    });
    const data = new HttpTitianData(api);
    // Only the filters with a value; the action and family filters are not the export's.
    expect(data.auditExportUrl({ format: 'csv', from: '2026-07-01', to: null, lang: 'en' })).toBe('/api/v1/audit/export?format=csv&from=2026-07-01&lang=en');
    expect(data.auditExportUrl({ format: 'ndjson', from: null, to: '2026-07-15' })).toBe('/api/v1/audit/export?format=ndjson&to=2026-07-15');
    await expect(data.listAudit({ from: '2026-07-01', to: null, action: 'family.update', family: null, limit: 25, offset: 50 })).resolves.toEqual({ items: [], total: 0 });
    await expect(data.verifyAudit()).resolves.toMatchObject({ ok: true, entries: 3 });
    expect(urls).toEqual(['/api/v1/audit?from=2026-07-01&action=family.update&limit=25&offset=50', '/api/v1/audit/verify']);
  });
});
