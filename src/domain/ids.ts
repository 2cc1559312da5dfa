/**
 * UUIDv7 ids (RFC 9562): 48-bit Unix time in milliseconds, then random bits.
 * Generated wherever a record is born (server or phone), so ids never reveal counts
 * and offline creation needs no server round-trip.
 */
export type RandomBytes = (n: number) => Uint8Array;

/** Random bytes cut from a pool refilled as it runs out (getRandomValues costs far more per call than per byte). */
const pool = new Uint8Array(4096);
let poolOffset = pool.length;
const defaultRandom: RandomBytes = (n) => {
  if (n > pool.length) return globalThis.crypto.getRandomValues(new Uint8Array(n));
  if (poolOffset + n > pool.length) {
    globalThis.crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  const bytes = pool.slice(poolOffset, poolOffset + n);
  poolOffset += n;
  return bytes;
};

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function uuidv7(nowMs: number = Date.now(), random: RandomBytes = defaultRandom): string {
  const rand = random(10);
  const bytes = new Uint8Array(16);
  let ts = Math.floor(nowMs);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ts % 256;
    ts = Math.floor(ts / 256);
  }
  bytes[6] = 0x70 | (rand[0] & 0x0f);
  bytes[7] = rand[1];
  bytes[8] = 0x80 | (rand[2] & 0x3f);
  for (let i = 3; i < 10; i++) bytes[i + 6] = rand[i];
  let hex = '';
  for (let i = 0; i < 16; i++) hex += HEX[bytes[i]!];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}
