/**
 * What every verb of the command line shares: its messages for bad options and extra arguments, system
 * errors (a missing file, a folder given for a file, a busy port) said in one line in both languages, and
 * the language of the lines that describe rows (`--lang`, TITIAN_LANG).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Lang } from '../shared/i18n/index';

/** A refusal the user can act on: main() prints its message as it is (one line) and exits 1. */
export class CliError extends Error {}

/** Refuses positional arguments beyond the `allowed` first ones (a typo is not silently ignored). */
export function refuseExtraArguments(positionals: string[], allowed = 0): void {
  const extra = positionals.slice(allowed);
  if (extra.length === 0) return;
  throw new CliError(`argumen tidak dikenal: ${extra.join(' ')} (unexpected argument${extra.length > 1 ? 's' : ''})`);
}

/**
 * Node's parseArgs errors are English and several lines long: the same in one line, in both languages,
 * naming the option. `args` are the verb's arguments (to tell a negative number from a missing value).
 */
export function describeParseArgsError(e: unknown, args: string[]): string {
  const err = e as { code?: string; message?: string };
  const message = err.message ?? '';
  const option = /'(-{1,2}[^' <]+)/.exec(message)?.[1] ?? '';
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return `opsi tidak dikenal: ${option} (unknown option)`;
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL': {
      const arg = /'([^']*)'/.exec(message)?.[1] ?? '';
      return `argumen tidak dikenal: ${arg} (unexpected argument)`;
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE': {
      if (/does not take an argument/.test(message)) return `${option} tidak memakai nilai (${option} takes no value)`;
      // `--families -3`: parseArgs takes "-3" for an option and calls the value ambiguous. A count is never negative.
      const next = args[args.indexOf(option) + 1];
      if (next !== undefined && /^-\d/.test(next)) return `${option} harus bilangan positif, bukan ${next} (${option} must be a positive number, not ${next})`;
      if (next !== undefined && next.startsWith('-')) {
        return `${option} tanpa nilai; untuk nilai yang diawali "-" tulis ${option}=${next} (${option} has no value; for a value starting with "-" write ${option}=${next})`;
      }
      return `${option} memerlukan nilai (${option} needs a value)`;
    }
    default:
      return `opsi tidak valid (invalid options): ${message.split('\n')[0]}`;
  }
}

/**
 * The system errors a user meets (a file not there, a folder given for a file, no permission, a full disk, a
 * busy port), in one line in both languages; undefined for anything else. `target` names the file when the
 * error does not (a stream's error names it, a rename may name the other path).
 */
export function describeSystemError(e: unknown, target?: string): string | undefined {
  const err = e as NodeJS.ErrnoException & { port?: number; address?: string };
  if (!err || typeof err !== 'object' || typeof err.code !== 'string') return undefined;
  const where = target ?? err.path ?? '';
  switch (err.code) {
    case 'ENOENT':
      return `tidak ditemukan: ${where} (file or folder not found)`;
    case 'EISDIR':
      return `${where} adalah folder, bukan berkas (is a folder, not a file)`;
    case 'ENOTDIR':
      return `${where}: bagian jalurnya bukan folder (a part of the path is not a folder)`;
    case 'EACCES':
    case 'EPERM':
      return `tidak ada izin untuk ${where} (permission denied)`;
    case 'EROFS':
      return `${where} ada di disk yang hanya bisa dibaca (read-only file system)`;
    case 'ENOSPC':
      return `disk penuh${where ? ` saat menulis ${where}` : ''}; kosongkan ruang lalu ulangi (no space left on the disk; free some space and try again)`;
    case 'EADDRINUSE':
      return `port ${err.port ?? '?'} sudah dipakai program lain; pilih port lain dengan PORT, mis. PORT=3001 titian serve (port ${err.port ?? '?'} is already in use; choose another with PORT)`;
    case 'EADDRNOTAVAIL':
      return `alamat ${err.address ?? ''} tidak ada di mesin ini; periksa HOST (address not available here; check HOST)`;
    default:
      return undefined;
  }
}

/** A file to read: refused in one line when it is missing, a folder, or unreadable. */
export function checkInputFile(file: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new CliError(`berkas tidak ditemukan: ${file} (file not found)`);
    throw new CliError(describeSystemError(e, file) ?? `berkas tidak dapat dibaca: ${file} (cannot read the file)`);
  }
  if (stat.isDirectory()) throw new CliError(`${file} adalah folder, bukan berkas (is a folder, not a file)`);
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch (e) {
    throw new CliError(describeSystemError(e, file) ?? `berkas tidak dapat dibaca: ${file} (cannot read the file)`);
  }
}

/**
 * A file to write, checked before any work is done: its folder exists, it is not a folder, and it can be
 * created or replaced (tried on a probe beside it, so an existing file is not touched).
 */
export function checkOutputFile(file: string, option?: string): void {
  try {
    checkWritable(file);
  } catch (e) {
    throw option && e instanceof CliError ? new CliError(`${option}: ${e.message}`) : e;
  }
}

function checkWritable(file: string): void {
  const target = path.resolve(file);
  const dir = path.dirname(target);
  let dirStat: fs.Stats;
  try {
    dirStat = fs.statSync(dir);
  } catch {
    throw new CliError(`folder tidak ada: ${dir} (folder not found)`);
  }
  if (!dirStat.isDirectory()) throw new CliError(`${dir} bukan folder (is not a folder)`);
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) throw new CliError(`${file} adalah folder, bukan berkas (is a folder, not a file)`);
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    if (fs.existsSync(target)) fs.accessSync(target, fs.constants.W_OK);
  } catch (e) {
    throw new CliError(describeSystemError(e, file) ?? `tidak dapat menulis ${file} (cannot write the file)`);
  }
}

/** The language of the lines that describe rows: --lang, else TITIAN_LANG, else Indonesian. */
export function cliLang(option: string | boolean | undefined, env: NodeJS.ProcessEnv = process.env): Lang {
  const raw = typeof option === 'string' ? option : env.TITIAN_LANG?.trim() || 'id';
  const lang = raw.toLowerCase();
  if (lang === 'id' || lang === 'en') return lang;
  throw new CliError(`${typeof option === 'string' ? '--lang' : 'TITIAN_LANG'} harus id atau en, bukan "${raw}" (must be id or en)`);
}
