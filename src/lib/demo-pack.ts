// Reads the offline demo pack served beside the app (public/models): its index and model files.
// Entries are normalized so every caller addresses a model by `id`, its folder under models/.
export interface DemoPackEntry {
  /** Folder under models/, e.g. 'moby-llama-1m' (what OnnxModelRef.modelId names). */
  id: string;
  name: string;
  /** The same folder, as the index writes it (kept for callers that read it). */
  path: string;
  role?: string;
  description?: string;
  parameters?: number;
  sizeBytes?: number;
}

interface IndexEntry {
  name: string;
  path: string;
  role?: string;
  description?: string;
  parameters?: number;
  size_bytes?: number;
}

const base = () => new URL('models/', globalThis.document?.baseURI ?? location.href);

export async function fetchDemoIndex(signal?: AbortSignal): Promise<DemoPackEntry[]> {
  const response = await fetch(new URL('index.json', base()), { signal });
  if (!response.ok) throw new Error(`The offline demo pack is missing (models/index.json answered ${response.status}). Rebuild it with npm run demo-pack.`);
  const index = (await response.json()) as { models?: IndexEntry[] };
  return (index.models ?? []).map((entry) => {
    const id = entry.path.replace(/^models\//, '').replace(/\/+$/, '');
    return { id, name: entry.name, path: id, role: entry.role, description: entry.description, parameters: entry.parameters, sizeBytes: entry.size_bytes };
  });
}

/** The teacher of the pack (the model other demo models are compared against). */
export function demoTeacher(models: readonly DemoPackEntry[]): DemoPackEntry | undefined {
  return models.find((m) => m.role === 'teacher') ?? models[0];
}

export async function fetchDemoFile(entry: DemoPackEntry, file: string, signal?: AbortSignal): Promise<Response> {
  const response = await fetch(new URL(`${entry.id}/${file}`, base()), { signal });
  if (!response.ok) throw new Error(`Could not read ${file} of the demo model ${entry.name} (${response.status}).`);
  return response;
}
