/** In-memory AccountData for component tests (no network): one's own password and sessions, as the API answers. */
import type { Lang, MessageParams } from '../../shared/i18n';
import { passwordMessages } from '../../shared/i18n/catalog/password';
import { securityMessages } from '../../shared/i18n/catalog/security';
import { serverMessages } from '../../shared/i18n/catalog/server';
import { ApiError } from '../api/client';
import type { AccountData, OwnSession } from '../features/account/data';

/** What the fake holds and records; tests seed it and read it (`Object.assign(data, fakeAccountData(state))`). */
export interface AccountState {
  username: string;
  displayName: string;
  password: string;
  sessions: OwnSession[];
  /** The language the "server" renders its messages in (the API follows Accept-Language). */
  lang: Lang;
  /** Answered instead of doing the call (e.g. ApiError status 0 for no connection, 429), by method name. */
  errors: Partial<Record<keyof AccountData, ApiError>>;
  calls: Array<{ method: keyof AccountData; args: unknown[] }>;
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

export function defaultAccountState(): AccountState {
  return { username: 'pendamping01', displayName: 'Siti Rahmawati', password: 'kopi pagi di teras', sessions: fakeSessions(), lang: 'id', errors: {}, calls: [] };
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

export function fakeAccountData(state: Partial<AccountState> = {}): AccountData & { account: AccountState } {
  const s: AccountState = { ...defaultAccountState(), ...state };
  const call = (method: keyof AccountData, ...args: unknown[]) => {
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
  };
}
