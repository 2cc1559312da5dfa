/**
 * One's own account (`/akun`): this area's part of the data seam (TitianData) and its HTTP implementation,
 * over `POST /me/password`, `GET /me/sessions` and `POST /me/sessions/revoke-others`
 * (src/server/routes/users/routes.ts, src/server/services/accounts.service.ts). All three are online only
 * and need a session (an API token gets 403); the offline data layer passes them to the server as they are.
 */
import type { ApiClient } from '../../api/client';

/** One of the user's open sessions, as `GET /me/sessions` lists it (most recently used first). */
export interface OwnSession {
  /** The first 16 hex characters of the session's id (a hash of the cookie). */
  id: string;
  /** The session this browser is using. */
  current: boolean;
  createdAt: string;
  lastSeenAt: string;
  /** The absolute end (TITIAN_SESSION_TTL_HOURS after login); an idle session ends earlier by itself. */
  expiresAt: string;
  clientIp: string | null;
  userAgent: string | null;
}

export interface AccountData {
  /**
   * Change one's own password. Other sessions end; this one stays; API tokens are kept. Rejects with ApiError
   * 422 `fields.currentPassword` (wrong current password) or `password_policy` with `fields.password` (the new
   * one: too short, common, contains the username or name, …), 400 `fields.currentPassword` / `newPassword`
   * (empty), 429 (too many wrong current passwords: `retryAfter`), 0 (no connection).
   */
  changeOwnPassword(input: { currentPassword: string; newPassword: string }): Promise<{ changed: true }>;
  /** The user's unexpired sessions, the current one marked. */
  ownSessions(): Promise<{ items: OwnSession[]; total: number }>;
  /** End every other session of the user ("log out everywhere else"); answers how many ended. */
  endOtherSessions(): Promise<{ ended: number }>;
}

export function accountOverHttp(api: ApiClient): AccountData {
  return {
    changeOwnPassword: (input) => api.post<{ changed: true }>('/me/password', input),
    ownSessions: () => api.get<{ items: OwnSession[]; total: number }>('/me/sessions'),
    endOtherSessions: () => api.post<{ ended: number }>('/me/sessions/revoke-others'),
  };
}
