/**
 * In-memory AccountData and TokensData for component tests (no network): one's own password, sessions and API
 * tokens, as the API answers. FakeData mixes both in (`fakeAccountData()` carries the token methods too).
 */
import type { Lang, MessageParams } from '../../shared/i18n';
import { passwordMessages } from '../../shared/i18n/catalog/password';
import { securityMessages } from '../../shared/i18n/catalog/security';
import { serverMessages } from '../../shared/i18n/catalog/server';
import { ApiError } from '../api/client';
import type { AccountData, OwnSession } from '../features/account/data';
import { type ApiToken, type ApiTokenInput, type NewApiToken, TOKEN_DAYS, TOKEN_NAME_MAX, type TokensData } from '../data/tokens';

type Method = keyof AccountData | keyof TokensData;

/** What the fake holds and records; tests seed it and read it (`Object.assign(data, fakeAccountData(state))`). */
export interface AccountState {
  username: string;
  displayName: string;
  password: string;
  sessions: OwnSession[];
  /** Every user's API tokens (`listApiTokens` without `all` answers those of `username`). */
  tokens: ApiToken[];
  /** The language the "server" renders its messages in (the API follows Accept-Language). */
  lang: Lang;
  /** Answered instead of doing the call (e.g. ApiError status 0 for no connection, 429), by method name. */
  errors: Partial<Record<Method, ApiError>>;
  calls: Array<{ method: Method; args: unknown[] }>;
  /** The values of the tokens created (as the server would hash them), to check that the page forgets them. */
  secrets: string[];
}

export function fakeSessions(): OwnSession[] {
  return [
    {
      id: 'a1b2c3d4e5f60718',
      current: true,
      createdAt: '2026-07-15T01:00:00.000Z',
      lastSeenAt: '2026-07-15T03:10:00.000Z',
      expiresAt: '2026-07-15T13:00:00.000Z',
      clientIp: '10.0.0.7',
      userAgent: 'Mozilla/5.0 (Linux; Android 13; SM-A145F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36',
    },
    {
      id: '0f1e2d3c4b5a6978',
      current: false,
      createdAt: '2026-07-14T23:30:00.000Z',
      lastSeenAt: '2026-07-15T02:00:00.000Z',
      expiresAt: '2026-07-15T11:30:00.000Z',
      clientIp: '10.0.0.9',
      userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
    },
  ];
}

const DAY = 86_400_000;
const isoFromNow = (days: number) => new Date(Date.now() + days * DAY).toISOString();

/**
 * pendamping01's tokens (one active, read-only and used; one expired; one revoked) and one of another user's,
 * dated from now so that their states hold whatever day the tests run.
 */
export function fakeTokens(): ApiToken[] {
  const mine = { userId: '0190a000-0000-7000-8000-000000000001', username: 'pendamping01' };
  return [
    { id: 'tok-aktif', ...mine, name: 'Gudang data Dinsos', readOnly: true, createdAt: isoFromNow(-10), expiresAt: isoFromNow(80), lastUsedAt: isoFromNow(-1), revokedAt: null },
    { id: 'tok-lama', ...mine, name: 'Uji coba lama', readOnly: false, createdAt: isoFromNow(-200), expiresAt: isoFromNow(-110), lastUsedAt: null, revokedAt: null },
    { id: 'tok-cabut', ...mine, name: 'Laptop hilang', readOnly: false, createdAt: isoFromNow(-40), expiresAt: isoFromNow(50), lastUsedAt: isoFromNow(-35), revokedAt: isoFromNow(-30) },
    {
      id: 'tok-korkot', userId: '0190a000-0000-7000-8000-000000000002', username: 'korkot.depok', name: 'Dasbor kabupaten',
      readOnly: true, createdAt: isoFromNow(-5), expiresAt: isoFromNow(360), lastUsedAt: null, revokedAt: null,
    },
  ];
}

export function defaultAccountState(): AccountState {
  return { username: 'pendamping01', displayName: 'Siti Rahmawati', password: 'kopi pagi di teras', sessions: fakeSessions(), tokens: fakeTokens(), lang: 'id', errors: {}, calls: [], secrets: [] };
}

const catalog = { ...serverMessages, ...securityMessages, ...passwordMessages };
function say(lang: Lang, key: string, params: MessageParams = {}): string {
  return (catalog[key]?.[lang] ?? key).replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}
const both = (key: string, params?: MessageParams) => ({ id: say('id', key, params), en: say('en', key, params) });

/** A few of the server's policy checks (src/server/auth/password-policy.ts), enough to see its answers. */
function policyProblem(s: AccountState, password: string): { key: string; params?: MessageParams } | null {
  const folded = password.normalize('NFKC').toLowerCase();
  if ([...password.normalize('NFC')].length < 10) return { key: 'password.too_short', params: { min: 10 } };
  if (folded.includes(s.username.toLowerCase())) return { key: 'password.contains_username' };
  if (['bismillah123', 'password123', 'titian-demo', '1234567890'].includes(folded)) return { key: 'password.common' };
  return null;
}

function invalid(s: AccountState, code: string, fields: Record<string, { key: string; params?: MessageParams }>): ApiError {
  const rendered = Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, say(s.lang, f.key, f.params)]));
  return new ApiError(422, code.replace(/^error\./, ''), say(s.lang, code), rendered, null, both(code));
}

export function fakeAccountData(state: Partial<AccountState> = {}): AccountData & TokensData & { account: AccountState } {
  const s: AccountState = { ...defaultAccountState(), ...state };
  const call = (method: Method, ...args: unknown[]) => {
    s.calls.push({ method, args: structuredClone(args) });
    const e = s.errors[method];
    if (e) throw e;
  };
  return {
    account: s,
    async changeOwnPassword(input) {
      call('changeOwnPassword', input);
      if (input.currentPassword !== s.password) throw invalid(s, 'error.validation', { currentPassword: { key: 'error.current_password_wrong' } });
      const problem = policyProblem(s, input.newPassword);
      if (problem) throw invalid(s, 'error.password_policy', { password: problem });
      s.password = input.newPassword;
      // Other sessions end; this one stays.
      s.sessions = s.sessions.filter((x) => x.current);
      return { changed: true };
    },
    async ownSessions() {
      call('ownSessions');
      return { items: s.sessions.map((x) => ({ ...x })), total: s.sessions.length };
    },
    async endOtherSessions() {
      call('endOtherSessions');
      const ended = s.sessions.filter((x) => !x.current).length;
      s.sessions = s.sessions.filter((x) => x.current);
      return { ended };
    },
    async listApiTokens(opts = {}) {
      call('listApiTokens', opts);
      const items = (opts.all ? s.tokens : s.tokens.filter((x) => x.username === s.username)).map((x) => ({ ...x }));
      items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return { items, total: items.length };
    },
    async createApiToken(input: ApiTokenInput): Promise<NewApiToken> {
      call('createApiToken', input);
      // The server's checks (tokenCreate in src/shared/schemas/access.ts), answered as its 400.
      const fields: Record<string, { key: string; params?: MessageParams }> = {};
      const name = typeof input.name === 'string' ? input.name.trim() : '';
      if (!name) fields.name = { key: 'validation.required' };
      else if (name.length > TOKEN_NAME_MAX) fields.name = { key: 'validation.too_long' };
      const days = input.expiresInDays;
      if (days !== undefined && (!Number.isInteger(days) || days < TOKEN_DAYS.min || days > TOKEN_DAYS.max)) fields.expiresInDays = { key: 'validation.token_days' };
      if (Object.keys(fields).length > 0) {
        const e = invalid(s, 'error.validation', fields);
        throw new ApiError(400, e.code, e.message, e.fields, null, e.messages);
      }
      const id = `tok-new-${s.tokens.length + 1}`;
      const token = `titian_${id.replace(/\W/g, '')}${'Ab9_'.repeat(10)}`.slice(0, 50);
      s.secrets.push(token);
      const expiresAt = isoFromNow(days ?? TOKEN_DAYS.default);
      const owner = input.username ?? s.username;
      s.tokens.push({ id, userId: `user-${owner}`, username: owner, name, readOnly: input.readOnly ?? false, createdAt: new Date().toISOString(), expiresAt, lastUsedAt: null, revokedAt: null });
      return { id, token, name, username: owner, readOnly: input.readOnly ?? false, expiresAt };
    },
    async revokeApiToken(id: string) {
      call('revokeApiToken', id);
      const t = s.tokens.find((x) => x.id === id);
      if (!t) throw new ApiError(404, 'not_found', say(s.lang, 'error.not_found'), {}, null, both('error.not_found'));
      t.revokedAt ??= new Date().toISOString();
    },
  };
}
