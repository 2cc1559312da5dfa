import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createFieldCipher,
  type FieldCipher,
  FieldCipherError,
  fieldKeyId,
  loadFieldKeys,
  openFieldCipher,
  retirePreviousFieldKeys,
  rotateFieldKeyFiles,
} from './field-cipher';

const posix = process.platform !== 'win32';
const NIK = '3201014501900001';
const KK = '3201010101200001';

const newKey = () => randomBytes(32);
const hex = (key: Buffer) => key.toString('hex');

const tmpDirs: string[] = [];
function tmpDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'titian-field-cipher-'));
  tmpDirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of tmpDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const keysDir = (dataDir: string) => path.join(dataDir, 'keys');
const keyFile = (dataDir: string) => path.join(keysDir(dataDir), 'encryption.key');
const previousFile = (dataDir: string) => path.join(keysDir(dataDir), 'encryption-previous.keys');
const mode = (p: string) => fs.statSync(p).mode & 0o777;

/** The error thrown by fn, asserted to be a FieldCipherError. */
function caught(fn: () => unknown): FieldCipherError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FieldCipherError);
    return err as FieldCipherError;
  }
  throw new Error('expected a FieldCipherError, nothing was thrown');
}

/** Asserts a message is bilingual and holds none of the secrets given. */
function expectSafeMessage(err: FieldCipherError, ...secrets: string[]) {
  expect(err.message).toMatch(/\(.+\)/);
  for (const secret of secrets) expect(err.message).not.toContain(secret);
}

const body = (stored: string) => stored.split(':')[3];

describe('createFieldCipher', () => {
  const key = newKey();
  const cipher = createFieldCipher({ current: key });

  it('round-trips and writes enc:v1:<keyId>:<base64url> with a 12-hex key id derived from the key', () => {
    const stored = cipher.encrypt(NIK, 'nik');
    expect(stored).toMatch(/^enc:v1:[0-9a-f]{12}:[A-Za-z0-9_-]+$/);
    const expectedId = createHash('sha256')
      .update(Buffer.concat([Buffer.from('titian-field-key:'), key]))
      .digest('hex')
      .slice(0, 12);
    expect(stored.split(':')[2]).toBe(expectedId);
    expect(cipher.currentKeyId).toBe(expectedId);
    expect(fieldKeyId(key)).toBe(expectedId);
    // 12-byte IV, 16-byte tag, then the ciphertext (as long as the UTF-8 plaintext).
    expect(Buffer.from(body(stored), 'base64url').length).toBe(12 + 16 + NIK.length);
    expect(cipher.decrypt(stored, 'nik')).toBe(NIK);
    expect(cipher.decrypt(cipher.encrypt('', 'kk'), 'kk')).toBe('');
  });

  it('binds the purpose: a value copied into another column does not decrypt', () => {
    const stored = cipher.encrypt(NIK, 'nik');
    const err = caught(() => cipher.decrypt(stored, 'kk'));
    expect(err.code).toBe('decrypt_failed');
    expectSafeMessage(err, NIK, stored, body(stored));
  });

  it('refuses an empty purpose', () => {
    expect(caught(() => cipher.encrypt(NIK, '')).code).toBe('invalid_purpose');
    expect(caught(() => cipher.decrypt(cipher.encrypt(NIK, 'nik'), '')).code).toBe('invalid_purpose');
  });

  it('fails when any byte of IV, tag or ciphertext is changed', () => {
    const stored = cipher.encrypt(KK, 'kk');
    const [prefix, version, keyId, encoded] = stored.split(':');
    const raw = Buffer.from(encoded, 'base64url');
    for (let i = 0; i < raw.length; i++) {
      for (const bit of [0x01, 0x80]) {
        const tampered = Buffer.from(raw);
        tampered[i] ^= bit;
        const value = [prefix, version, keyId, tampered.toString('base64url')].join(':');
        const err = caught(() => cipher.decrypt(value, 'kk'));
        expect(err.code).toBe('decrypt_failed');
        expectSafeMessage(err, KK, value);
      }
    }
    // Truncated or extended payloads fail too.
    expect(caught(() => cipher.decrypt(`enc:v1:${keyId}:${raw.subarray(0, raw.length - 1).toString('base64url')}`, 'kk')).code).toBe(
      'decrypt_failed',
    );
    expect(caught(() => cipher.decrypt(`enc:v1:${keyId}:${raw.subarray(0, 27).toString('base64url')}`, 'kk')).code).toBe('malformed');
  });

  it('fails when any character after "enc:" is changed (the base64url must be canonical)', () => {
    const stored = cipher.encrypt(NIK, 'nik');
    for (let i = 'enc:'.length; i < stored.length; i++) {
      for (const replacement of ['A', 'z', '0', '_', ':', '=', '+']) {
        if (stored[i] === replacement) continue;
        const value = stored.slice(0, i) + replacement + stored.slice(i + 1);
        const err = caught(() => cipher.decrypt(value, 'nik'));
        expectSafeMessage(err, NIK, value, body(stored));
      }
    }
    expect(caught(() => cipher.decrypt(`${stored}=`, 'nik')).code).toBe('malformed');
    expect(caught(() => cipher.decrypt(`${stored}:x`, 'nik')).code).toBe('malformed');
    expect(caught(() => cipher.decrypt(stored.replace('enc:v1:', 'enc:v2:'), 'nik')).code).toBe('unsupported_version');
  });

  it('fails on an unknown key id without leaking the plaintext or the stored value', () => {
    const stored = cipher.encrypt(NIK, 'nik');
    const other = createFieldCipher({ current: newKey() });
    const err = caught(() => other.decrypt(stored, 'nik'));
    expect(err.code).toBe('unknown_key');
    expect(err.message).toContain(cipher.currentKeyId); // names the key id, which reveals nothing
    expectSafeMessage(err, NIK, stored, body(stored), hex(key));
  });

  it('decrypts with previous keys, encrypts with the current one, and tells which values are current', () => {
    const oldKey = newKey();
    const older = createFieldCipher({ current: oldKey });
    const oldValue = older.encrypt(NIK, 'nik');

    const rotated = createFieldCipher({ current: key, previous: [oldKey] });
    expect(rotated.currentKeyId).toBe(fieldKeyId(key));
    expect(rotated.keyIds).toEqual([fieldKeyId(key), fieldKeyId(oldKey)]);
    expect(rotated.decrypt(oldValue, 'nik')).toBe(NIK);
    expect(rotated.isCurrent(oldValue)).toBe(false);

    const newValue = rotated.encrypt(NIK, 'nik');
    expect(rotated.isCurrent(newValue)).toBe(true);
    expect(older.isCurrent(newValue)).toBe(false);
    expect(rotated.isCurrent(NIK)).toBe(false);
    expect(caught(() => older.decrypt(newValue, 'nik')).code).toBe('unknown_key');
  });

  it('passes plaintext written before encryption through unchanged', () => {
    for (const legacy of [NIK, KK, '', 'Jl. Merdeka 1', 'ENC:v1:abc', 'encrypted']) {
      expect(cipher.decrypt(legacy, 'nik')).toBe(legacy);
      expect(cipher.isEncrypted(legacy)).toBe(false);
      expect(cipher.isCurrent(legacy)).toBe(false);
    }
    expect(cipher.isEncrypted(cipher.encrypt(NIK, 'nik'))).toBe(true);
    // Something that claims the format but is broken is an error, never returned as if it were plaintext.
    expect(cipher.isEncrypted('enc:garbage')).toBe(true);
    expect(caught(() => cipher.decrypt('enc:garbage', 'nik')).code).toBe('malformed');
  });

  it('refuses keys that are not exactly 32 bytes', () => {
    for (const bad of [Buffer.alloc(0), randomBytes(16), randomBytes(31), randomBytes(33), randomBytes(64)]) {
      expect(caught(() => createFieldCipher({ current: bad })).code).toBe('invalid_key');
      expect(caught(() => createFieldCipher({ current: key, previous: [newKey(), bad] })).code).toBe('invalid_key');
    }
    expect(caught(() => createFieldCipher({ current: hex(key) as unknown as Buffer })).code).toBe('invalid_key');
  });

  it('lists each key once, and keeps its own copy of the key bytes', () => {
    const mine = newKey();
    const other = newKey();
    const c = createFieldCipher({ current: mine, previous: [other, Buffer.from(mine), other] });
    expect(c.keyIds).toEqual([fieldKeyId(mine), fieldKeyId(other)]);
    const stored = c.encrypt(NIK, 'nik');
    mine.fill(0);
    expect(c.decrypt(stored, 'nik')).toBe(NIK);
  });

  it('calls reload once for an unknown key id, and not at all for known ones', () => {
    const reload = vi.fn(() => undefined);
    const c = createFieldCipher({ current: key }, { reload });
    c.decrypt(c.encrypt(NIK, 'nik'), 'nik');
    c.decrypt(NIK, 'nik');
    expect(reload).not.toHaveBeenCalled();

    const foreign = createFieldCipher({ current: newKey() }).encrypt(NIK, 'nik');
    expect(caught(() => c.decrypt(foreign, 'nik')).code).toBe('unknown_key');
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('adopts the keyring the reload hook returns', () => {
    const next = newKey();
    const writer = createFieldCipher({ current: next, previous: [key] });
    const reader = createFieldCipher({ current: key }, { reload: () => ({ current: next, previous: [key] }) });
    expect(reader.decrypt(writer.encrypt(KK, 'kk'), 'kk')).toBe(KK);
    expect(reader.currentKeyId).toBe(fieldKeyId(next));
    expect(reader.keyIds).toEqual([fieldKeyId(next), fieldKeyId(key)]);
  });
});

describe('createFieldCipher properties', () => {
  const cipher = createFieldCipher({ current: newKey(), previous: [newKey()] });

  it('decrypt(encrypt(s)) === s for any unicode string, the empty one included', () => {
    const purpose = fc.constantFrom('nik', 'kk', 'alamat', 'nama ibu');
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.constant('')), purpose, (s, p) => {
        expect(cipher.decrypt(cipher.encrypt(s, p), p)).toBe(s);
      }),
      { numRuns: 300 },
    );
  });

  it('encrypting the same plaintext twice gives different values', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const a = cipher.encrypt(s, 'nik');
        const b = cipher.encrypt(s, 'nik');
        expect(a).not.toBe(b);
        expect(cipher.decrypt(a, 'nik')).toBe(cipher.decrypt(b, 'nik'));
      }),
    );
  });

  it('no stored value contains a plaintext of 4 or more digits', () => {
    // A key whose id has no run of 4 digits, so only the random payload could (with negligible odds) hold one.
    let seed = 0;
    let key = createHash('sha256').update(`titian-test-key-${seed}`).digest();
    while (/\d{4}/.test(fieldKeyId(key))) key = createHash('sha256').update(`titian-test-key-${++seed}`).digest();
    const digitsCipher = createFieldCipher({ current: key });
    fc.assert(
      fc.property(fc.stringMatching(/^\d{4,20}$/), (digits) => {
        const stored = digitsCipher.encrypt(digits, 'nik');
        expect(stored).not.toContain(digits);
        expect(digitsCipher.decrypt(stored, 'nik')).toBe(digits);
      }),
      { numRuns: 300 },
    );
  });

  it('no error message contains the plaintext or the stored value', () => {
    const other = createFieldCipher({ current: newKey() });
    fc.assert(
      fc.property(fc.stringMatching(/^\d{16}$/), fc.nat(), (nik, pos) => {
        const stored = cipher.encrypt(nik, 'nik');
        const raw = Buffer.from(body(stored), 'base64url');
        raw[pos % raw.length] ^= 0x10;
        const tampered = `enc:v1:${cipher.currentKeyId}:${raw.toString('base64url')}`;
        for (const attempt of [
          () => cipher.decrypt(tampered, 'nik'),
          () => cipher.decrypt(stored, 'kk'),
          () => other.decrypt(stored, 'nik'),
        ]) {
          expectSafeMessage(caught(attempt), nik, stored, tampered, body(stored));
        }
      }),
      { numRuns: 50 },
    );
  });
});

describe('loadFieldKeys', () => {
  it('reads TITIAN_ENCRYPTION_KEY and TITIAN_ENCRYPTION_KEY_PREVIOUS without touching the data dir', () => {
    const dir = tmpDir();
    const [current, p1, p2] = [newKey(), newKey(), newKey()];
    const keys = loadFieldKeys(dir, {
      TITIAN_ENCRYPTION_KEY: ` ${hex(current).toUpperCase()} `,
      TITIAN_ENCRYPTION_KEY_PREVIOUS: `${hex(p1)}, ${hex(p2)},`,
    });
    expect(keys.source).toBe('env');
    expect(keys.current.equals(current)).toBe(true);
    expect(keys.previous.map(hex)).toEqual([hex(p1), hex(p2)]);
    expect(fs.existsSync(keysDir(dir))).toBe(false);
    expect(loadFieldKeys(dir, { TITIAN_ENCRYPTION_KEY: hex(current) }).previous).toEqual([]);
  });

  it('refuses malformed environment keys without echoing them', () => {
    const dir = tmpDir();
    const good = hex(newKey());
    const bad = [
      { TITIAN_ENCRYPTION_KEY: good.slice(0, 62) },
      { TITIAN_ENCRYPTION_KEY: `${good}00` },
      { TITIAN_ENCRYPTION_KEY: `${good.slice(0, 63)}g` },
      { TITIAN_ENCRYPTION_KEY: good, TITIAN_ENCRYPTION_KEY_PREVIOUS: `${hex(newKey())},${good.slice(0, 40)}` },
      { TITIAN_ENCRYPTION_KEY_PREVIOUS: good },
    ];
    for (const env of bad) {
      const err = caught(() => loadFieldKeys(dir, env));
      expect(err.code).toBe('key_config');
      expect(err.message).toMatch(/TITIAN_ENCRYPTION_KEY/);
      expectSafeMessage(err, good.slice(0, 40));
    }
    expect(fs.existsSync(keysDir(dir))).toBe(false);
  });

  it('generates a key file once and reads it back afterwards', () => {
    const dir = tmpDir();
    const first = loadFieldKeys(dir, {});
    expect(first.source).toBe('file');
    expect(first.current.length).toBe(32);
    expect(first.previous).toEqual([]);
    expect(fs.readFileSync(keyFile(dir), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
    const second = loadFieldKeys(dir, {});
    expect(second.current.equals(first.current)).toBe(true);
  });

  it.skipIf(!posix)('creates the key file 0600 inside a 0700 directory', () => {
    const dir = tmpDir();
    loadFieldKeys(path.join(dir, 'data'), {});
    expect(mode(keysDir(path.join(dir, 'data')))).toBe(0o700);
    expect(mode(keyFile(path.join(dir, 'data')))).toBe(0o600);
  });

  it('reads previous keys one per line, skipping blank lines and comments', () => {
    const dir = tmpDir();
    const [current, p1, p2] = [newKey(), newKey(), newKey()];
    fs.mkdirSync(keysDir(dir), { mode: 0o700 });
    fs.writeFileSync(keyFile(dir), `${hex(current)}\n`, { mode: 0o600 });
    fs.writeFileSync(previousFile(dir), `# rotated 2025-06\n${hex(p1)}\r\n\n  ${hex(p2)}  \n`, { mode: 0o600 });
    const keys = loadFieldKeys(dir, {});
    expect(keys.current.equals(current)).toBe(true);
    expect(keys.previous.map(hex)).toEqual([hex(p1), hex(p2)]);
  });

  it('refuses a broken key file instead of replacing it', () => {
    const dir = tmpDir();
    fs.mkdirSync(keysDir(dir), { mode: 0o700 });
    fs.writeFileSync(keyFile(dir), 'not-a-key', { mode: 0o600 });
    const err = caught(() => loadFieldKeys(dir, {}));
    expect(err.code).toBe('key_config');
    expect(err.message).toContain('encryption.key');
    expect(fs.readFileSync(keyFile(dir), 'utf8')).toBe('not-a-key');

    fs.writeFileSync(keyFile(dir), hex(newKey()));
    fs.writeFileSync(previousFile(dir), `${hex(newKey())}\nzz\n`);
    expect(caught(() => loadFieldKeys(dir, {})).message).toMatch(/line 2/);
  });

  it('refuses to generate a new key when previous keys exist but the current key file is gone', () => {
    const dir = tmpDir();
    fs.mkdirSync(keysDir(dir), { mode: 0o700 });
    fs.writeFileSync(previousFile(dir), `${hex(newKey())}\n`, { mode: 0o600 });
    expect(caught(() => loadFieldKeys(dir, {})).code).toBe('key_config');
    expect(fs.existsSync(keyFile(dir))).toBe(false);
  });
});

// --- other processes -------------------------------------------------------------------------------

const moduleUrl = new URL('./field-cipher.ts', import.meta.url).href;
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Runs `code` (TypeScript, with the module's exports in scope) in a separate Node process through tsx. */
function runInOtherProcess(code: string): Promise<string> {
  const script = path.join(tmpDir(), 'other-process.mts');
  fs.writeFileSync(
    script,
    `import { loadFieldKeys, rotateFieldKeyFiles, openFieldCipher, fieldKeyId } from ${JSON.stringify(moduleUrl)};\n${code}\n`,
  );
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', script], { cwd: repoRoot, timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout.trim()),
    );
  });
}

describe('key files shared between processes', () => {
  it('processes racing to create the key file all end up with the same key', async () => {
    const dir = tmpDir();
    const code = `console.log(fieldKeyId(loadFieldKeys(${JSON.stringify(dir)}, {}).current));`;
    const ids = await Promise.all([1, 2, 3, 4].map(() => runInOtherProcess(code)));
    expect(new Set(ids).size).toBe(1);
    expect(ids[0]).toBe(fieldKeyId(loadFieldKeys(dir, {}).current));
  }, 60_000);

  it('a running server picks up a key rotated by another process', async () => {
    const dir = tmpDir();
    const server = openFieldCipher(dir, {});
    const before = server.encrypt(NIK, 'nik');
    const oldId = server.currentKeyId;

    const out = await runInOtherProcess(`
      const { newKeyId } = rotateFieldKeyFiles(${JSON.stringify(dir)}, {});
      const cli = openFieldCipher(${JSON.stringify(dir)}, {});
      console.log(JSON.stringify({ newKeyId, value: cli.encrypt(${JSON.stringify(KK)}, 'kk') }));
    `);
    const { newKeyId, value } = JSON.parse(out) as { newKeyId: string; value: string };
    expect(newKeyId).not.toBe(oldId);
    expect(server.currentKeyId).toBe(oldId); // nothing changes until a value needs the new key

    expect(server.decrypt(value, 'kk')).toBe(KK);
    expect(server.currentKeyId).toBe(newKeyId);
    expect(server.keyIds).toEqual([newKeyId, oldId]);
    expect(server.decrypt(before, 'nik')).toBe(NIK);
    expect(server.isCurrent(server.encrypt(NIK, 'nik'))).toBe(true);
  }, 60_000);
});

describe('rotateFieldKeyFiles and retirePreviousFieldKeys', () => {
  function encryptWith(dir: string, plain: string): { cipher: FieldCipher; stored: string } {
    const cipher = openFieldCipher(dir, {});
    return { cipher, stored: cipher.encrypt(plain, 'nik') };
  }

  it('rotation keeps old data readable and makes a new current key', () => {
    const dir = tmpDir();
    const { cipher: first, stored } = encryptWith(dir, NIK);
    const result = rotateFieldKeyFiles(dir, {});
    expect(result.newKeyId).not.toBe(first.currentKeyId);
    expect(result.previousKeyIds).toEqual([first.currentKeyId]);

    const after = openFieldCipher(dir, {});
    expect(after.currentKeyId).toBe(result.newKeyId);
    expect(after.decrypt(stored, 'nik')).toBe(NIK);
    expect(after.isCurrent(stored)).toBe(false);
    expect(after.isCurrent(after.encrypt(NIK, 'nik'))).toBe(true);

    const second = rotateFieldKeyFiles(dir, {});
    expect(second.previousKeyIds).toEqual([first.currentKeyId, result.newKeyId]);
    expect(openFieldCipher(dir, {}).decrypt(stored, 'nik')).toBe(NIK);

    // Only the two key files are left: no temp file, no lock.
    expect(fs.readdirSync(keysDir(dir)).sort()).toEqual(['encryption-previous.keys', 'encryption.key']);
    if (posix) {
      expect(mode(keyFile(dir))).toBe(0o600);
      expect(mode(previousFile(dir))).toBe(0o600);
    }
  });

  it('rotation creates the first key when there is none yet', () => {
    const dir = tmpDir();
    const result = rotateFieldKeyFiles(dir, {});
    expect(result.previousKeyIds).toHaveLength(1);
    expect(openFieldCipher(dir, {}).currentKeyId).toBe(result.newKeyId);
  });

  it('rotation and retirement refuse keys from the environment and say what to do', () => {
    const dir = tmpDir();
    const env = { TITIAN_ENCRYPTION_KEY: hex(newKey()) };
    const err = caught(() => rotateFieldKeyFiles(dir, env));
    expect(err.code).toBe('env_keys');
    expect(err.message).toContain('TITIAN_ENCRYPTION_KEY_PREVIOUS');
    expectSafeMessage(err, env.TITIAN_ENCRYPTION_KEY);
    expect(caught(() => retirePreviousFieldKeys(dir, [], env)).code).toBe('env_keys');
    expect(fs.existsSync(keysDir(dir))).toBe(false);
  });

  it('retire removes only the keys not listed', () => {
    const dir = tmpDir();
    const values: string[] = [];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { cipher, stored } = encryptWith(dir, `${NIK.slice(0, -1)}${i}`);
      values.push(stored);
      ids.push(cipher.currentKeyId);
      rotateFieldKeyFiles(dir, {});
    }
    expect(openFieldCipher(dir, {}).keyIds.slice(1)).toEqual(ids);

    expect(retirePreviousFieldKeys(dir, [ids[1], 'ffffffffffff'], {})).toBe(2);
    const after = openFieldCipher(dir, {});
    expect(after.keyIds.slice(1)).toEqual([ids[1]]);
    expect(after.decrypt(values[1], 'nik')).toBe(`${NIK.slice(0, -1)}1`);
    expect(caught(() => after.decrypt(values[0], 'nik')).code).toBe('unknown_key');
    expect(caught(() => after.decrypt(values[2], 'nik')).code).toBe('unknown_key');

    expect(retirePreviousFieldKeys(dir, [ids[1]], {})).toBe(0);
    expect(retirePreviousFieldKeys(dir, [], {})).toBe(1);
    expect(openFieldCipher(dir, {}).keyIds).toHaveLength(1);
    expect(retirePreviousFieldKeys(tmpDir(), [], {})).toBe(0);
  });
});

describe('openFieldCipher', () => {
  it('uses environment keys as they are, with no key files and no reload', () => {
    const dir = tmpDir();
    const [current, previous] = [newKey(), newKey()];
    const cipher = openFieldCipher(dir, {
      TITIAN_ENCRYPTION_KEY: hex(current),
      TITIAN_ENCRYPTION_KEY_PREVIOUS: hex(previous),
    });
    expect(cipher.keyIds).toEqual([fieldKeyId(current), fieldKeyId(previous)]);
    expect(cipher.decrypt(createFieldCipher({ current: previous }).encrypt(NIK, 'nik'), 'nik')).toBe(NIK);

    // A key file appearing later is not consulted.
    const fileCipher = openFieldCipher(dir, {});
    expect(caught(() => cipher.decrypt(fileCipher.encrypt(NIK, 'nik'), 'nik')).code).toBe('unknown_key');
    expect(cipher.currentKeyId).toBe(fieldKeyId(current));
  });
});
