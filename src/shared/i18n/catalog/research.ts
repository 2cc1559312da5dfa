import type { Catalog } from '../index';

/** Research module messages (server side). */
export const researchMessages: Catalog = {};
