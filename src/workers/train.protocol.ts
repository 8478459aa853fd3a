// RPC schema of the train worker: one `distill` call runs (or resumes) a distillation and streams
// steps, held-out figures, samples and checkpoints as progress; cancelling the call (pause or
// cancel on the page) stops it after the current step with a final checkpoint and a normal result.
import type { DistillCheckpoint } from '../core/distill/distiller.ts';
import type { DistillOptions } from '../core/distill/options.ts';
import type { DistillProgress, HeldOutRecord, RunSummary } from '../core/distill/run.ts';
import type { TransferSpec } from '../core/distill/setup.ts';
import type { MethodSpec } from '../core/rpc/protocol.ts';

export interface DistillJob {
  /** The teacher's folder: config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx. */
  teacher: Record<string, Uint8Array>;
  /** The student's config.json. */
  student: Record<string, unknown>;
  transfer: TransferSpec;
  heldoutText: string;
  options: DistillOptions;
  evalEvery: number;
  checkpointEvery: number;
  /** Greedy continuation of this prompt by the student at every checkpoint (and by the teacher once). */
  samplePrompt: string;
  sampleTokens: number;
  resume?: DistillCheckpoint;
}

export interface DistillSample {
  step: number;
  /** 'teacher' once at the start; 'student' at checkpoints. */
  by: 'teacher' | 'student';
  text: string;
}

export type DistillEvent =
  | { kind: 'status'; text: string; backend?: string }
  | { kind: 'step'; progress: DistillProgress }
  | { kind: 'held-out'; record: HeldOutRecord }
  | { kind: 'sample'; sample: DistillSample }
  | { kind: 'checkpoint'; checkpoint: DistillCheckpoint };

export interface DistillResult {
  summary: RunSummary;
  /** The student folder (transformers.js layout) when the budget was reached; null when paused. */
  folder: Record<string, Uint8Array> | null;
  backend: string;
}

export type TrainSchema = {
  distill: MethodSpec<DistillJob, DistillResult, DistillEvent>;
};
