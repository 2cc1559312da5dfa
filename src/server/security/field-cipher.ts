import { createCipheriv, createDecipheriv, createHash, createSecretKey, type KeyObject, randomBytes, randomFillSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encryption at rest for personal identifiers (NIK, No. KK): AES-256-GCM from node:crypto, with a keyring
 * so keys can be rotated without rewriting every row at once.
 *
 * Stored format: `enc:v1:<keyId>:<base64url(iv[12] || tag[16] || ciphertext)>`.
 * - `keyId` is the first 12 hex chars of SHA-256('titian-field-key:' || key bytes): it names the key
 *   without revealing it.
 * - `purpose` ('nik', 'kk', ...) is the GCM additional authenticated data (its UTF-8 bytes, nothing
 *   else), so a value copied into another column does not decrypt.
 * - The base64url part must be canonical (no padding, no stray characters), so every character of a
 *   stored value after `enc:` is covered: changing any of them fails.
 * - A value that does not start with `enc:` is plaintext written before encryption existed: decrypt
 *   returns it unchanged (a later step migrates those rows). `isCurrent` is false for it.
 *
 * Keys live outside the database, like the identity key: TITIAN_ENCRYPTION_KEY (64 hex chars) plus
 * TITIAN_ENCRYPTION_KEY_PREVIOUS (comma-separated 64-hex keys), or `<data dir>/keys/encryption.key` plus
 * `<data dir>/keys/encryption-previous.keys` (one hex key per line; blank lines and `#` comments ignored).
 *
 * Rotation with key files: `rotateFieldKeyFiles` makes a new current key and keeps the old one in the
 * previous list; running servers pick the new key up the first time they meet a value written with it
 * (the reload hook of `openFieldCipher`). After every row is re-encrypted with the new key, and every
 * process has been restarted (or has reloaded) so none still writes with the old key,
 * `retirePreviousFieldKeys` drops the old ones.
 */

export interface FieldCipher {
  /** Encrypts with the current key; `purpose` (e.g. 'nik', 'kk') is bound as additional authenticated data. */
  encrypt(plain: string, purpose: string): string;
  /** Decrypts a stored value; a value not in the `enc:` format is returned as-is (legacy plaintext). */
  decrypt(stored: string, purpose: string): string;
  /** True when the value is encrypted with the current key (false for plaintext and for older keys). */
  isCurrent(stored: string): boolean;
  /** True when the value is in the `enc:` format (whether or not it can be decrypted here). */
  isEncrypted(stored: string): boolean;
  readonly currentKeyId: string;
  /** The current key id first, then the previous ones. */
  readonly keyIds: string[];
}

export type FieldCipherErrorCode =
  | 'invalid_key'
  | 'invalid_purpose'
  | 'malformed'
  | 'unsupported_version'
  | 'unknown_key'
  | 'decrypt_failed'
  | 'key_config'
  | 'env_keys';

/** Every message is bilingual (Indonesian, then English in parentheses) and never holds a plaintext or a stored value. */
export class FieldCipherError extends Error {
  readonly code: FieldCipherErrorCode;

  constructor(code: FieldCipherErrorCode, message: string) {
    super(message);
    this.name = 'FieldCipherError';
    this.code = code;
  }
}

export interface FieldKeys {
  current: Buffer;
  previous?: Buffer[];
}

export interface FieldCipherOptions {
  /** Called once when a value names an unknown key id; returns the keyring as it is now (or undefined). */
  reload?: () => FieldKeys | undefined;
}

const PREFIX = 'enc:';
const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';
const KEY_ID_RE = /^[0-9a-f]{12}$/;
const BASE64URL_RE = /^[A-Za-z0-9_-]*$/;
const HEX_KEY_RE = /^[0-9a-fA-F]{64}$/;

const KEY_FILE = 'encryption.key';
const PREVIOUS_FILE = 'encryption-previous.keys';
const LOCK_FILE = 'encryption.lock';

/** First 12 hex chars of SHA-256('titian-field-key:' || key): identifies a key without revealing it. */
export function fieldKeyId(key: Buffer): string {
  return createHash('sha256').update('titian-field-key:', 'utf8').update(key).digest('hex').slice(0, 12);
}

interface Keyring {
  currentId: string;
  current: Buffer;
  byId: Map<string, Buffer>;
}

/** Keys as KeyObjects, made once per key (importing a raw key on every call costs more than the cipher itself). */
const keyObjects = new WeakMap<Buffer, KeyObject>();
function keyObjectOf(key: Buffer): KeyObject {
  let k = keyObjects.get(key);
  if (!k) {
    k = createSecretKey(key);
    keyObjects.set(key, k);
  }
  return k;
}

/** IVs cut from a pool of CSPRNG bytes refilled as it runs out (one system call per 341 values, not per value). */
const ivPool = Buffer.alloc(4092);
let ivOffset = ivPool.length;
function nextIv(bytes: number): Buffer {
  if (ivOffset + bytes > ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + bytes));
  ivOffset += bytes;
  return iv;
}

function buildKeyring(keys: FieldKeys): Keyring {
  if (!keys || !Buffer.isBuffer(keys.current)) {
    throw new FieldCipherError('invalid_key', 'Kunci enkripsi saat ini tidak ada (the current encryption key is missing)');
  }
  const all = [keys.current, ...(keys.previous ?? [])];
  const byId = new Map<string, Buffer>();
  all.forEach((key, index) => {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
      const which = index === 0 ? 'saat ini (current)' : `lama ke-${index} (previous #${index})`;
      throw new FieldCipherError(
        'invalid_key',
        `Kunci enkripsi ${which} harus tepat ${KEY_BYTES} byte (encryption keys must be exactly ${KEY_BYTES} bytes)`,
      );
    }
    const id = fieldKeyId(key);
    if (!byId.has(id)) byId.set(id, Buffer.from(key)); // a copy: later changes to the caller's buffer do not leak in
  });
  const currentId = fieldKeyId(keys.current);
  return { currentId, current: byId.get(currentId)!, byId };
}

function checkPurpose(purpose: string): void {
  if (typeof purpose !== 'string' || purpose.length === 0) {
    throw new FieldCipherError(
      'invalid_purpose',
      'Tujuan (purpose) enkripsi harus berupa teks yang tidak kosong (the encryption purpose must be a non-empty string)',
    );
  }
}

interface Parsed {
  keyId: string;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

const malformed = () =>
  new FieldCipherError('malformed', 'Nilai terenkripsi rusak atau formatnya tidak dikenal (the encrypted value is malformed)');

function parse(stored: string): Parsed {
  const parts = stored.split(':');
  if (parts.length !== 4 || parts[0] !== 'enc') throw malformed();
  const [, version, keyId, body] = parts;
  if (version !== VERSION) {
    throw new FieldCipherError(
      'unsupported_version',
      'Versi format nilai terenkripsi tidak didukung (unsupported encrypted value version)',
    );
  }
  if (!KEY_ID_RE.test(keyId) || !BASE64URL_RE.test(body)) throw malformed();
  const raw = Buffer.from(body, 'base64url');
  // Canonical encoding only: otherwise the unused low bits of the last character could change unnoticed.
  if (raw.length < IV_BYTES + TAG_BYTES || raw.toString('base64url') !== body) throw malformed();
  return {
    keyId,
    iv: raw.subarray(0, IV_BYTES),
    tag: raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES),
    ciphertext: raw.subarray(IV_BYTES + TAG_BYTES),
  };
}

export function createFieldCipher(keys: FieldKeys, opts: FieldCipherOptions = {}): FieldCipher {
  let ring = buildKeyring(keys);

  const reloadOnce = (): boolean => {
    if (!opts.reload) return false;
    const next = opts.reload();
    if (!next) return false;
    ring = buildKeyring(next);
    return true;
  };

  return {
    encrypt(plain, purpose) {
      if (typeof plain !== 'string') {
        throw new FieldCipherError('malformed', 'Hanya teks yang dapat dienkripsi (only strings can be encrypted)');
      }
      checkPurpose(purpose);
      const iv = nextIv(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, keyObjectOf(ring.current), iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(purpose, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      const body = Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
      return `${PREFIX}${VERSION}:${ring.currentId}:${body}`;
    },

    decrypt(stored, purpose) {
      if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) return stored;
      checkPurpose(purpose);
      const parsed = parse(stored);
      let key = ring.byId.get(parsed.keyId);
      if (!key && reloadOnce()) key = ring.byId.get(parsed.keyId);
      if (!key) {
        throw new FieldCipherError(
          'unknown_key',
          `Kunci enkripsi ${parsed.keyId} tidak dikenal: tambahkan kunci itu ke daftar kunci lama ` +
            `(unknown encryption key ${parsed.keyId}: add it to the previous keys)`,
        );
      }
      try {
        const decipher = createDecipheriv(ALGORITHM, keyObjectOf(key), parsed.iv, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(purpose, 'utf8'));
        decipher.setAuthTag(parsed.tag);
        return Buffer.concat([decipher.update(parsed.ciphertext), decipher.final()]).toString('utf8');
      } catch {
        throw new FieldCipherError(
          'decrypt_failed',
          'Nilai terenkripsi tidak dapat dibuka: sudah diubah, salah kolom (purpose), atau salah kunci ' +
            '(the encrypted value failed authentication: tampered, wrong purpose or wrong key)',
        );
      }
    },

    isCurrent(stored) {
      if (typeof stored !== 'string' || !stored.startsWith(PREFIX)) return false;
      const parts = stored.split(':');
      return parts.length === 4 && parts[1] === VERSION && parts[2] === ring.currentId;
    },

    isEncrypted(stored) {
      return typeof stored === 'string' && stored.startsWith(PREFIX);
    },

    get currentKeyId() {
      return ring.currentId;
    },

    get keyIds() {
      return [...ring.byId.keys()];
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Key files and environment

export interface LoadedFieldKeys {
  current: Buffer;
  previous: Buffer[];
  source: 'env' | 'file';
}

const keysDir = (dataDir: string) => path.join(dataDir, 'keys');

function parseHexKey(text: string, where: string): Buffer {
  const hex = text.trim();
  if (!HEX_KEY_RE.test(hex)) {
    throw new FieldCipherError(
      'key_config',
      `${where} harus tepat 64 karakter heksadesimal (${where} must be exactly 64 hex characters)`,
    );
  }
  return Buffer.from(hex, 'hex');
}

function keysFromEnv(env: NodeJS.ProcessEnv): { current: Buffer; previous: Buffer[] } | undefined {
  const current = env.TITIAN_ENCRYPTION_KEY?.trim();
  const previous = env.TITIAN_ENCRYPTION_KEY_PREVIOUS?.trim();
  if (!current) {
    if (previous) {
      throw new FieldCipherError(
        'key_config',
        'TITIAN_ENCRYPTION_KEY_PREVIOUS diisi tanpa TITIAN_ENCRYPTION_KEY ' +
          '(TITIAN_ENCRYPTION_KEY_PREVIOUS is set but TITIAN_ENCRYPTION_KEY is not)',
      );
    }
    return undefined;
  }
  return {
    current: parseHexKey(current, 'TITIAN_ENCRYPTION_KEY'),
    previous: (previous ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0)
      .map((s, i) => parseHexKey(s, `TITIAN_ENCRYPTION_KEY_PREVIOUS #${i + 1}`)),
  };
}

function readPreviousFile(file: string): Buffer[] {
  if (!fs.existsSync(file)) return [];
  const keys: Buffer[] = [];
  fs.readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      const text = line.trim();
      if (text === '' || text.startsWith('#')) return;
      keys.push(parseHexKey(text, `${PREVIOUS_FILE} baris/line ${i + 1}`));
    });
  return keys;
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Reads the current key file. Another process may have just created it (flag 'wx') without having
 * written all of it yet, so an empty or cut-short hex file is re-read for a moment before it counts as
 * broken; anything else that is not a key fails at once.
 */
function readKeyFile(file: string): Buffer {
  const deadline = Date.now() + 2000;
  for (;;) {
    const text = fs.readFileSync(file, 'utf8').trim();
    const partial = /^[0-9a-fA-F]{0,63}$/.test(text);
    if (!partial || Date.now() > deadline) return parseHexKey(text, KEY_FILE);
    sleepSync(20);
  }
}

/** The file-based keyring as it is now, or undefined when there is no key file (nothing is created). */
function readFileKeys(dataDir: string): { current: Buffer; previous: Buffer[] } | undefined {
  const file = path.join(keysDir(dataDir), KEY_FILE);
  if (!fs.existsSync(file)) return undefined;
  return { current: readKeyFile(file), previous: readPreviousFile(path.join(keysDir(dataDir), PREVIOUS_FILE)) };
}

function ensureKeysDir(dataDir: string): string {
  const dir = keysDir(dataDir);
  const created = fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  // mkdir's mode is filtered by the umask; a directory made here is set to exactly 0700.
  if (created !== undefined && process.platform !== 'win32') fs.chmodSync(dir, 0o700);
  return dir;
}

function isErrno(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;
}

export function loadFieldKeys(dataDir: string, env: NodeJS.ProcessEnv = process.env): LoadedFieldKeys {
  const fromEnv = keysFromEnv(env);
  if (fromEnv) return { ...fromEnv, source: 'env' };

  const existing = readFileKeys(dataDir);
  if (existing) return { ...existing, source: 'file' };

  const dir = ensureKeysDir(dataDir);
  const file = path.join(dir, KEY_FILE);
  if (fs.existsSync(path.join(dir, PREVIOUS_FILE))) {
    // Previous keys without a current one: a key file was lost. A new key would hide that.
    throw new FieldCipherError(
      'key_config',
      `${KEY_FILE} hilang padahal ${PREVIOUS_FILE} ada di ${dir}: pulihkan ${KEY_FILE} dari cadangan ` +
        `(${KEY_FILE} is missing while ${PREVIOUS_FILE} exists in ${dir}: restore ${KEY_FILE} from a backup)`,
    );
  }
  const key = randomBytes(KEY_BYTES);
  try {
    fs.writeFileSync(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if (!isErrno(err, 'EEXIST')) throw err;
    // Another process won the race: use its key.
    return { current: readKeyFile(file), previous: readPreviousFile(path.join(dir, PREVIOUS_FILE)), source: 'file' };
  }
  return { current: key, previous: [], source: 'file' };
}

function refuseEnvKeys(env: NodeJS.ProcessEnv, action: 'rotate' | 'retire'): void {
  if (!env.TITIAN_ENCRYPTION_KEY?.trim() && !env.TITIAN_ENCRYPTION_KEY_PREVIOUS?.trim()) return;
  const message =
    action === 'rotate'
      ? 'Kunci enkripsi diambil dari variabel lingkungan, jadi tidak dirotasi lewat berkas: buat kunci baru ' +
        '(mis. `openssl rand -hex 32`), tambahkan kunci lama ke TITIAN_ENCRYPTION_KEY_PREVIOUS (dipisah koma), ' +
        'isi TITIAN_ENCRYPTION_KEY dengan kunci baru, lalu jalankan ulang semua proses ' +
        '(the encryption keys come from environment variables, so they are not rotated through files: make a ' +
        'new key, e.g. `openssl rand -hex 32`, add the old key to TITIAN_ENCRYPTION_KEY_PREVIOUS ' +
        '(comma-separated), set TITIAN_ENCRYPTION_KEY to the new key, then restart every process)'
      : 'Kunci enkripsi diambil dari variabel lingkungan: hapus kunci lama dari TITIAN_ENCRYPTION_KEY_PREVIOUS ' +
        'lalu jalankan ulang semua proses (the encryption keys come from environment variables: remove the old ' +
        'keys from TITIAN_ENCRYPTION_KEY_PREVIOUS, then restart every process)';
  throw new FieldCipherError('env_keys', message);
}

/** Writes a key file atomically: a 0600 temp file beside it, flushed, then renamed over it. */
function writeFileAtomic(file: string, content: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  if (process.platform !== 'win32') {
    try {
      const dirFd = fs.openSync(path.dirname(file), 'r');
      try {
        fs.fsyncSync(dirFd);
      } finally {
        fs.closeSync(dirFd);
      }
    } catch {
      // Directory fsync is best effort (not every filesystem supports it).
    }
  }
}

/** Serialises rotations and retirements: two at once could otherwise lose a key. */
function withKeysLock<T>(dir: string, fn: () => T): T {
  const lock = path.join(dir, LOCK_FILE);
  const deadline = Date.now() + 5000;
  let fd: number | undefined;
  while (fd === undefined) {
    try {
      fd = fs.openSync(lock, 'wx', 0o600);
    } catch (err) {
      if (!isErrno(err, 'EEXIST')) throw err;
      if (Date.now() > deadline) {
        throw new FieldCipherError(
          'key_config',
          `Rotasi kunci lain sedang berjalan, atau ${lock} tertinggal dari proses yang berhenti: hapus berkas itu ` +
            `bila tidak ada rotasi yang berjalan (another key rotation is running, or ${lock} was left by a ` +
            'process that stopped: delete it if no rotation is running)',
        );
      }
      sleepSync(50);
    }
  }
  try {
    fs.writeSync(fd, String(process.pid));
    return fn();
  } finally {
    fs.closeSync(fd);
    fs.rmSync(lock, { force: true });
  }
}

const hexLines = (keys: Buffer[]) => keys.map((k) => `${k.toString('hex')}\n`).join('');

function dedupe(keys: Buffer[]): Buffer[] {
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = fieldKeyId(k);
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/**
 * Makes a new current key file; the old current key is appended to encryption-previous.keys, so every
 * existing ciphertext still decrypts. Refuses when the keys come from the environment.
 */
export function rotateFieldKeyFiles(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): { newKeyId: string; previousKeyIds: string[] } {
  refuseEnvKeys(env, 'rotate');
  const dir = ensureKeysDir(dataDir);
  return withKeysLock(dir, () => {
    const { current, previous } = loadFieldKeys(dataDir, {});
    const next = randomBytes(KEY_BYTES);
    const kept = dedupe([...previous, current]).filter((k) => fieldKeyId(k) !== fieldKeyId(next));
    // Previous list first: a crash between the two writes leaves the old key both current and previous.
    writeFileAtomic(path.join(dir, PREVIOUS_FILE), hexLines(kept));
    writeFileAtomic(path.join(dir, KEY_FILE), next.toString('hex'));
    return { newKeyId: fieldKeyId(next), previousKeyIds: kept.map(fieldKeyId) };
  });
}

/**
 * Rewrites encryption-previous.keys keeping only the listed key ids; returns how many keys were removed.
 * Run it only after every row is re-encrypted with the current key and every process has restarted or
 * reloaded (a process still holding the old key as current would go on writing with it).
 */
export function retirePreviousFieldKeys(
  dataDir: string,
  keepKeyIds: string[],
  env: NodeJS.ProcessEnv = process.env,
): number {
  refuseEnvKeys(env, 'retire');
  const dir = keysDir(dataDir);
  const file = path.join(dir, PREVIOUS_FILE);
  if (!fs.existsSync(file)) return 0;
  return withKeysLock(dir, () => {
    const previous = dedupe(readPreviousFile(file));
    const keep = new Set(keepKeyIds);
    const kept = previous.filter((k) => keep.has(fieldKeyId(k)));
    const removed = previous.length - kept.length;
    if (removed > 0) writeFileAtomic(file, hexLines(kept));
    return removed;
  });
}

/**
 * The cipher a server or CLI uses. With key files it re-reads them when it meets an unknown key id, so
 * a key rotated by another process is picked up without a restart; keys from the environment never change.
 */
export function openFieldCipher(dataDir: string, env: NodeJS.ProcessEnv = process.env): FieldCipher {
  const keys = loadFieldKeys(dataDir, env);
  if (keys.source === 'env') return createFieldCipher(keys);
  return createFieldCipher(keys, { reload: () => readFileKeys(dataDir) });
}
