// Pure helpers for the device description: a short user agent line. The probe in src/lib gathers
// the raw values (navigator, adapter info) and passes them here.
const BROWSERS: ReadonlyArray<[name: string, pattern: RegExp]> = [
  ['Edge', /Edg\/(\d+)/],
  ['Opera', /OPR\/(\d+)/],
  ['Chrome', /Chrome\/(\d+)/],
  ['Firefox', /Firefox\/(\d+)/],
  ['Safari', /Version\/(\d+)[.\d]* .*Safari\//],
  ['Node', /Node\.js\/v?(\d+)/],
];

const SYSTEMS: ReadonlyArray<[name: string, pattern: RegExp]> = [
  ['Android', /Android/],
  ['ChromeOS', /CrOS/],
  ['iOS', /iPhone|iPad/],
  ['Windows', /Windows/],
  ['macOS', /Mac OS X|Macintosh/],
  ['Linux', /Linux/],
];

/** "Chrome 131 on Linux" from a full user agent string; "unknown browser" parts when unrecognized. */
export function summarizeUserAgent(userAgent: string): string {
  const browser = BROWSERS.find(([, pattern]) => pattern.test(userAgent));
  const version = browser ? userAgent.match(browser[1])?.[1] : undefined;
  const system = SYSTEMS.find(([, pattern]) => pattern.test(userAgent))?.[0] ?? 'unknown system';
  const name = browser ? `${browser[0]} ${version}` : 'unknown browser';
  const headless = /Headless/.test(userAgent) ? ' (headless)' : '';
  return `${name}${headless} on ${system}`;
}
