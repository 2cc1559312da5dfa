import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { loginRequest } from '../../../shared/schemas/common';
import { clearSessionCookie, requireScope, SESSION_COOKIE, setSessionCookie } from '../../auth/plugin';
import type { AppContext } from '../../context';
import type { UserRow } from '../../db/repositories/auth.repository';
import { login, logout } from '../../services/auth.service';

async function presentUser(ctx: AppContext, u: UserRow) {
  const region = u.regionCode ? await ctx.repos.regions.get(u.regionCode) : undefined;
  return { id: u.id, username: u.username, displayName: u.displayName, role: u.role, regionCode: u.regionCode, regionName: region?.name ?? null };
}

export async function authRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.post(
    '/api/v1/auth/login',
    { config: { public: true }, schema: { tags: ['auth'], summary: 'Log in (session cookie + CSRF token)', body: loginRequest } },
    async (req, reply) => {
      const result = await login(ctx, req.body.username, req.body.password, req.ip, req.headers['user-agent']);
      setSessionCookie(reply, ctx, result.token, result.expiresAt);
      return { csrfToken: result.csrfToken, user: await presentUser(ctx, result.user) };
    },
  );
  // Not public (the contract lists what is): without a session it answers 401 like every other operation,
  // and with one it needs the CSRF token like any write (both checked by the auth plugin).
  r.post('/api/v1/auth/logout', { schema: { tags: ['auth'], summary: 'Log out' } }, async (req, reply) => {
    await logout(ctx, req.cookies[SESSION_COOKIE], req.scope);
    clearSessionCookie(reply, ctx);
    return reply.code(204).send();
  });
  r.get('/api/v1/me', { schema: { tags: ['auth'], summary: 'The logged-in user, scope and CSRF token' } }, async (req) => {
    const scope = requireScope(req);
    const user = await presentUser(ctx, req.user!);
    // Whose caseloads this pendamping covers right now (cover ends by itself at its end date).
    const covering = scope.covering?.length ? [...(await ctx.repos.auth.usersByIds([...scope.covering])).values()].map((u) => u.username).sort() : [];
    return {
      ...user,
      scope: { role: scope.role, regionCode: scope.regionCode, regionName: user.regionName, covering, readOnly: scope.readOnly ?? false },
      csrfToken: req.csrfToken,
      // How long the phone may work offline before it must reach the server again (offline sync).
      offlineDays: ctx.config.offlineDays ?? 7,
    };
  });
}
