import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams } from '../../../shared/schemas/access';
import { conflictListQuery, conflictResolve, deviceListQuery, ownConflictsBody, syncHeaders, syncPullQuery, syncPushBody } from '../../../shared/schemas/sync';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import { HttpError, requestLang } from '../../http/errors';
import { listConflicts, ownConflicts, push, resolveConflict } from '../../services/sync-push.service';
import { DEFAULT_DEVICE, type DeviceInfo, listDevices, pull } from '../../services/sync.service';

/**
 * The phone's `X-Titian-Device` (a UUID; one device per user without it), `X-Titian-App-Version`, and what
 * it reports of its outbox (`X-Titian-Outbox-Pending`, `X-Titian-Outbox-Refused`, and per other user of the
 * device `X-Titian-Outbox-Others`: a malformed count is ignored, never an error).
 */
function deviceOf(req: FastifyRequest): DeviceInfo {
  const parsed = syncHeaders.safeParse({
    'x-titian-device': req.headers['x-titian-device'],
    'x-titian-app-version': req.headers['x-titian-app-version'],
    'x-titian-outbox-pending': req.headers['x-titian-outbox-pending'],
    'x-titian-outbox-refused': req.headers['x-titian-outbox-refused'],
    'x-titian-outbox-others': req.headers['x-titian-outbox-others'],
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new HttpError(400, 'error.validation', {}, { [String(issue.path[0] ?? 'x-titian-device')]: issue.message.startsWith('sync.') || issue.message.startsWith('validation.') ? issue.message : 'validation.invalid' });
  }
  const pending = parsed.data['x-titian-outbox-pending'];
  const refused = parsed.data['x-titian-outbox-refused'];
  const others = parsed.data['x-titian-outbox-others'];
  // Kept as sessions keep it (auth.service): cut, never refused; it only names the device for coordinators.
  const userAgent = req.headers['user-agent']?.slice(0, 300) || null;
  return {
    deviceId: parsed.data['x-titian-device']?.toLowerCase() ?? DEFAULT_DEVICE,
    appVersion: parsed.data['x-titian-app-version'] ?? null,
    userAgent,
    ...(pending !== undefined || refused !== undefined || others !== undefined
      ? { outbox: { ...(pending !== undefined ? { pending } : {}), ...(refused !== undefined ? { refused } : {}), ...(others !== undefined ? { others } : {}) } }
      : {}),
  };
}

/** The request headers of pull and push, for the OpenAPI document (read by deviceOf, not by the schema validator). */
const SYNC_HEADERS_DOC =
  'Headers: X-Titian-Device (UUID, one per installation; malformed: 400), X-Titian-App-Version (optional), ' +
  'X-Titian-Outbox-Pending and X-Titian-Outbox-Refused (optional: what the device\'s outbox holds, integers 0-1000000; ' +
  'stored on the device row for GET /api/v1/sync/devices; a malformed value is ignored, never an error), ' +
  'X-Titian-Outbox-Others (optional: edits waiting on the device for its other users, `<user id>=<count>` comma-separated, ' +
  'at most 20; each count is stored on that user\'s row for the same device, if that user has synced from it, with outboxReportedBy).';

/** Offline sync (contract: pull and push; docs/sync.md): the conflict inbox and device state for coordinators. */
export async function syncRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sync'];
  r.get(
    '/api/v1/sync/pull',
    {
      schema: {
        tags,
        summary:
          'Changes for the caller\'s device after the cursor: {changes:[{entity, id, op: upsert|delete, version, data}], cursor, hasMore}; without a cursor, the whole working set (paged); call again with the new cursor while hasMore',
        description: SYNC_HEADERS_DOC,
        querystring: syncPullQuery,
      },
    },
    async (req) => pull(ctx, requireScope(req), deviceOf(req), req.query.cursor, req.query.limit),
  );
  r.post(
    '/api/v1/sync/push',
    {
      schema: {
        tags,
        summary:
          "Mutations from a device's outbox, each answered {id, status: applied|duplicate|conflict|refused, reason?, code?, recordId?, fields?} (fields: a refusal of invalid data per field, path -> message, as the online 400/422 answers); a mutation id seen before answers duplicate and changes nothing",
        description: SYNC_HEADERS_DOC,
        body: syncPushBody,
      },
    },
    async (req) => push(ctx, requireScope(req), deviceOf(req), req.body.mutations, requestLang(req)),
  );
  r.get(
    '/api/v1/sync/conflicts',
    {
      schema: {
        tags,
        summary:
          "The conflict inbox of the caller's scope (coordinators and admin): both versions of each contested edit; a family's by the family's scope, a P2K2 session's (groupId, groupName; no family) by its group's; reason: what the service said when the edit arrived, in the caller's language; deviceApplies: whether choosing the device's side is possible; stillApplicable: whether it still is now (an open conflict whose record changed since it arose: false, with staleReason session_held|session_cancelled|session_changed|observation_changed)",
        querystring: conflictListQuery,
      },
    },
    async (req) => listConflicts(ctx, requireScope(req), req.query, requestLang(req)),
  );
  r.post(
    '/api/v1/sync/conflicts/mine',
    { schema: { tags, summary: "What became of the caller's own contested edits, by mutation id: {items:[{mutationId, status: open|resolved, resolution, resolvedAt}]} (a phone clears the ones a koordinator decided)", body: ownConflictsBody } },
    async (req) => ownConflicts(ctx, requireScope(req), req.body.mutations),
  );
  r.post(
    '/api/v1/sync/conflicts/:id/resolve',
    { schema: { tags, summary: "Decide a conflict: keep the server's values, take the device's (applied through the record's service, with its version check and audit; 409 for a kind it cannot apply, sync_conflict_device_unsupported), or apply custom values for the contested fields", params: idParams, body: conflictResolve } },
    async (req) => resolveConflict(ctx, requireScope(req), req.params.id, req.body, requestLang(req)),
  );
  r.get(
    '/api/v1/sync/devices',
    { schema: { tags, summary: 'Sync state per user and device: last pull and push, pushed, applied, conflicts, refused, app version, the User-Agent it last synced with (userAgent), the outbox the device last reported (outboxReportedByOther/outboxReportedBy: reported by another user of the same device) (coordinators: their region\'s pendamping; admin: everyone)', querystring: deviceListQuery } },
    async (req) => listDevices(ctx, requireScope(req), req.query),
  );
}
