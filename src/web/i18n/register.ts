import { addMessages, type Catalog } from '../../shared/i18n';

/**
 * A screen area's own strings, registered when its (lazily loaded) module is first imported, so that
 * they travel in that area's chunk and not in the first page a phone downloads. Call it at the top
 * level of the area's messages module: `registerMessages({ 'web.groups.title': {...} })`.
 */
export function registerMessages(messages: Catalog): Catalog {
  addMessages(messages);
  return messages;
}
