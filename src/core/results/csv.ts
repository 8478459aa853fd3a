// CSV export of runs (RFC 4180): one header row, one row per run, CRLF line ends; a field is quoted
// when it holds a comma, a quote, CR or LF (or leading/trailing spaces), with quotes doubled.
// Missing values and non-finite numbers are empty fields.
import { RUN_CSV_COLUMNS, type CsvColumn, type CsvValue } from './csv-columns.ts';
import type { RunResult } from './run-result.ts';

/** One field as CSV text. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return values.map(csvField).join(',');
}

/** The whole table, header first, each line ended by CRLF. */
export function runsToCsv(runs: readonly RunResult[], columns: readonly CsvColumn[] = RUN_CSV_COLUMNS): string {
  const lines = [csvRow(columns.map((c) => c.header)), ...runs.map((run) => csvRow(columns.map((c) => c.value(run))))];
  return lines.map((line) => `${line}\r\n`).join('');
}
