import type { Catalog } from '../index';

/** Access, accounts, audit and personal-data messages. */
export const securityMessages: Catalog = {};
