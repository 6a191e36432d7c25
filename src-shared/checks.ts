import { asConversationRef, parseConversationKey, type ConversationKey, type ConversationRef } from './conversation';

/**
 * Small, pure checks of values that crossed the contract from the other side. A check answers
 * with the value as the receiver may use it (a fresh copy holding only what was checked), or with
 * where it failed (`request.conversation.jid`) and why.
 *
 * Objects are checked against a list of known keys, and a key outside it is refused, never
 * silently dropped: the page and the core are built from one contract, so an unknown key means a
 * page that is out of step or not ours. That also refuses `__proto__`, `constructor` and the
 * like, and only own properties are ever read. A failure names the path, never the value (it may
 * be a password). Guarded by test/unit/contract-checks.test.ts.
 */

export type CheckResult<T> = { ok: true; value: T } | { ok: false; path: string; problem: string };

/**
 * Which fields of an object type are required and which optional, all the way down: two object
 * types that accept each other (`{ a: string }` and `{ a: string; b?: string }` do) still differ
 * here.
 */
export type FieldModes<T> = T extends object ? { [K in keyof T]-?: [Partial<Pick<T, K>> extends Pick<T, K> ? 'optional' : 'required', FieldModes<T[K]>] } : T;

export interface Check<T> {
  (value: unknown, path: string): CheckResult<T>;
  /**
   * Never set: makes `Check<T>` invariant in T's fields and their modes, so a check
   * registered for a type must produce exactly that type (a missing, extra, optional-for-required
   * or differently typed field does not compile; test/unit/contract-registry.test.ts).
   */
  readonly phantom?: (modes: FieldModes<T>) => FieldModes<T>;
}

/** A check whose key may be absent from its object (or hold undefined). */
export interface OptionalCheck<T> extends Check<T | undefined> {
  readonly optional: true;
}

export type Checked<C> = C extends Check<infer T> ? T : never;

const pass = <T>(value: T): CheckResult<T> => ({ ok: true, value });
const fail = (path: string, problem: string): CheckResult<never> => ({ ok: false, path, problem });

export function string(): Check<string> {
  return (value, path) => (typeof value === 'string' ? pass(value) : fail(path, 'is not a string'));
}

export function boolean(): Check<boolean> {
  return (value, path) => (typeof value === 'boolean' ? pass(value) : fail(path, 'is not true or false'));
}

/** An integer ≥ 0 (a count, a sequence number, a session number). */
export function count(): Check<number> {
  return (value, path) => (Number.isSafeInteger(value) && (value as number) >= 0 ? pass(value as number) : fail(path, 'is not a whole number ≥ 0'));
}

/** Bytes (a file's content): a Uint8Array, as both transports deliver it (structured clone, binary frames). */
export function bytes(): Check<Uint8Array> {
  return (value, path) => (value instanceof Uint8Array ? pass(value) : fail(path, 'is not bytes'));
}

export function oneOf<const T extends string>(...values: readonly T[]): Check<T> {
  return (value, path) => ((values as readonly unknown[]).includes(value) ? pass(value as T) : fail(path, `is not one of ${values.join(', ')}`));
}

export function optional<T>(check: Check<T>): OptionalCheck<T> {
  const optionalCheck = (value: unknown, path: string) => (value === undefined ? pass(undefined) : check(value, path));
  return Object.assign(optionalCheck, { optional: true as const });
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, path) => (value === null ? pass(null) : check(value, path));
}

export function arrayOf<T>(check: Check<T>): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) return fail(path, 'is not a list');
    const items: T[] = [];
    for (const [index, item] of value.entries()) {
      const result = check(item, `${path}[${index}]`);
      if (!result.ok) return result;
      items.push(result.value);
    }
    return pass(items);
  };
}

type Shape = Record<string, (value: unknown, path: string) => CheckResult<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { readonly optional: true } ? K : never }[keyof S];
type Flatten<T> = { [K in keyof T]: T[K] };
export type ObjectOf<S extends Shape> = Flatten<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Checked<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Checked<S[K]>, undefined> }
>;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

/** A plain object with exactly the shape's keys (optional ones may be absent); any other key is refused. */
export function object<S extends Shape>(shape: S): Check<ObjectOf<S>> {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(path, 'is not an object');
    for (const key of Object.keys(value)) {
      if (!Object.hasOwn(shape, key)) return fail(`${path}.${key}`, 'is not a field of this request');
    }
    const checked: Record<string, unknown> = {};
    for (const [key, check] of Object.entries(shape)) {
      const result = check(Object.hasOwn(value, key) ? value[key] : undefined, `${path}.${key}`);
      if (!result.ok) return result;
      if (result.value !== undefined) checked[key] = result.value;
    }
    return pass(checked as ObjectOf<S>);
  };
}

/** A ConversationRef: exactly a kind and a lower-cased bare JID (asConversationRef), nothing else. */
export function conversationRef(): Check<ConversationRef> {
  const shape = object({ kind: string(), jid: string() });
  return (value, path) => {
    const fields = shape(value, path);
    if (!fields.ok) return fields;
    const conversation = asConversationRef(fields.value);
    return conversation ? pass(conversation) : fail(path, 'is not a conversation (chat or room, and a bare address)');
  };
}

/** A record keyed by ConversationKey (`chat:alice@example.org`); absent keys are allowed. */
export function byConversation<T>(check: Check<T>): Check<Partial<Record<ConversationKey, T>>> {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(path, 'is not an object');
    const checked: Partial<Record<ConversationKey, T>> = {};
    for (const [key, item] of Object.entries(value)) {
      const conversation = parseConversationKey(key);
      // The parsed key, so `checked` only ever gets `chat:…`/`room:…` keys (never `__proto__`).
      if (!conversation || key !== `${conversation.kind}:${conversation.jid}`) return fail(`${path}[${JSON.stringify(key)}]`, 'is not a conversation key');
      const result = check(item, `${path}[${JSON.stringify(key)}]`);
      if (!result.ok) return result;
      checked[`${conversation.kind}:${conversation.jid}`] = result.value;
    }
    return pass(checked);
  };
}

const MAX_RECORD_ENTRIES = 64;

/**
 * A plain object of strings under free-form keys (a form's answers by field name). A key that
 * names something of every object (`__proto__`, `constructor`, `toString`) is refused.
 */
export function stringRecord(): Check<Record<string, string>> {
  return (value, path) => {
    if (!isPlainObject(value)) return fail(path, 'is not an object');
    const entries = Object.entries(value);
    if (entries.length > MAX_RECORD_ENTRIES) return fail(path, `has more than ${MAX_RECORD_ENTRIES} entries`);
    for (const [key, item] of entries) {
      if (key in Object.prototype) return fail(`${path}[${JSON.stringify(key)}]`, 'is not an allowed key');
      if (typeof item !== 'string') return fail(`${path}[${JSON.stringify(key)}]`, 'is not a string');
    }
    return pass(Object.fromEntries(entries) as Record<string, string>);
  };
}

/** Nothing at all (a command without a request): undefined, null or an empty object. */
export function nothing(): Check<undefined> {
  const empty = object({});
  return (value, path) => {
    if (value === undefined || value === null) return pass(undefined);
    const result = empty(value, path);
    return result.ok ? pass(undefined) : result;
  };
}
