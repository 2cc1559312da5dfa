/**
 * An area of the data seam (TitianData) whose code loads on first use. The online-only areas that only some
 * roles open (administration, imports, team sync, analytics, research) are not needed by the first screen a
 * phone loads; their HTTP code comes with the first call instead (tests/e2e/bundle-size.test.ts keeps the
 * first screen within its budget).
 *
 * The area's asynchronous methods are named once, as an object with every name: TypeScript refuses a list
 * that misses one or names one the area does not have, so a method added to an area cannot be forgotten here.
 * Synchronous methods (address builders) cannot wait for a load: the caller provides them itself.
 */

/** The names of T's methods that answer a promise. */
export type AsyncMethodNames<T> = { [K in keyof T]-?: T[K] extends (...args: never[]) => Promise<unknown> ? K : never }[keyof T];

/** Every asynchronous method of T, named (the values are unused). */
export type AreaMethodNames<T> = { readonly [K in AsyncMethodNames<T>]: 1 };

/**
 * T's asynchronous methods, each loading the area on its first call. A failed load (no connection to fetch
 * the code) rejects that call and is tried again on the next one.
 */
export function lazyArea<T>(load: () => Promise<Pick<T, AsyncMethodNames<T>>>, names: AreaMethodNames<T>): Pick<T, AsyncMethodNames<T>> {
  let loading: Promise<Pick<T, AsyncMethodNames<T>>> | null = null;
  const area = () => {
    loading ??= load().catch((e: unknown) => {
      loading = null;
      throw e;
    });
    return loading;
  };
  const out: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const name of Object.keys(names)) {
    out[name] = async (...args) => {
      const loaded = (await area()) as Record<string, (...a: unknown[]) => Promise<unknown>>;
      return loaded[name]!(...args);
    };
  }
  return out as Pick<T, AsyncMethodNames<T>>;
}
