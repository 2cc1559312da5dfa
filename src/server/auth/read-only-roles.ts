/**
 * Roles that never change case data (auditor, peneliti): a write they send is refused with 403 before its
 * body is parsed or validated, so the answer says "your role cannot do this" instead of listing the fields
 * of a form the role may never send. One rule for every route, new ones included; the services keep their
 * own checks (this only answers first).
 *
 * What these roles may still write: their own account and sessions (`/me`), their own API tokens, signing
 * in and out, the sync protocol (a push is answered per change, each refused as read-only, so a phone's
 * outbox learns why), the registry import (which answers with its own rule of who may import), and, for the
 * peneliti, the research module (coding, memos, the codebook).
 */
import type { Role } from '../../domain/types';

const OPEN_TO_EVERY_ROLE = ['/api/v1/auth/', '/api/v1/me', '/api/v1/tokens', '/api/v1/sync/', '/api/v1/imports'];
const OPEN_BY_ROLE: Partial<Record<Role, readonly string[]>> = { peneliti: ['/api/v1/research/'] };
const READ_ONLY_ROLES: ReadonlySet<Role> = new Set(['auditor', 'peneliti']);

const under = (url: string, prefix: string) => (prefix.endsWith('/') ? url.startsWith(prefix) : url === prefix || url.startsWith(`${prefix}/`));

/** Whether a write by `role` to the route `url` (its pattern, e.g. `/api/v1/families/:id`) is refused outright. */
export function writeRefusedForRole(role: Role, url: string): boolean {
  if (!READ_ONLY_ROLES.has(role)) return false;
  if (OPEN_TO_EVERY_ROLE.some((p) => under(url, p))) return false;
  return !(OPEN_BY_ROLE[role] ?? []).some((p) => under(url, p));
}
