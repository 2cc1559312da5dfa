import type { Catalog } from '../index';

/** Outcome analytics messages (server side). */
export const analyticsMessages: Catalog = {};
