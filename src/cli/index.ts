/**
 * `titian`: the command-line tool. Every verb prints `--help`; exit code 0 on success, non-zero with
 * a one-line reason on failure. Verbs that change data are safe while the server runs (SQLite WAL with
 * a busy timeout; PostgreSQL transactions).
 */
import { parseArgs } from 'node:util';
import { describeParseArgsError, describeSystemError } from './cli-support';
import { commands } from './commands';

function usage(): string {
  const lines = ['Titian: pendampingan PKH sampai graduasi (PKH case management)', '', 'Pemakaian / usage: titian <perintah> [opsi]', ''];
  const width = Math.max(...Object.keys(commands).map((name) => name.length));
  for (const [name, c] of Object.entries(commands)) lines.push(`  ${name.padEnd(width)}  ${c.summary}`);
  lines.push('', 'titian <perintah> --help menampilkan opsi tiap perintah (each verb has --help).');
  return lines.join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (!verb) {
    // Nothing asked: the usage is the reason for the failure, so it goes where errors go.
    console.error(usage());
    return 1;
  }
  if (verb === '--help' || verb === '-h' || verb === 'help') {
    console.log(usage());
    return 0;
  }
  // Two-word verbs: `user add`.
  const key = commands[verb] ? verb : `${verb} ${rest[0] ?? ''}`.trim();
  const command = commands[key];
  if (!command && Object.keys(commands).some((k) => k.startsWith(`${verb} `))) {
    // A verb group (`titian user`): its verbs on --help; otherwise a one-line reason naming them.
    const group = Object.entries(commands).filter(([k]) => k.startsWith(`${verb} `));
    if (rest.includes('--help') || rest.includes('-h')) {
      const width = Math.max(...group.map(([k]) => k.length));
      console.log(group.map(([k, c]) => `titian ${k.padEnd(width)}  ${c.summary}`).join('\n'));
      return 0;
    }
    const verbs = group.map(([k]) => k.slice(verb.length + 1)).join(', ');
    const sub = rest[0];
    console.error(
      sub === undefined || sub.startsWith('-')
        ? `titian ${verb}: perintah kurang, pilih salah satu: ${verbs} (missing verb: choose one of ${verbs}); lihat titian ${verb} --help`
        : `titian ${verb}: perintah tidak dikenal "${sub}", pilih salah satu: ${verbs} (unknown verb: choose one of ${verbs}); lihat titian ${verb} --help`,
    );
    return 2;
  }
  if (!command) {
    console.error(`titian: perintah tidak dikenal "${verb}" (unknown command); lihat titian --help`);
    return 2;
  }
  const args = commands[verb] ? rest : rest.slice(1);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args, options: command.options ?? {}, allowPositionals: true, strict: true });
  } catch (e) {
    console.error(`titian ${key}: ${describeParseArgsError(e, args)}`);
    return 2;
  }
  try {
    return await command.run(parsed.values as Record<string, string | boolean | undefined>, parsed.positionals);
  } catch (e) {
    // A system error (a file, a folder, a port) in words; anything else by its own first line. On a terminal
    // a progress line may still be open: cleared first, so the reason stands on a line of its own.
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
    console.error(`titian ${key}: ${describeSystemError(e) ?? (e as Error).message.split('\n')[0]}`);
    return 1;
  }
}
