// The human-readable form of a CompressReport: one row per tensor a step touched (method, shape,
// bits per weight with scales, bytes before -> after, RMSE, SQNR), the notes, and a summary line
// with sizes, the compression ratio and the devices the result runs on.
import type { DeviceSupport } from '../../core/compare/variant-options.ts';
import { summarizeRecipe } from '../../core/compress/recipe.ts';
import type { CompressReport } from '../../core/compress/types.ts';
import { formatCount, formatNumber, formatSize, renderTable } from '../format.ts';

function devices(support: DeviceSupport): string {
  const on: string[] = [];
  if (support.wasm === true) on.push('wasm');
  if (support.webgpu === true) on.push(support.needsShaderF16OnWebgpu ? 'webgpu (needs shader-f16)' : 'webgpu');
  return on.length > 0 ? on.join(', ') : 'no device';
}

function tensorTable(report: CompressReport): string[] {
  if (report.tensors.length === 0) return ['No tensor was changed.'];
  const rows = report.tensors.map((tensor) => [
    tensor.name,
    tensor.method,
    `[${tensor.shape.join(', ')}]`,
    tensor.bitsPerWeight.toFixed(2),
    `${formatSize(tensor.bytesBefore)} -> ${formatSize(tensor.bytesAfter)}`,
    formatNumber(tensor.rmse),
    Number.isFinite(tensor.sqnrDb) ? tensor.sqnrDb.toFixed(1) : 'exact',
    tensor.sparsity === undefined ? '' : `${(tensor.sparsity * 100).toFixed(1)}%`,
  ]);
  return [
    `Tensors (${report.tensors.length})`,
    ...renderTable(['name', 'method', 'shape', 'bits/w', 'size', 'rmse', 'sqnr dB', 'zeros'], rows, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right']),
  ];
}

export function renderCompressReport(report: CompressReport, outputFiles: readonly string[]): string {
  const ratio = report.output.bytes > 0 ? report.input.bytes / report.output.bytes : 0;
  const lines = [
    `Recipe: ${summarizeRecipe(report.recipe)}`,
    '',
    ...tensorTable(report),
    ...(report.notes.length > 0 ? ['', 'Notes:', ...report.notes.map((note) => `  - ${note}`)] : []),
    '',
    `Wrote ${outputFiles.join(' + ')}: ${formatSize(report.input.bytes)} -> ${formatSize(report.output.bytes)} (${ratio.toFixed(2)}x smaller), gzip ${formatSize(report.output.gzipBytes)}; ` +
      `${formatCount(report.output.params)} parameters; runs on ${devices(report.support)}; ${(report.ms / 1000).toFixed(1)} s`,
  ];
  return lines.join('\n') + '\n';
}
