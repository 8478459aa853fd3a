// Naming the text a recipe was calibrated on: a person-readable name and the SHA-256 of the text's
// UTF-8 bytes. The same fingerprint is taken of an evaluation text (CLI eval, Compare), so "this
// variant is scored on the text it was calibrated on" is a comparison of two hashes.
import { sha256Hex } from '../metadata.ts';
import type { CalibrationRecord, CalibrationTextSource } from '../types.ts';

/** Hex SHA-256 of `text` as UTF-8. */
export function textSha256(text: string): Promise<string> {
  return sha256Hex(new TextEncoder().encode(text));
}

export async function calibrationTextSource(name: string, text: string): Promise<CalibrationTextSource> {
  return { name, sha256: await textSha256(text) };
}

/** True when the variant was calibrated on exactly the text whose hash is `textSha`. */
export function calibratedOn(record: CalibrationRecord | null | undefined, textSha: string): boolean {
  return !!record?.sha256 && record.sha256 === textSha;
}
