import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { idParams, passwordChange, userCreate, userListQuery, userPatch } from '../../../shared/schemas/access';
import { requireScope } from '../../auth/plugin';
import type { AppContext } from '../../context';
import {
  changeOwnPassword,
  createUser,
  endOtherSessions,
  getUser,
  listUsers,
  ownSessions,
  revokeUserSessions,
  updateUser,
  userNames,
} from '../../services/accounts.service';

/** Accounts: admin-managed users; the names of staff on one's records; everyone's own password and sessions. */
export async function userRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];

  r.get('/api/v1/users', { schema: { tags, summary: 'Users (admin: all; coordinators and auditors: their region)', querystring: userListQuery } }, async (req) =>
    listUsers(ctx, requireScope(req), req.query),
  );
  r.post('/api/v1/users', { schema: { tags, summary: 'Create a user (admin)', body: userCreate } }, async (req, reply) => {
    const user = await createUser(ctx, requireScope(req), req.body);
    return reply.code(201).header('Location', `/api/v1/users/${user.id}`).send(user);
  });
  r.get(
    '/api/v1/users/names',
    { schema: { tags, summary: "Names of the staff who can appear on the caller's records: username, display name, role (not researchers)" } },
    async (req) => userNames(ctx, requireScope(req)),
  );
  r.get('/api/v1/users/:id', { schema: { tags, summary: 'A user', params: idParams } }, async (req) => getUser(ctx, requireScope(req), req.params.id));
  r.patch(
    '/api/v1/users/:id',
    { schema: { tags, summary: 'Change a user: name, role, region, active, new password (admin); access changes end their sessions', params: idParams, body: userPatch } },
    async (req) => updateUser(ctx, requireScope(req), req.params.id, req.body),
  );
  r.post('/api/v1/users/:id/sessions/revoke', { schema: { tags, summary: "End all of a user's sessions (admin)", params: idParams } }, async (req) =>
    revokeUserSessions(ctx, requireScope(req), req.params.id),
  );

  r.post('/api/v1/me/password', { schema: { tags, summary: 'Change my password (other sessions end)', body: passwordChange } }, async (req) =>
    changeOwnPassword(ctx, requireScope(req), req.sessionId, req.body.currentPassword, req.body.newPassword),
  );
  r.get('/api/v1/me/sessions', { schema: { tags, summary: 'My open sessions' } }, async (req) => ownSessions(ctx, requireScope(req), req.sessionId));
  r.post('/api/v1/me/sessions/revoke-others', { schema: { tags, summary: 'Log out everywhere else' } }, async (req) =>
    endOtherSessions(ctx, requireScope(req), req.sessionId),
  );
}
