// A short, always-safe rendering of an untrusted JSON value for error messages. JSON.stringify and
// String() recurse: a value nested 20,000 deep (a few hundred KB of '[') overflows the stack, and a
// 1 MB string would flood the message. Here both end in a bounded preview.

const DEFAULT_MAX_CHARS = 60;

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return value === null ? 'null' : `a ${typeof value}`;
}

/** `JSON.stringify(value)` cut to `maxChars`, or a description of the value when it cannot be serialized. */
export function previewJson(value: unknown, maxChars = DEFAULT_MAX_CHARS): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return `${kindOf(value)} too deeply nested to show`;
  }
  if (text === undefined) return String(typeof value === 'symbol' ? value.description : typeof value === 'function' ? 'a function' : value);
  return text.length > maxChars ? `${text.slice(0, maxChars)}...` : text;
}
