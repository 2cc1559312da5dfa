import type { Catalog } from '../../shared/i18n/index';

/** The HTTP layer's own answers that only the server renders (registered in src/server/i18n.ts). */
export const httpMessages: Catalog = {
  'error.method_not_allowed': {
    id: 'Alamat {url} tidak menerima metode {method}; gunakan {allowed}.',
    en: 'The address {url} does not accept the method {method}; use {allowed}.',
  },
};
