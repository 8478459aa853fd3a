// The CSV export's columns, in order: header name and how to read it from a run. Data, not logic:
// add a column here and the export picks it up. Speeds are medians over the timed runs when latency
// was measured, else the single generation's figure. Fractions stay fractions (0..1).
import { kldMethodOf } from '../metrics/baseline-comparison.ts';
import { runApproximations, type RunResult } from './run-result.ts';

export type CsvValue = string | number | boolean | null | undefined;

export interface CsvColumn {
  header: string;
  value: (run: RunResult) => CsvValue;
}

export const RUN_CSV_COLUMNS: readonly CsvColumn[] = [
  { header: 'id', value: (r) => r.id },
  { header: 'created_at', value: (r) => r.createdAt },
  { header: 'engine', value: (r) => r.variant.engine },
  { header: 'model', value: (r) => r.variant.model },
  { header: 'dtype', value: (r) => r.variant.dtype },
  { header: 'recipe', value: (r) => r.variant.recipe },
  { header: 'device', value: (r) => r.variant.device },
  { header: 'execution_provider', value: (r) => r.variant.executionProvider },
  { header: 'size_bytes', value: (r) => r.variant.sizeOnDiskBytes },
  { header: 'adapter_vendor', value: (r) => r.device.adapter?.vendor },
  { header: 'adapter_architecture', value: (r) => r.device.adapter?.architecture },
  { header: 'adapter_description', value: (r) => r.device.adapter?.description },
  { header: 'shader_f16', value: (r) => r.device.features.includes('shader-f16') },
  { header: 'user_agent', value: (r) => r.device.userAgent },
  { header: 'hardware_concurrency', value: (r) => r.device.hardwareConcurrency },
  { header: 'device_memory_gb', value: (r) => r.device.deviceMemoryGb },
  { header: 'load_ms', value: (r) => r.load?.loadMs },
  { header: 'bytes_downloaded', value: (r) => r.load?.bytesDownloaded },
  { header: 'bytes_from_cache', value: (r) => r.load?.bytesFromCache },
  { header: 'ttft_ms', value: (r) => r.latency?.timeToFirstTokenMs.median ?? r.generation?.timeToFirstTokenMs },
  { header: 'ttft_ms_p90', value: (r) => r.latency?.timeToFirstTokenMs.p90 },
  { header: 'prefill_tokens_per_s', value: (r) => r.latency?.prefillTokensPerS.median ?? r.generation?.prefillTokensPerS },
  { header: 'decode_tokens_per_s', value: (r) => r.latency?.decodeTokensPerS.median ?? r.generation?.decodeTokensPerS },
  { header: 'decode_tokens_per_s_p90', value: (r) => r.latency?.decodeTokensPerS.p90 },
  { header: 'total_ms', value: (r) => r.latency?.totalMs.median ?? r.generation?.totalMs },
  { header: 'timed_runs', value: (r) => r.latency?.totalMs.samples },
  { header: 'output_tokens', value: (r) => r.generation?.tokenCount },
  { header: 'finish_reason', value: (r) => r.generation?.finishReason },
  { header: 'perplexity', value: (r) => r.perplexity?.value },
  { header: 'perplexity_stderr', value: (r) => r.perplexity?.stdErr },
  { header: 'perplexity_tokens', value: (r) => r.perplexity?.tokens },
  { header: 'context', value: (r) => r.perplexity?.context },
  { header: 'stride', value: (r) => r.perplexity?.stride },
  { header: 'perplexity_method', value: (r) => (r.perplexity ? (r.perplexity.method ?? 'strided') : undefined) },
  { header: 'perplexity_exact', value: (r) => r.perplexity?.quality.exact },
  { header: 'baseline_run_id', value: (r) => r.comparison?.baselineRunId ?? r.greedyAgreement?.baselineRunId },
  { header: 'kld_mean', value: (r) => r.comparison?.kld.mean },
  { header: 'kld_stderr', value: (r) => r.comparison?.kld.stdErr },
  { header: 'kld_median', value: (r) => r.comparison?.kld.median },
  { header: 'kld_p99', value: (r) => r.comparison?.kld.p99 },
  { header: 'kld_p999', value: (r) => r.comparison?.kld.p999 },
  { header: 'kld_method', value: (r) => (r.comparison ? kldMethodOf(r.comparison).method : undefined) },
  { header: 'kld_top_k', value: (r) => (r.comparison ? (kldMethodOf(r.comparison).topK ?? undefined) : undefined) },
  { header: 'kld_max', value: (r) => r.comparison?.kld.max },
  { header: 'same_top1', value: (r) => r.comparison?.sameTop1.fraction },
  { header: 'same_top1_stderr', value: (r) => r.comparison?.sameTop1.stdErr },
  { header: 'delta_p_mean', value: (r) => r.comparison?.deltaP.mean },
  { header: 'delta_p_rms', value: (r) => r.comparison?.deltaP.rms },
  { header: 'comparison_exact', value: (r) => r.comparison?.quality.exact },
  { header: 'greedy_prefix_agreement', value: (r) => r.greedyAgreement?.prefixAgreement },
  { header: 'greedy_overall_agreement', value: (r) => r.greedyAgreement?.overallAgreement },
  { header: 'approximations', value: (r) => runApproximations(r).join(' | ') },
  { header: 'error', value: (r) => r.error && `${r.error.code}: ${r.error.message}` },
  { header: 'output_text', value: (r) => r.outputText },
];
