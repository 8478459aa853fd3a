// The human-readable form of an InspectReport: a header, input/output tables, the operator
// histogram, sizes per dtype and the largest initializers with their statistics.
import type { InspectReport } from '../../core/onnx/inspect.ts';
import type { ValueSummary } from '../../core/onnx/value-info.ts';
import { formatCount, formatNumber, formatPercent, formatSize, renderTable } from '../format.ts';

/** Initializers listed without --all; the rest are summarized in one line. */
export const DEFAULT_INITIALIZER_ROWS = 20;

function shapeText(shape: ValueSummary['shape']): string {
  return shape === null ? '(unknown rank)' : `[${shape.join(', ')}]`;
}

function valueTable(title: string, values: readonly ValueSummary[]): string[] {
  if (values.length === 0) return [`${title}: none`];
  const rows = values.map((value) => [value.name, value.dtype, shapeText(value.shape)]);
  return [`${title} (${values.length})`, ...renderTable(['name', 'dtype', 'shape'], rows, ['left', 'left', 'left'])];
}

function header(report: InspectReport, fileName: string, fileBytes: number): string[] {
  const opsets = Object.entries(report.opsets).map(([domain, version]) => `${domain} ${version}`).join(', ');
  const producer = [report.producer.name, report.producer.version].filter(Boolean).join(' ') || '(not recorded)';
  return [
    `${fileName} (${formatSize(fileBytes)})`,
    ...renderTable(
      ['', ''],
      [
        ['IR version', String(report.irVersion)],
        ['opsets', opsets || '(none)'],
        ['producer', producer],
        ['graph', `${report.graphName || '(unnamed)'}: ${formatCount(report.nodeCount)} nodes, ${formatCount(report.initializers.length)} initializers`],
      ],
      ['left', 'left'],
    ).slice(1),
  ];
}

function opsTable(report: InspectReport): string[] {
  const entries = Object.entries(report.ops);
  const rows = entries.map(([op, count]) => [op, formatCount(count)]);
  return [`Operators (${entries.length} types, ${formatCount(report.nodeCount)} nodes)`, ...renderTable(['op', 'count'], rows, ['left', 'right'])];
}

function sizeTable(report: InspectReport): string[] {
  const rows = Object.entries(report.bytesByDtype).map(([dtype, bytes]) => [dtype, formatSize(bytes), formatCount(bytes)]);
  return [
    `Parameters: ${formatCount(report.params)} in ${formatCount(report.initializers.length)} initializers, ${formatSize(report.totalBytes)}`,
    ...(rows.length ? renderTable(['dtype', 'size', 'bytes'], rows, ['left', 'right', 'right']) : []),
  ];
}

function initializerTable(report: InspectReport, all: boolean): string[] {
  if (report.initializers.length === 0) return [];
  const sorted = [...report.initializers].sort((a, b) => b.bytes - a.bytes);
  const shown = all ? sorted : sorted.slice(0, DEFAULT_INITIALIZER_ROWS);
  const rows = shown.map((tensor) => [
    tensor.name,
    tensor.dtype,
    `[${tensor.shape.join(', ')}]`,
    formatSize(tensor.bytes),
    formatPercent(tensor.zeros),
    formatNumber(tensor.min),
    formatNumber(tensor.max),
    formatNumber(tensor.mean),
    formatNumber(tensor.std),
  ]);
  const title = all || shown.length === sorted.length ? `Initializers (${sorted.length})` : `Initializers (largest ${shown.length} of ${sorted.length}; --all lists every one)`;
  return [
    title,
    ...renderTable(['name', 'dtype', 'shape', 'size', 'zeros', 'min', 'max', 'mean', 'std'], rows, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right']),
  ];
}

export function renderInspectReport(report: InspectReport, fileName: string, fileBytes: number, all = false): string {
  const sections = [
    header(report, fileName, fileBytes),
    valueTable('Inputs', report.inputs),
    valueTable('Outputs', report.outputs),
    opsTable(report),
    sizeTable(report),
    initializerTable(report, all),
  ].filter((lines) => lines.length > 0);
  return sections.map((lines) => lines.join('\n')).join('\n\n') + '\n';
}
