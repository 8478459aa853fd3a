// Reads the offline demo pack served beside the app (public/models): its index and model files.
export interface DemoPackEntry {
  id: string;
  name: string;
  /** Folder relative to the site root, e.g. 'models/moby-llama'. */
  path: string;
  role?: string;
  description?: string;
}

const base = new URL('models/', globalThis.document?.baseURI ?? location.href);

export async function fetchDemoIndex(signal?: AbortSignal): Promise<DemoPackEntry[]> {
  const response = await fetch(new URL('index.json', base), { signal });
  if (!response.ok) throw new Error(`The offline demo pack is missing (models/index.json answered ${response.status}). Rebuild it with npm run demo-pack.`);
  const index = (await response.json()) as { models?: DemoPackEntry[] };
  return index.models ?? [];
}

export async function fetchDemoFile(entry: DemoPackEntry, file: string, signal?: AbortSignal): Promise<Response> {
  const response = await fetch(new URL(`${entry.path.replace(/^models\//, '')}/${file}`, base), { signal });
  if (!response.ok) throw new Error(`Could not read ${file} of the demo model ${entry.name} (${response.status}).`);
  return response;
}
