/**
 * Every entity the server can put in a conflict has words in the inbox (its badge, `web.syncAdmin.entity.*`), in
 * both languages: the entities are read from the server's source, where conflicts are written, so a new kind of
 * conflict without words fails here instead of showing its code ("compliance_observation") to a koordinator.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasMessage, type Lang, t } from '../../../shared/i18n';
import { SYNC_ENTITIES } from '../../../shared/schemas/sync';
import { entityLabel } from './labels';
import './messages';

const root = join(dirname(fileURLToPath(import.meta.url)), '../../../..');
const SOURCES = [
  'src/server/services/sync-push.service.ts',
  ...readdirSync(join(root, 'src/server/db/repositories'))
    .filter((f) => f.startsWith('sync') && f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => `src/server/db/repositories/${f}`),
];

/**
 * The entity each write of a conflict names: `insertConflict({… entity: X …})` or `insertInto('sync_conflicts')…`.
 * `m.entity` is the pushed mutation's, which `apply` refuses unless it is one of SYNC_ENTITIES before anything is
 * written; a literal is itself; a whole row passed through (the repository) is its callers'.
 */
function conflictEntities(): { entities: Set<string>; writes: number } {
  const entities = new Set<string>();
  let writes = 0;
  for (const file of SOURCES) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const m of text.matchAll(/insertConflict\(\s*(\{|[a-z]\w*\))|insertInto\('sync_conflicts'\)\.values\(\s*(\{|[a-z]\w*\))/g)) {
      if (!(m[1] ?? m[2])!.startsWith('{')) continue; // a row passed through: its callers name the entity
      writes++;
      const entity = /\bentity:\s*([^,\n}]+)/.exec(text.slice(m.index!, m.index! + 2000))?.[1]?.trim();
      if (entity === 'm.entity') for (const e of SYNC_ENTITIES) entities.add(e);
      else if (entity && /^'[a-z_]+'$/.test(entity)) entities.add(entity.slice(1, -1));
      else throw new Error(`${file}: a conflict written with entity ${entity ?? '(none)'}: teach this test what it can be`);
    }
  }
  return { entities, writes };
}

describe('the conflict inbox’s words for each entity', () => {
  it('finds where the server writes conflicts, and which entities they name', () => {
    const { entities, writes } = conflictEntities();
    expect(writes).toBeGreaterThanOrEqual(2);
    for (const e of ['family', 'graduation_transition', 'compliance_observation']) expect(entities.has(e), e).toBe(true);
  });

  it('has words, not the code, for every one of them, in both languages', () => {
    for (const entity of conflictEntities().entities) {
      expect(hasMessage(`web.syncAdmin.entity.${entity}`), entity).toBe(true);
      for (const lang of ['id', 'en'] as Lang[]) {
        const words = entityLabel((key, params) => t(lang, key, params), entity);
        expect(words, `${entity} (${lang})`).not.toBe(entity);
        expect(words, `${entity} (${lang})`).not.toMatch(/_|^[a-z0-9]+$/);
      }
    }
  });
});
