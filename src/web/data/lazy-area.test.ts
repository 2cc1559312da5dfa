import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../api/client';
import { HttpTitianData } from './http';
import { lazyArea } from './lazy-area';

interface Area {
  double(n: number): Promise<number>;
  greet(name: string, polite: boolean): Promise<string>;
  addressOf(id: string): string;
}

const realArea = (): Omit<Area, 'addressOf'> => ({
  double: async (n) => n * 2,
  greet: async (name, polite) => (polite ? `Selamat pagi, ${name}` : `Hai ${name}`),
});

describe('lazyArea', () => {
  it('loads the area once, on the first call, and passes every argument', async () => {
    const load = vi.fn(async () => realArea());
    const area = lazyArea<Area>(load, { double: 1, greet: 1 });
    expect(load).not.toHaveBeenCalled();
    await expect(Promise.all([area.double(4), area.greet('Siti', true), area.greet('Budi', false)])).resolves.toEqual([8, 'Selamat pagi, Siti', 'Hai Budi']);
    await area.double(1);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries the load again after one failed (no connection to fetch the code)', async () => {
    let attempts = 0;
    const area = lazyArea<Area>(async () => {
      attempts += 1;
      if (attempts === 1) throw new TypeError('Failed to fetch dynamically imported module');
      return realArea();
    }, { double: 1, greet: 1 });
    await expect(area.double(2)).rejects.toThrow('Failed to fetch');
    await expect(area.double(2)).resolves.toBe(4);
    expect(attempts).toBe(2);
  });

  it('passes the area’s own rejections through, without loading again', async () => {
    const load = vi.fn(async () => ({ ...realArea(), double: async () => Promise.reject(new Error('422')) }));
    const area = lazyArea<Area>(load, { double: 1, greet: 1 });
    await expect(area.double(1)).rejects.toThrow('422');
    await expect(area.greet('Ani', true)).resolves.toBe('Selamat pagi, Ani');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('names exactly the area’s asynchronous methods (a type error otherwise)', () => {
    // @ts-expect-error: `greet` is missing
    lazyArea<Area>(async () => realArea(), { double: 1 });
    // @ts-expect-error: `addressOf` is synchronous and cannot be loaded lazily
    lazyArea<Area>(async () => realArea(), { double: 1, greet: 1, addressOf: 1 });
    expect(true).toBe(true);
  });
});

describe('HttpTitianData’s online-only areas', () => {
  const answer = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });

  it('calls the API through areas loaded on first use, and builds their addresses at once', async () => {
    const urls: string[] = [];
    const api = new ApiClient({
      fetch: (async (url: RequestInfo | URL) => {
        urls.push(String(url));
        return answer({ items: [], total: 0 });
      }) as typeof fetch,
    });
    const data = new HttpTitianData(api);
    expect(data.importReportUrl('job 1', 'csv', 'en')).toBe('/api/v1/imports/job%201/report.csv?lang=en');
    expect(data.researchExportUrl('codebook.csv', 'id')).toBe('/api/v1/research/export/codebook.csv?lang=id');
    await data.listImports({ limit: 10, offset: 20 });
    await data.listSyncDevices({ limit: 5, offset: 0 });
    await data.configHistory({ limit: 3, offset: 0 });
    expect(urls).toEqual(['/api/v1/imports?limit=10&offset=20', '/api/v1/sync/devices?limit=5&offset=0', '/api/v1/config/history?limit=3&offset=0']);
  });
});
