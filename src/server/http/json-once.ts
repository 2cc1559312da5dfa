/**
 * The JSON of an answer object, written once per object as UTF-8 bytes: services that answer the same
 * object again (a caseload page from the repository's cache) are neither serialised nor encoded again, and
 * the bytes go to the socket as they are. Only for objects that are never changed after they are answered.
 */
const texts = new WeakMap<object, Buffer>();

export function jsonOnce(body: object): Buffer {
  let bytes = texts.get(body);
  if (bytes === undefined) {
    bytes = Buffer.from(JSON.stringify(body), 'utf8');
    texts.set(body, bytes);
  }
  return bytes;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
