// A tiny LLaMA model folder (transformers.js layout, our own BPE tokenizer, seeded random weights)
// written to a temp dir, the ONNX engine over it (files read from disk through file: URLs, as the
// CLI does), and an independent reference: onnxruntime-web run directly on the same .onnx bytes.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { OnnxEngine } from '../../../../../src/core/engines/onnx/engine.ts';
import type { VariantStore } from '../../../../../src/core/engines/onnx/model-source.ts';
import { llamaModelFolder } from '../../../../../src/core/models/hf-files.ts';
import type { LlamaConfig } from '../../../../../src/core/models/llama-config.ts';
import { randomLlamaWeights } from '../../../../../src/core/models/llama-weights.ts';
import { encodeOnnxModel } from '../../../../../src/core/models/onnx-graph.ts';
import { buildLlamaOnnx } from '../../../../../src/core/models/llama-onnx.ts';
import { createSession, makeTensor, runSession, type OrtSession } from '../../../../../src/core/runtime/ort.ts';
import { firstStepFeeds, decoderShapeFromConfig } from '../../../../../src/core/runtime/decoder-feeds.ts';
import { trainBpe } from '../../../../../src/core/tokenizer/bpe-trainer.ts';
import { TINY_CONFIG } from '../../models/tiny-llama.ts';

export const TEXT =
  'Call me Ishmael. Some years ago, never mind how long precisely, having little or no money in my purse, and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of the world. It is a way I have of driving off the spleen and regulating the circulation.';
export const ROLES = { bos: '<s>', eos: '</s>', pad: '<pad>' };
export const TOKENIZER = trainBpe([TEXT], { vocabSize: 320, specialTokens: [ROLES.bos, ROLES.eos, ROLES.pad] });

/** The tiny test LLaMA with this tokenizer's vocabulary and a longer context. */
export const CONFIG: LlamaConfig = { ...TINY_CONFIG, vocab_size: TOKENIZER.vocab.length, max_position_embeddings: 96 };

/** path -> bytes of a model folder; weights differ by seed, tokenizer and config do not. */
export function modelFiles(seed: number, config: LlamaConfig = CONFIG): Map<string, Uint8Array> {
  return llamaModelFolder({ config, weights: randomLlamaWeights(config, seed, { std: 0.2, randomNorms: true }), tokenizer: TOKENIZER, roles: ROLES });
}

export function onnxBytes(seed: number, config: LlamaConfig = CONFIG): Uint8Array {
  return encodeOnnxModel(buildLlamaOnnx(config, randomLlamaWeights(config, seed, { std: 0.2, randomNorms: true })));
}

/** A temp dir of model folders: `await pack.add('teacher', modelFiles(7))`. */
export class TempPack {
  readonly root: string;
  private constructor(root: string) {
    this.root = root;
  }
  static async create(): Promise<TempPack> {
    return new TempPack(await mkdtemp(join(tmpdir(), 'onnx-engine-')));
  }
  get url(): string {
    return pathToFileURL(`${this.root}/`).href;
  }
  folder(name: string): string {
    return join(this.root, name);
  }
  async add(name: string, files: ReadonlyMap<string, Uint8Array>): Promise<string> {
    for (const [path, bytes] of files) {
      const target = join(this.root, name, path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, bytes);
    }
    return this.folder(name);
  }
  remove(): Promise<void> {
    return rm(this.root, { recursive: true, force: true });
  }
}

/** fetch() over file: URLs; counts requests so tests can tell downloads from cache reads. */
export function diskFetch(): { fetch: (url: string) => Promise<Response>; requests: string[] } {
  const requests: string[] = [];
  return {
    requests,
    fetch: async (url: string) => {
      requests.push(url);
      try {
        return new Response(await readFile(fileURLToPath(url)));
      } catch {
        return new Response(null, { status: 404 });
      }
    },
  };
}

export function engineOver(pack: TempPack, variants?: VariantStore): OnnxEngine {
  return new OnnxEngine({ fetch: diskFetch().fetch, endpoints: { demoPackUrl: pack.url }, ...(variants ? { variants } : {}) });
}

/** The independent reference: [n, V] logits of one no-cache forward pass, straight from onnxruntime. */
export class ReferenceModel {
  private constructor(private readonly session: OrtSession, readonly vocabSize: number) {}
  static async open(bytes: Uint8Array, config: LlamaConfig = CONFIG): Promise<ReferenceModel> {
    const { session } = await createSession(bytes, 'wasm');
    return new ReferenceModel(session, config.vocab_size);
  }
  async logits(ids: readonly number[]): Promise<Float32Array> {
    const shape = decoderShapeFromConfig(CONFIG as unknown as Record<string, unknown>);
    const feeds = Object.fromEntries(Object.entries(firstStepFeeds(shape, ids)).map(([name, t]) => [name, makeTensor(t.dtype, t.data, t.dims)]));
    const output = await runSession(this.session, feeds, ['logits']);
    return output.logits!.data as Float32Array;
  }
  release(): Promise<void> {
    return this.session.release();
  }
}

/** log softmax(row) in float64. */
export function logSoftmax(row: ArrayLike<number>): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < row.length; i++) max = Math.max(max, row[i]!);
  let sum = 0;
  for (let i = 0; i < row.length; i++) sum += Math.exp(row[i]! - max);
  const logSum = max + Math.log(sum);
  return Float64Array.from({ length: row.length }, (_, i) => row[i]! - logSum);
}

/** log softmax(row)[target] in float64. */
export function logProb(row: ArrayLike<number>, target: number): number {
  return logSoftmax(row)[target]!;
}
