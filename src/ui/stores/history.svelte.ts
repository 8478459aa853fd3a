// Run history: every stored RunResult, a selection to compare across days or devices, export to
// JSON/CSV, import of one or many exported files (e.g. every laptop in a classroom), a one-file
// report, and clearing. Nothing stored is touched when an import fails validation.
import { describeDevice } from '../../core/device/describe.ts';
import { importRunFiles, exportRunsJson, type ImportedFile } from '../../core/results/json.ts';
import { runsToCsv } from '../../core/results/csv.ts';
import { inferredBaseline } from '../../core/results/baseline.ts';
import type { RunResult } from '../../core/results/run-result.ts';
import { renderHtmlReport, renderMarkdownReport } from '../../core/report/comparison-report.ts';
import { appStorage } from '../../lib/app-storage.ts';
import { downloadText } from '../../lib/download.ts';
import { describeError } from '../describe-error.ts';
import { device } from './device.svelte.ts';

export class HistoryStore {
  #runs = $state<RunResult[]>([]);
  #loaded = $state(false);
  #message = $state<{ kind: 'info' | 'error'; text: string } | null>(null);
  selected = $state<string[]>([]);
  baselineId = $state<string | null>(null);

  get runs() { return this.#runs; }
  get loaded() { return this.#loaded; }
  get message() { return this.#message; }

  readonly chosen: RunResult[] = $derived(this.#runs.filter((r) => this.selected.includes(r.id)));
  /** The picked baseline, else the run the chosen runs were compared against (when it is chosen too). */
  readonly effectiveBaselineId: string | null = $derived(
    this.baselineId !== null && this.selected.includes(this.baselineId) ? this.baselineId : inferredBaseline(this.chosen),
  );
  readonly devices: number = $derived(new Set(this.#runs.map((r) => JSON.stringify(r.device))).size);

  async load(): Promise<void> {
    try {
      this.#runs = await (await appStorage()).listRuns();
      this.#loaded = true;
    } catch (error) {
      this.#message = { kind: 'error', text: describeError(error) };
    }
  }

  async importFiles(files: readonly File[]): Promise<void> {
    try {
      const texts: ImportedFile[] = await Promise.all(files.map(async (file) => ({ name: file.name, text: await file.text() })));
      const merged = importRunFiles(texts, this.#runs);
      const added = merged.runs.filter((r) => merged.added.includes(r.id));
      await (await appStorage()).putRuns(added);
      this.#runs = merged.runs;
      this.selected = [...new Set([...this.selected, ...merged.added])];
      const skipped = merged.duplicates.length ? `, ${merged.duplicates.length} already present` : '';
      this.#message = { kind: 'info', text: `Imported ${added.length} run${added.length === 1 ? '' : 's'} from ${files.length} file${files.length === 1 ? '' : 's'}${skipped}; ${merged.devices.length} device${merged.devices.length === 1 ? '' : 's'} in the history.` };
    } catch (error) {
      this.#message = { kind: 'error', text: `${describeError(error)} Nothing was imported.` };
    }
  }

  #exportable(): RunResult[] {
    return this.chosen.length > 0 ? this.chosen : this.#runs;
  }

  exportJson(): void {
    const capabilities = device.capabilities;
    if (!capabilities) return;
    downloadText(`llm-lab-runs-${stamp()}.json`, exportRunsJson(this.#exportable(), describeDevice(capabilities)), 'application/json');
  }

  exportCsv(): void {
    downloadText(`llm-lab-runs-${stamp()}.csv`, runsToCsv(this.#exportable()), 'text/csv');
  }

  exportReport(format: 'html' | 'md'): void {
    const input = { title: 'LLM Deployment Lab — comparison', runs: this.#exportable(), baselineRunId: this.effectiveBaselineId, createdAt: new Date() };
    if (format === 'html') downloadText(`llm-lab-report-${stamp()}.html`, renderHtmlReport(input), 'text/html');
    else downloadText(`llm-lab-report-${stamp()}.md`, renderMarkdownReport(input), 'text/markdown');
  }

  async clear(): Promise<void> {
    try {
      const removed = await (await appStorage()).deleteRuns();
      this.#runs = [];
      this.selected = [];
      this.#message = { kind: 'info', text: `Cleared ${removed} run${removed === 1 ? '' : 's'} from the history.` };
    } catch (error) {
      this.#message = { kind: 'error', text: describeError(error) };
    }
  }
}

const stamp = () => new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');

export const history = new HistoryStore();
