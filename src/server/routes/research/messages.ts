import type { Catalog } from '../../../shared/i18n/index';

/** Research module: messages only the server renders (registered in src/server/i18n.ts). */
export const researchServerMessages: Catalog = {
  'error.research_coder_not_coded': {
    id: '{coder} belum mengodekan dokumen ini, jadi kesepakatan belum dapat dihitung.',
    en: '{coder} has not coded this document yet, so agreement cannot be computed.',
  },
  'research.coder_not_coded': { id: '{coder} belum mengodekan dokumen ini.', en: '{coder} has not coded this document yet.' },
};
