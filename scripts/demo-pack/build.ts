// Builds the offline demo pack: tokenizer, teacher training (tfjs), ONNX export, held-out
// evaluation and greedy samples with onnxruntime, manifest. Returns path -> bytes for the whole pack;
// deterministic for a given step count (seeded init and batches, single-threaded kernels).
import { llamaHfConfig, jsonBytes, llamaModelFolder } from '../../src/core/models/hf-files.ts';
import { greedyGenerate } from '../../src/core/models/llama-runner.ts';
import { createSession } from '../../src/core/runtime/ort.ts';
import { BpeTokenizer } from '../../src/core/tokenizer/bpe-tokenizer.ts';
import { trainBpe } from '../../src/core/tokenizer/bpe-trainer.ts';
import { useTrainBackend, type TrainBackend } from '../../src/core/train/tf.ts';
import { trainLlama, type TrainProgress } from '../../src/core/train/trainer.ts';
import { calibrationExcerpt, corpusInfo, excerpt, loadMobyDick, splitCorpus } from './corpus.ts';
import { slidingPerplexity, unigramPerplexity } from './evaluate.ts';
import { buildIndex, buildManifest } from './manifest.ts';
import * as pack from './pack-config.ts';

export interface BuildOptions {
  steps: number;
  backend: TrainBackend;
  log: (message: string) => void;
  onProgress?: (progress: TrainProgress) => void;
}

export async function buildDemoPack(options: BuildOptions): Promise<Map<string, Uint8Array>> {
  const { log } = options;
  const split = splitCorpus(loadMobyDick(), pack.HELDOUT_FRACTION);
  log(`corpus: ${split.train.length} training documents, ${split.heldout.length} held out (${split.heldout.map((d) => d.id).join(', ')})`);

  const specials = [pack.SPECIAL_TOKENS.bos, pack.SPECIAL_TOKENS.eos, pack.SPECIAL_TOKENS.pad];
  const tokenizerModel = trainBpe(
    split.train.map((doc) => doc.text),
    { vocabSize: pack.VOCAB_SIZE, specialTokens: specials },
  );
  const tokenizer = new BpeTokenizer(tokenizerModel);
  const trainTokens = Int32Array.from(tokenizer.encode(split.trainText));
  const heldoutTokens = tokenizer.encode(split.heldoutText);
  const excerptText = excerpt(split.heldoutText, pack.EXCERPT_MAX_BYTES);
  const excerptTokens = tokenizer.encode(excerptText);
  const calibration = calibrationExcerpt(split, pack.CALIBRATION_FIRST_DOCUMENT, pack.CALIBRATION_MAX_BYTES);
  log(`tokenizer: ${tokenizer.vocabSize} tokens; ${trainTokens.length} training tokens, ${heldoutTokens.length} held-out tokens`);

  await useTrainBackend(options.backend);
  const trainOptions = pack.teacherTrainOptions(options.steps);
  const result = await trainLlama(pack.TEACHER_CONFIG, trainTokens, trainOptions, { onProgress: options.onProgress });
  const tail = result.losses.slice(-Math.min(20, result.losses.length));
  const finalLoss = tail.reduce((a, b) => a + b, 0) / tail.length;

  const folder = llamaModelFolder({ config: pack.TEACHER_CONFIG, weights: result.weights, tokenizer: tokenizerModel, roles: pack.SPECIAL_TOKENS });
  const { session } = await createSession(folder.get('onnx/model.onnx')!, 'wasm');
  const heldoutPpl = await slidingPerplexity(session, pack.TEACHER_CONFIG, heldoutTokens, pack.CONTEXT_LENGTH, pack.EVAL_STRIDE);
  const excerptPpl = await slidingPerplexity(session, pack.TEACHER_CONFIG, excerptTokens, pack.CONTEXT_LENGTH, pack.EVAL_STRIDE);
  const heldoutUnigram = unigramPerplexity(trainTokens, heldoutTokens, pack.VOCAB_SIZE);
  const excerptUnigram = unigramPerplexity(trainTokens, excerptTokens, pack.VOCAB_SIZE);
  log(`held-out perplexity ${heldoutPpl.perplexity.toFixed(2)} (unigram ${heldoutUnigram.perplexity.toFixed(2)})`);

  const samples: Array<{ prompt: string; continuation: string }> = [];
  for (const prompt of pack.SAMPLE_PROMPTS) {
    const ids = await greedyGenerate(session, pack.TEACHER_CONFIG, tokenizer.encode(prompt), pack.SAMPLE_NEW_TOKENS);
    samples.push({ prompt, continuation: tokenizer.decode(ids) });
  }
  await session.release();

  const files = new Map(folder);
  files.set('student-config.json', jsonBytes(llamaHfConfig(pack.STUDENT_CONFIG)));
  const excerptBytes = new TextEncoder().encode(`${excerptText}\n`);
  files.set('heldout.txt', excerptBytes);
  const calibrationBytes = new TextEncoder().encode(`${calibration.text}\n`);
  files.set('calibration.txt', calibrationBytes);
  const manifest = buildManifest({
    name: pack.MODEL_NAME,
    config: pack.TEACHER_CONFIG,
    student: pack.STUDENT_CONFIG,
    training: { ...trainOptions, tokensSeen: result.tokensSeen, trainTokens: trainTokens.length, finalLoss, backend: options.backend },
    tokenizer: { vocabSize: tokenizer.vocabSize, merges: tokenizerModel.merges.length, specialTokens: { ...pack.SPECIAL_TOKENS } },
    corpus: corpusInfo(),
    split,
    heldout: { tokens: heldoutTokens.length, perplexity: heldoutPpl, unigram: heldoutUnigram, context: pack.CONTEXT_LENGTH, stride: pack.EVAL_STRIDE },
    excerpt: { file: 'heldout.txt', bytes: excerptBytes.length, tokens: excerptTokens.length, perplexity: excerptPpl, unigram: excerptUnigram },
    calibration: { file: 'calibration.txt', documents: calibration.documents, bytes: calibrationBytes.length, tokens: tokenizer.encode(calibration.text).length },
    samples,
    files,
  });
  files.set('manifest.json', jsonBytes(manifest));

  const out = new Map<string, Uint8Array>();
  let bytes = 0;
  for (const [path, data] of files) {
    out.set(`${pack.MODEL_NAME}/${path}`, data);
    bytes += data.length;
  }
  out.set('index.json', jsonBytes(buildIndex([{ name: pack.MODEL_NAME, role: 'teacher', manifest, bytes }])));
  return out;
}
