import type { Kysely } from 'kysely';
import type { Engine } from '../database';
import type { DB } from '../schema';

/** Set-based reads behind the outcome analytics (issue 9). */
export class AnalyticsRepository {
  constructor(
    readonly db: Kysely<DB>,
    readonly engine: Engine,
  ) {}
}
