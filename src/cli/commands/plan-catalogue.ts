// `llm-lab plan --catalogue`: for every model in the installed web-llm catalogue, our estimate at its
// context window beside its vram_required_MB (MiB), the difference and ratio, grouped by architecture;
// then the median and worst error, and what is not covered and why.
import { crossCheckCatalogue } from '../../core/plan/index.ts';
import type { CliIo } from '../command.ts';
import { renderTable } from '../format.ts';

export async function printCatalogueCheck(io: CliIo, json: boolean): Promise<void> {
  const { modelRecords } = await import('../../lib/engines/mlc/web-llm.ts');
  const check = crossCheckCatalogue(modelRecords());
  const rows = check.rows.map((r) => ({
    modelId: r.modelId, architecture: r.architecture.key, context: r.context, estimateMiB: r.estimateMiB,
    weightsMiB: r.plan.weightsBytes / 2 ** 20, kvCacheMiB: r.plan.kvCacheBytes / 2 ** 20, workspaceMiB: r.plan.workspaceBytes / 2 ** 20,
    vramRequiredMB: r.vramRequiredMB, differenceMiB: r.differenceMiB, ratio: r.ratio,
  }));
  if (json) {
    io.stdout(JSON.stringify({ rows, uncovered: check.uncovered, medianAbsError: check.medianAbsError, worst: check.worst }, null, 2) + '\n');
    return;
  }
  const f = (v: number | null) => (v === null ? '-' : v.toFixed(0));
  const lines = renderTable(
    ['model', 'arch', 'context', 'weights', 'KV', 'workspace', 'ours MiB', 'web-llm', 'diff', 'ratio'],
    rows.map((r) => [r.modelId, r.architecture, String(r.context), f(r.weightsMiB), f(r.kvCacheMiB), f(r.workspaceMiB), f(r.estimateMiB), String(r.vramRequiredMB ?? '-'), f(r.differenceMiB), r.ratio === null ? '-' : r.ratio.toFixed(3)]),
    ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  lines.push('', `covered ${rows.length}, median |ours/web-llm - 1| = ${(100 * check.medianAbsError).toFixed(1)}%, worst ${check.worst ? `${(100 * check.worst.absError).toFixed(1)}% (${check.worst.modelId})` : '-'}`);
  for (const u of check.uncovered) lines.push(`not covered: ${u.modelId} (${u.reason})`);
  io.stdout(lines.join('\n') + '\n');
}
