/** Registers the catalogues only the server speaks; imported by the server's error layer and the CLI. */
import { attachmentMessages } from '../shared/i18n/catalog/attachments';
import { complianceMessages, observationMessages } from '../shared/i18n/catalog/compliance';
import { facilitationMessages } from '../shared/i18n/catalog/facilitation';
import { graduationDocumentMessages } from '../shared/i18n/catalog/graduation-documents';
import { graduationMessages } from '../shared/i18n/catalog/graduation';
import { passwordMessages } from '../shared/i18n/catalog/password';
import { securityMessages } from '../shared/i18n/catalog/security';
import { taxonomyMessages } from '../shared/i18n/catalog/taxonomies';
import { timelineMessages } from '../shared/i18n/catalog/timeline';
import { dashboardMessages } from '../shared/i18n/catalog/dashboard';
import { todayMessages } from '../shared/i18n/catalog/today';
import { configMessages } from './routes/config/messages';
import { httpMessages } from './http/messages';
import { researchServerMessages } from './routes/research/messages';
import { syncServerMessages } from './routes/sync/messages';
import { dataUpdateServerMessages } from './routes/data-updates/messages';
import { verkomMessages } from '../shared/i18n/catalog/verkom';
import { syncMessages } from '../shared/i18n/catalog/sync';
import { registryImportMessages } from '../shared/i18n/catalog/registry-import';
import { analyticsMessages } from '../shared/i18n/catalog/analytics';
import { researchMessages } from '../shared/i18n/catalog/research';
import { addMessages } from '../shared/i18n/index';

addMessages({
  ...analyticsMessages,
  ...researchMessages,
  ...passwordMessages,
  ...securityMessages,
  ...facilitationMessages,
  ...complianceMessages,
  ...observationMessages,
  ...verkomMessages,
  ...attachmentMessages,
  ...graduationMessages,
  ...taxonomyMessages,
  ...timelineMessages,
  ...dashboardMessages,
  ...configMessages,
  ...todayMessages,
  ...syncMessages,
});
addMessages(graduationDocumentMessages);
addMessages(registryImportMessages);
addMessages(researchServerMessages);
addMessages(httpMessages);
addMessages(syncServerMessages);
addMessages(dataUpdateServerMessages);
