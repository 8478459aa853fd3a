// The plan as plain text for a terminal: the memory stack, the device verdict, the vLLM lines.
import type { PlanReport, ServerPlan } from '../../core/plan/index.ts';
import { formatCount, formatSize, renderTable } from '../format.ts';
import type { MachineMeasurement } from './plan-measure.ts';

const speed = (value: number | null) => (value === null ? '-' : value >= 100 ? value.toFixed(0) : value.toPrecision(3));

export function renderPlanText(report: PlanReport, servers: ServerPlan[] | null, measured: MachineMeasurement | null = null): string {
  const lines = [
    `${report.model} — ${report.format}`,
    `  source: ${report.source}; context ${formatCount(report.context)} x batch ${report.batch}`,
    '',
    ...renderTable(['', 'bytes', ''], [
      ['parameters', formatCount(report.parameters), ''],
      ['weights', formatSize(report.weightsBytes), `largest tensor ${formatSize(report.largestTensorBytes)} (${report.largestTensorName})`],
      ['KV cache', formatSize(report.kvCacheBytes), `${formatSize(report.kvCacheBytesPerToken)} per token`],
      ['workspace (est.)', formatSize(report.workspaceBytes), `logits ${formatSize(report.logitsBytes)}, activations ${formatSize(report.activationBytes)}`],
      ['total', formatSize(report.totalBytes), ''],
    ], ['left', 'right', 'left']),
  ];
  if (report.webllmVramRequiredMB !== null) lines.push('', `  web-llm vram_required_MB: ${report.webllmVramRequiredMB} (ours minus web-llm: ${report.webllmDifferenceMiB!.toFixed(0)} MiB)`);
  if (report.device) {
    lines.push('', `  on ${report.device.name}: ${report.device.fit} (${(report.device.memoryShare * 100).toFixed(0)}% of ${report.device.memoryGB} GB), decode <= ${speed(report.predictedDecodeTokPerS)} tok/s at ${report.device.bandwidthGBps} GB/s`);
  }
  if (servers) {
    lines.push('', '  vLLM plan (gpu_memory_utilization 0.9):');
    lines.push(...renderTable(['GPU', 'TP', 'sequences', 'launch'], servers.map((s) => [s.target.name, s.tensorParallel === null ? '-' : String(s.tensorParallel), String(s.maxConcurrentSequences), s.vllmCommand ?? s.note]), ['left', 'right', 'right', 'left'], '    '));
  }
  if (measured) {
    lines.push('', `  this machine: copy ${(measured.copyBytesPerSWorkingSet / 1e9).toFixed(1)} GB/s (working set), ${(measured.copyBytesPerS32MiB / 1e9).toFixed(1)} GB/s (32 MiB); matmul ${(measured.matmulFlopsPerS / 1e9).toFixed(2)} GFLOP/s`);
    lines.push(`  decode bounds: memory ${speed(measured.memoryBoundDecodeTokPerS)} tok/s, compute ${speed(measured.computeBoundDecodeTokPerS)} tok/s`);
    lines.push(`  decode: predicted <= ${speed(measured.predictedDecodeTokPerS)} tok/s, measured ${speed(measured.measuredDecodeTokPerS)} tok/s (${measured.decodeEfficiencyPercent.toFixed(0)}%)`);
  }
  for (const warning of report.warnings) lines.push(`  note: ${warning}`);
  return lines.join('\n') + '\n';
}
