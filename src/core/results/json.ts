// JSON export and import of runs. A file is a versioned envelope: format tag, schema version, the
// exporting device and the runs (each run keeps its own device, so merged files stay attributable).
// Import validates every field and names the bad one; non-finite figures travel as null.
import { ImportError } from './errors.ts';
import { mergeRuns, type MergeResult } from './merge.ts';
import { RUN_SCHEMA_VERSION, type DeviceDescription, type RunResult } from './run-result.ts';
import { deviceDescription, runResult } from './run-schema.ts';
import { array, fail, integer, object, string } from './validate.ts';

export const RUNS_FORMAT = 'llm-lab-runs';

export interface RunsEnvelope {
  format: typeof RUNS_FORMAT;
  schemaVersion: number;
  /** ISO 8601. */
  exportedAt: string;
  /** The device that wrote the file. */
  device: DeviceDescription;
  runs: RunResult[];
}

/** Serializes runs as a pretty-printed envelope (NaN and Infinity become null). */
export function exportRunsJson(runs: readonly RunResult[], device: DeviceDescription, now: Date = new Date()): string {
  const envelope: RunsEnvelope = {
    format: RUNS_FORMAT,
    schemaVersion: RUN_SCHEMA_VERSION,
    exportedAt: now.toISOString(),
    device,
    runs: [...runs],
  };
  return JSON.stringify(envelope, null, 2);
}

const envelopeBody = object<Omit<RunsEnvelope, 'format' | 'schemaVersion'>>({
  exportedAt: string,
  device: deviceDescription,
  runs: array(runResult),
});

function checkHeader(value: unknown): void {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('', 'an LLM Lab results object', value);
  const header = value as Record<string, unknown>;
  if (header.format !== RUNS_FORMAT) {
    throw new ImportError(`Field "format" must be "${RUNS_FORMAT}"; this is not an LLM Lab results export.`, 'format');
  }
  const version = integer(header.schemaVersion, 'schemaVersion');
  if (version > RUN_SCHEMA_VERSION) {
    throw new ImportError(`Field "schemaVersion" is ${version}, newer than this app understands (${RUN_SCHEMA_VERSION}); update the app and import again.`, 'schemaVersion');
  }
  if (version < 1) fail('schemaVersion', `an integer from 1 to ${RUN_SCHEMA_VERSION}`, version);
}

/** Parses and validates one exported file. Errors name the file and the bad field. */
export function parseRunsJson(text: string, fileName = 'the file'): RunsEnvelope {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw new ImportError(`${fileName} is not valid JSON (${cause instanceof Error ? cause.message : String(cause)}); export it again from LLM Lab.`, '', { cause });
  }
  try {
    checkHeader(value);
    const body = envelopeBody(value, '');
    return { format: RUNS_FORMAT, schemaVersion: RUN_SCHEMA_VERSION, ...body };
  } catch (error) {
    if (error instanceof ImportError) throw new ImportError(`${fileName}: ${error.message}`, error.field, { cause: error });
    throw error;
  }
}

export interface ImportedFile {
  name: string;
  text: string;
}

/** Imports several files and merges their runs with `existing` (de-duplicated by run id). */
export function importRunFiles(files: readonly ImportedFile[], existing: readonly RunResult[] = []): MergeResult {
  const envelopes = files.map((file) => parseRunsJson(file.text, file.name));
  return mergeRuns(existing, ...envelopes.map((e) => e.runs));
}
