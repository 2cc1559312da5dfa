import type { Kysely } from 'kysely';
import type { Engine } from '../database';
import type { DB } from '../schema';

/** The research module: codebooks, documents, coded segments, categories, memos (issue 9). */
export class ResearchRepository {
  constructor(
    readonly db: Kysely<DB>,
    readonly engine: Engine,
  ) {}
}
