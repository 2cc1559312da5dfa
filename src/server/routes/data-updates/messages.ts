import { addParamFormatter, type Catalog, type Lang, type MessageParams } from '../../../shared/i18n/index';

/**
 * Data updates (pemutakhiran): server-only messages. A proposal's state as words, for the 409 that answers a
 * decision on a proposal decided meanwhile ("Usulan ini sudah diputuskan (dikonfirmasi dan diterapkan).").
 */
export const dataUpdateServerMessages: Catalog = {
  'data_update.state.proposed': { id: 'masih menunggu keputusan', en: 'still waiting for a decision' },
  'data_update.state.confirmed': { id: 'dikonfirmasi dan diterapkan', en: 'confirmed and applied' },
  'data_update.state.rejected': { id: 'ditolak', en: 'rejected' },
  'data_update.state.withdrawn': { id: 'ditarik oleh pengusulnya', en: 'withdrawn by its proposer' },
};

const STATE_KEY = (code: string) => `data_update.state.${code}`;

/** `status` of `error.data_update_decided` written as the state's name; an unknown code (or words) stays as it is. */
export function dataUpdateStateParams(lang: Lang, params: MessageParams): MessageParams {
  const status = params.status;
  const name = typeof status === 'string' && Object.hasOwn(dataUpdateServerMessages, STATE_KEY(status)) ? dataUpdateServerMessages[STATE_KEY(status)]![lang] : null;
  return name === null ? params : { ...params, status: name };
}

addParamFormatter('error.data_update_decided', dataUpdateStateParams);
