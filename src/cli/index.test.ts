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

describe('titian: one-line bilingual refusals before any work', () => {
  const oneLine = (r: { stderr: string }) => expect(r.stderr.split('\n')).toHaveLength(1);

  it('with no arguments prints the usage on standard error and fails; --help stays on standard output', async () => {
    const none = await run([]);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Pemakaian / usage');
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toBe('');
  });

  it('names an unknown option, a missing value and a negative count in one line, in both languages', async () => {
    const bogus = await run(['migrate', '--bogus']);
    expect(bogus.code).toBe(2);
    oneLine(bogus);
    expect(bogus.stderr).toBe('titian migrate: opsi tidak dikenal: --bogus (unknown option)');
    const negative = await run(['generate', '--families', '-3', '--out', 'x.csv']);
    expect(negative.code).toBe(2);
    oneLine(negative);
    expect(negative.stderr).toMatch(/--families harus bilangan positif, bukan -3 \(--families must be a positive number/);
    const seed = await run(['generate', '--families', '3', '--seed', '-1', '--out', 'x.csv']);
    oneLine(seed);
    expect(seed.stderr).toMatch(/--seed harus bilangan positif.*\(--seed must be a positive number/);
    const missing = await run(['generate', '--families']);
    oneLine(missing);
    expect(missing.stderr).toMatch(/--families memerlukan nilai \(--families needs a value\)/);
    const flagValue = await run(['import', 'registry', 'x.csv', '--dry-run=yes']);
    oneLine(flagValue);
    expect(flagValue.stderr).toMatch(/--dry-run tidak memakai nilai \(--dry-run takes no value\)/);
  });

  it('refuses extra arguments with the same words in every verb', async () => {
    for (const args of [['migrate', 'extra'], ['audit', 'verify', 'extra'], ['graduation', 'triggers', 'extra'], ['user', 'add', 'bob', 'extra', '--role', 'admin'], ['generate', 'extra'], ['keys', 'rotate', 'extra']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(1);
      oneLine(r);
      expect(r.stderr, args.join(' ')).toMatch(/: argumen tidak dikenal: extra \(unexpected argument\)$/);
    }
  });

  it('graduation triggers --as-of: a real date from 2007 to a year ahead, said in both languages', async () => {
    const notADate = await run(['graduation', 'triggers', '--as-of', '2026-13-45']);
    expect(notADate.code).toBe(1);
    oneLine(notADate);
    expect(notADate.stderr).toMatch(/--as-of harus tanggal YYYY-MM-DD yang ada.*"2026-13-45" \(--as-of must be a real date YYYY-MM-DD\)/);
    expect(notADate.stderr).not.toMatch(/Not a calendar date/);
    const early = await run(['graduation', 'triggers', '--as-of', '1990-01-01']);
    oneLine(early);
    expect(early.stderr).toMatch(/2007-01-01.*bukan 1990-01-01 \(--as-of must be from 2007-01-01/);
    const late = await run(['graduation', 'triggers', '--as-of', `${new Date().getFullYear() + 2}-06-01`]);
    expect(late.code).toBe(1);
    oneLine(late);
  });

  it('says a folder is a folder, and a missing file is missing', async () => {
    const dir = await run(['import', 'registry', '.']);
    expect(dir.stderr).toBe('titian import registry: . adalah folder, bukan berkas (is a folder, not a file)');
    const verkom = await run(['import', 'verkom', '.', '--period', '2025-Q1']);
    expect(verkom.stderr).toBe('titian import verkom: . adalah folder, bukan berkas (is a folder, not a file)');
    const missing = await run(['import', 'registry', 'tidak-ada.csv']);
    expect(missing.stderr).toBe('titian import registry: berkas tidak ditemukan: tidak-ada.csv (file not found)');
  });

  it('refuses a filter the export kind does not take as such, before checking its value', async () => {
    const r = await run(['export', 'graduation_candidates', '--out', 'x.csv', '--state', 'aktif']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('titian export: --state: Saringan ini tidak berlaku untuk ekspor graduation_candidates; yang berlaku: type. (This filter does not apply to the graduation_candidates export; these do: type.)');
    const xlsx = await run(['export', 'families', '--out', '-', '--format', 'xlsx']);
    expect(xlsx.stderr).toMatch(/XLSX tidak dapat ditulis ke stdout.*\(XLSX cannot go to standard output/);
    const folder = await run(['export', 'families', '--out', '.']);
    expect(folder.stderr).toBe('titian export: --out: . adalah folder, bukan berkas (is a folder, not a file)');
  });

  it('--lang takes id or en only', async () => {
    const r = await run(['import', 'registry', 'x.csv', '--lang', 'fr']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--lang harus id atau en, bukan "fr" \(must be id or en\)/);
  });
});

describe('describeSystemError', () => {
  it('says a busy port, a full disk and a denied file in one line, in both languages', async () => {
    const { describeSystemError } = await import('./cli-support');
    expect(describeSystemError(Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE', port: 3000 }))).toMatch(/^port 3000 sudah dipakai.*PORT.*\(port 3000 is already in use; choose another with PORT\)$/);
    expect(describeSystemError(Object.assign(new Error('x'), { code: 'ENOSPC' }), 'a.csv')).toMatch(/disk penuh saat menulis a\.csv.*\(no space left/);
    expect(describeSystemError(Object.assign(new Error('x'), { code: 'EACCES', path: '/root/a' }))).toBe('tidak ada izin untuk /root/a (permission denied)');
    expect(describeSystemError(new Error('plain'))).toBeUndefined();
  });
});
