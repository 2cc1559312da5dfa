/**
 * The JSON text of an answer object, written once per object: services that answer the same object
 * again (a caseload page from the repository's cache) are not serialised again. Only for objects that
 * are never changed after they are answered.
 */
const texts = new WeakMap<object, string>();

export function jsonOnce(body: object): string {
  let text = texts.get(body);
  if (text === undefined) {
    text = JSON.stringify(body);
    texts.set(body, text);
  }
  return text;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
