import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './index';

/** Runs the CLI's main() in this process (no verb here touches a database), capturing what it prints. */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  vi.spyOn(console, 'error').mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

afterEach(() => vi.restoreAllMocks());

describe('titian: verb groups (user, import, audit, keys)', () => {
  it('lists every verb with its summary in one column, in the usage and a group\'s help', async () => {
    const { commands } = await import('./commands');
    const usage = await run(['--help']);
    expect(usage.code).toBe(0);
    const starts = Object.entries(commands).map(([name, c]) => {
      const line = usage.stdout.split('\n').find((l) => l.startsWith(`  ${name} `));
      expect(line, name).toBeDefined();
      return line!.indexOf(c.summary);
    });
    expect(new Set(starts).size).toBe(1);
    expect(starts[0]).toBeGreaterThan(Math.max(...Object.keys(commands).map((n) => n.length)) + 2);
    const group = await run(['import', '--help']);
    const columns = group.stdout.split('\n').map((l) => l.search(/Mengimpor/));
    expect(columns.length).toBeGreaterThanOrEqual(2);
    expect(new Set(columns).size).toBe(1);
  });

  it('a group alone fails with one line naming its verbs, on standard error', async () => {
    for (const [group, verb] of [
      ['user', 'add'],
      ['import', 'registry'],
      ['audit', 'verify'],
    ]) {
      const r = await run([group!]);
      expect(r.code, group).toBe(2);
      expect(r.stdout, group).toBe('');
      expect(r.stderr.split('\n'), group).toHaveLength(1);
      expect(r.stderr, group).toContain('perintah kurang');
      expect(r.stderr, group).toContain('missing verb');
      expect(r.stderr, group).toContain(verb);
    }
  });

  it('an unknown verb of a group fails with one line naming it and the verbs there are', async () => {
    const r = await run(['user', 'delete', 'x']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/perintah tidak dikenal "delete".*\(unknown verb: choose one of .*add/);
    const imp = await run(['import', 'foo']);
    expect(imp.code).toBe(2);
    expect(imp.stderr).toMatch(/"foo".*registry.*verkom|"foo".*verkom.*registry/);
  });

  it('a group with --help lists its verbs on standard output and succeeds', async () => {
    const r = await run(['import', '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/titian import registry/);
    expect(r.stdout).toMatch(/titian import verkom/);
  });

  it('an unknown top-level verb and a bad flag each fail with one line', async () => {
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.split('\n')).toHaveLength(1);
    const badFlag = await run(['migrate', '--bogus']);
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr.split('\n')).toHaveLength(1);
    expect(badFlag.stderr).toContain('titian migrate');
  });

  it('import verkom refuses a period in one line, by the API’s own rule (form, then the programme’s years)', async () => {
    const form = await run(['import', 'verkom', 'x.csv', '--period', '2026-Q5']);
    expect(form.code).toBe(1);
    expect(form.stderr.split('\n')).toHaveLength(1);
    expect(form.stderr).toMatch(/--period: Periode harus berbentuk YYYY-Qn.*\(The period must look like YYYY-Qn/);
    const years = await run(['import', 'verkom', 'x.csv', '--period', '1999-Q1']);
    expect(years.code).toBe(1);
    expect(years.stderr).toMatch(/2007 sampai 2100.*2007 to 2100/);
  });
});
