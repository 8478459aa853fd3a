import { describe, expect, it } from 'vitest';
import { csvField, runsToCsv } from '../../../../src/core/results/csv.ts';
import { RUN_CSV_COLUMNS } from '../../../../src/core/results/csv-columns.ts';
import { sampleRun, phone } from './sample-run.ts';

/** Independent RFC 4180 reader (state machine) used to check what the writer produced. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  return rows;
}

describe('CSV export', () => {
  it('quotes commas, quotes and newlines and doubles quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line1\nline2')).toBe('"line1\nline2"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField(1.5)).toBe('1.5');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(false)).toBe('false');
  });

  it('writes a header and one row per run that an RFC 4180 reader reads back intact', () => {
    const tricky = 'He said, "stop"\r\nthen left,\n"quietly"';
    const runs = [
      sampleRun('run-a', { outputText: tricky }),
      sampleRun('run-b', { device: phone, perplexity: null, comparison: null, generation: null, load: null, outputText: '' }),
    ];
    const text = runsToCsv(runs);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parseCsv(text);
    expect(rows).toHaveLength(3);
    const header = rows[0]!;
    expect(header).toEqual(RUN_CSV_COLUMNS.map((c) => c.header));
    for (const row of rows) expect(row).toHaveLength(header.length);
    const col = (name: string, r: number) => rows[r]![header.indexOf(name)];
    expect(col('output_text', 1)).toBe(tricky);
    expect(col('id', 2)).toBe('run-b');
    expect(col('kld_mean', 1)).toBe('0.031');
    expect(col('same_top1', 1)).toBe('0.919');
    expect(col('shader_f16', 1)).toBe('true');
    expect(col('adapter_vendor', 2)).toBe('');
    expect(col('user_agent', 2)).toBe('Chrome 130 on Android');
    expect(col('perplexity', 2)).toBe('');
  });
});
