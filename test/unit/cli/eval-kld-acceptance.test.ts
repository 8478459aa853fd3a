// Acceptance (issue 11): `llm-lab eval <q4 variant> --baseline <teacher> --json` reports a KLD within
// 3% of a full-vocabulary KL computed independently: onnxruntime-web called directly on both .onnx
// files (no engine, no scoring code of the project), windows laid out by hand, every token of the
// vocabulary summed in float64. The q4 variant of the demo teacher is made with `llm-lab compress`
// in a temporary folder. Also: the teacher against itself gives KL ~0 and same top-1 100%.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import type { EvalReport } from '../../../src/cli/commands/eval-report.ts';
import { BpeTokenizer } from '../../../src/core/tokenizer/bpe-tokenizer.ts';
import { fromTokenizerJson } from '../../../src/core/tokenizer/tokenizer-json.ts';

const TEACHER = 'public/models/moby-llama-1m';
const CONTEXT = 128;
const STRIDE = 64;
/** About 700 tokens: several windows, seconds to score. */
const TEXT = readFileSync(join(TEACHER, 'heldout.txt'), 'utf8').slice(0, 2400);

async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd });
  return { code, stdout, stderr };
}

/** [n, V] logits of one no-cache pass, straight from onnxruntime-web. */
async function logitsOf(session: ort.InferenceSession, ids: readonly number[], config: { num_hidden_layers: number; num_key_value_heads: number; head_dim: number }): Promise<Float32Array> {
  const n = ids.length;
  const feeds: Record<string, ort.Tensor> = {
    input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, n]),
    attention_mask: new ort.Tensor('int64', new BigInt64Array(n).fill(1n), [1, n]),
    position_ids: new ort.Tensor('int64', BigInt64Array.from({ length: n }, (_, i) => BigInt(i)), [1, n]),
  };
  for (let l = 0; l < config.num_hidden_layers; l++) {
    for (const kind of ['key', 'value']) feeds[`past_key_values.${l}.${kind}`] = new ort.Tensor('float32', new Float32Array(0), [1, config.num_key_value_heads, 0, config.head_dim]);
  }
  const out = await session.run(feeds);
  return out.logits!.data as Float32Array;
}

function logSoftmax64(row: Float32Array): Float64Array {
  let max = -Infinity;
  for (const z of row) max = Math.max(max, z);
  let sum = 0;
  for (const z of row) sum += Math.exp(z - max);
  return Float64Array.from(row, (z) => z - max - Math.log(sum));
}

/** Mean KL(teacher || variant) over targets 1..n-1, windows of CONTEXT advancing by STRIDE (every target once). */
async function independentKl(teacher: ort.InferenceSession, variant: ort.InferenceSession, ids: number[], config: { vocab_size: number; num_hidden_layers: number; num_key_value_heads: number; head_dim: number }): Promise<{ kl: number; sameTop1: number }> {
  const V = config.vocab_size;
  let kl = 0;
  let same = 0;
  let scored = 0;
  let end = Math.min(CONTEXT, ids.length);
  let firstTarget = 1;
  for (;;) {
    const start = Math.max(0, end - CONTEXT);
    const [lp, lq] = [await logitsOf(teacher, ids.slice(start, end), config), await logitsOf(variant, ids.slice(start, end), config)];
    for (let t = firstTarget; t < end; t++, scored++) {
      const j = t - 1 - start;
      const [p, q] = [logSoftmax64(lp.subarray(j * V, (j + 1) * V)), logSoftmax64(lq.subarray(j * V, (j + 1) * V))];
      let [argP, argQ] = [0, 0];
      for (let i = 0; i < V; i++) {
        kl += Math.exp(p[i]!) * (p[i]! - q[i]!);
        if (p[i]! > p[argP]!) argP = i;
        if (q[i]! > q[argQ]!) argQ = i;
      }
      if (argP === argQ) same++;
    }
    if (end >= ids.length) break;
    firstTarget = end;
    end = Math.min(end + STRIDE, ids.length);
  }
  return { kl: kl / scored, sameTop1: same / scored };
}

describe('llm-lab eval: full-vocabulary KLD of a q4 variant (acceptance)', () => {
  let root: string;
  const previousCache = process.env.LLM_LAB_CACHE_DIR;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'llm-lab-kld-'));
    process.env.LLM_LAB_CACHE_DIR = join(root, 'cache');
    await mkdir(join(root, 'q4', 'onnx'), { recursive: true });
    for (const name of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) await copyFile(join(TEACHER, name), join(root, 'q4', name));
    const made = await cli(process.cwd(), 'compress', join(TEACHER, 'onnx/model.onnx'), '-o', join(root, 'q4/onnx/model.onnx'), '--quant', 'q4');
    expect(made.code, made.stderr).toBe(0);
    await writeFile(join(root, 'text.txt'), TEXT);
  });
  afterAll(async () => {
    if (previousCache === undefined) delete process.env.LLM_LAB_CACHE_DIR;
    else process.env.LLM_LAB_CACHE_DIR = previousCache;
    await rm(root, { recursive: true, force: true });
  });

  it('reports kld (kldMethod full) within 3% of the independent full-vocabulary KL; self-KL 0 and top-1 100%', async () => {
    const text = join(root, 'text.txt');
    const result = await cli(process.cwd(), 'eval', join(root, 'q4'), '--baseline', TEACHER, '--text', text, '--context', String(CONTEXT), '--json');
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as EvalReport;
    expect(report).toMatchObject({ kldMethod: 'full', pplMethod: 'strided', context: CONTEXT, stride: STRIDE });

    const config = JSON.parse(readFileSync(join(TEACHER, 'config.json'), 'utf8')) as { vocab_size: number; num_hidden_layers: number; num_key_value_heads: number; head_dim: number };
    const ids = new BpeTokenizer(fromTokenizerJson(JSON.parse(readFileSync(join(TEACHER, 'tokenizer.json'), 'utf8')))).encode(TEXT);
    expect(report.tokens).toBe(ids.length);
    ort.env.wasm.numThreads = 1;
    const teacher = await ort.InferenceSession.create(readFileSync(join(TEACHER, 'onnx/model.onnx')), { executionProviders: ['wasm'] });
    const variant = await ort.InferenceSession.create(readFileSync(join(root, 'q4/onnx/model.onnx')), { executionProviders: ['wasm'] });
    const expected = await independentKl(teacher, variant, ids, config);
    await Promise.all([teacher.release(), variant.release()]);
    expect(expected.kl).toBeGreaterThan(1e-3); // q4 really changes the model
    expect(Math.abs(report.kld! / expected.kl - 1)).toBeLessThan(0.03);
    expect(report.top1).toBeCloseTo(expected.sameTop1, 6);

    // The teacher against itself, its baseline now read from the CLI's cache.
    const self = JSON.parse((await cli(process.cwd(), 'eval', TEACHER, '--baseline', TEACHER, '--text', text, '--context', String(CONTEXT), '--json')).stdout) as EvalReport;
    expect(self.kldMethod).toBe('full');
    expect(self.kld!).toBeLessThan(1e-6);
    expect(self.top1).toBe(1);
  });
});
