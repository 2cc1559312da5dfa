/**
 * API tokens (`Authorization: Bearer titian_…`) for integrations: this area's part of the data seam (TitianData)
 * and its HTTP implementation, over `GET /api/v1/tokens`, `POST /api/v1/tokens` and `DELETE /api/v1/tokens/{id}`
 * (src/server/routes/tokens/routes.ts, src/server/services/accounts.service.ts). Online only, and needs a session:
 * a token cannot make tokens. Shown on `/akun` (src/web/features/account/TokensSection.tsx); loaded on its first
 * call (lazy-area.ts), not with the first screen.
 */
import type { ApiClient } from '../api/client';

/** The lifetimes the server accepts (`tokenCreate` in src/shared/schemas/access.ts): whole days, 1 to 730 (default 90). */
export const TOKEN_DAYS = { min: 1, max: 730, default: 90 } as const;
/** The longest name the server accepts (after trimming). */
export const TOKEN_NAME_MAX = 100;

/** A token as `GET /tokens` lists it: never its value (the server keeps only a hash). */
export interface ApiToken {
  id: string;
  userId: string;
  /** The owner's username. */
  username: string;
  name: string;
  /** Refused every write (403 `token_read_only`). */
  readOnly: boolean;
  createdAt: string;
  /** null: never expires (older tokens; new ones always expire). */
  expiresAt: string | null;
  /** Written at most once a minute; null: never used. */
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** What `POST /tokens` answers (201): `token` is the value, shown only this once. */
export interface NewApiToken {
  id: string;
  token: string;
  name: string;
  username: string;
  readOnly: boolean;
  expiresAt: string;
}

export interface ApiTokenInput {
  name: string;
  readOnly?: boolean;
  /** Whole days, TOKEN_DAYS.min to TOKEN_DAYS.max (the server's default: 90). */
  expiresInDays?: number;
  /** Admin only: for another active user (an integration account). */
  username?: string;
}

export type ApiTokenState = 'active' | 'expired' | 'revoked';

/** Whether a listed token still works at `now` (revocation first: a revoked token that has also expired is "revoked"). */
export function tokenState(t: Pick<ApiToken, 'expiresAt' | 'revokedAt'>, now: number = Date.now()): ApiTokenState {
  if (t.revokedAt) return 'revoked';
  if (t.expiresAt && Date.parse(t.expiresAt) <= now) return 'expired';
  return 'active';
}

export interface TokensData {
  /** My tokens, newest first; an admin with `all` sees everyone's (anyone else gets their own). */
  listApiTokens(opts?: { all?: boolean }): Promise<{ items: ApiToken[]; total: number }>;
  /**
   * Create a token; the answer holds its value, which cannot be read again. Rejects with ApiError 400 `fields.name`
   * / `fields.expiresInDays` (empty or too long a name, a lifetime outside 1–730 days), 422 `fields.username`, 403
   * (with a token, or `username` without being admin), 0 (no connection).
   */
  createApiToken(input: ApiTokenInput): Promise<NewApiToken>;
  /** Revoke a token (its owner, or an admin); 404 for one that does not exist or is someone else's. */
  revokeApiToken(id: string): Promise<void>;
}

export function tokensOverHttp(api: ApiClient): TokensData {
  return {
    listApiTokens: (opts = {}) => api.get<{ items: ApiToken[]; total: number }>('/tokens', { query: { all: opts.all ? 'true' : undefined } }),
    createApiToken: (input) => api.post<NewApiToken>('/tokens', input),
    revokeApiToken: async (id) => {
      await api.delete<void>(`/tokens/${encodeURIComponent(id)}`);
    },
  };
}
