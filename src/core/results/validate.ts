// Tiny runtime validators for imported JSON. Each check returns the value typed or throws an
// `ImportError` naming the field path (`runs[2].variant.engine`) and what was expected. `object`
// requires a check for every key of the target type, so the validators cannot drift from the types.
import { ImportError } from './errors.ts';

export type Check<T> = (value: unknown, path: string) => T;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

export function fail(path: string, expected: string, value: unknown): never {
  throw new ImportError(`Field "${path}" must be ${expected} (got ${describe(value)}).`, path);
}

export const string: Check<string> = (value, path) => (typeof value === 'string' ? value : fail(path, 'a string', value));

export const boolean: Check<boolean> = (value, path) => (typeof value === 'boolean' ? value : fail(path, 'true or false', value));

/** A finite number (JSON has no NaN or Infinity; those arrive as null). */
export const number: Check<number> = (value, path) =>
  typeof value === 'number' && Number.isFinite(value) ? value : fail(path, 'a finite number', value);

export const nonNegative: Check<number> = (value, path) => {
  const n = number(value, path);
  return n >= 0 ? n : fail(path, 'a number >= 0', value);
};

export const integer: Check<number> = (value, path) =>
  Number.isInteger(value) ? (value as number) : fail(path, 'an integer', value);

/** A number or null (NaN figures such as an undefined percentile are exported as null). */
export const numberOrNaN: Check<number> = (value, path) => (value === null ? Number.NaN : number(value, path));

export function literal<const T extends string | number>(...allowed: T[]): Check<T> {
  return (value, path) =>
    allowed.includes(value as T) ? (value as T) : fail(path, `one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`, value);
}

export function nullable<T>(check: Check<T>): Check<T | null> {
  return (value, path) => (value === null ? null : check(value, path));
}

export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (value, path) => (value === undefined ? undefined : check(value, path));
}

export function array<T>(check: Check<T>): Check<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) fail(path, 'an array', value);
    return value.map((item, i) => check(item, `${path}[${i}]`));
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks every declared key; unknown keys are dropped, absent optional keys stay absent. */
export function object<T>(shape: { [K in keyof T]-?: Check<T[K]> }): Check<T> {
  return (value, path) => {
    if (!isRecord(value)) fail(path, 'an object', value);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape) as Array<keyof T & string>) {
      const checked = shape[key](value[key], path ? `${path}.${key}` : key);
      if (checked !== undefined) out[key] = checked;
    }
    return out as T;
  };
}

/** A union told apart by a string tag field. */
export function tagged<T extends Record<K, string>, K extends string>(
  tag: K,
  variants: { [V in T[K]]: Check<Extract<T, Record<K, V>>> },
): Check<T> {
  return (value, path) => {
    if (!isRecord(value)) fail(path, 'an object', value);
    const kind = value[tag];
    const names = Object.keys(variants);
    if (typeof kind !== 'string' || !names.includes(kind)) {
      fail(path ? `${path}.${tag}` : tag, `one of ${names.map((n) => JSON.stringify(n)).join(', ')}`, kind);
    }
    return (variants as Record<string, Check<T>>)[kind]!(value, path);
  };
}
