// `llm-lab distill --teacher <model dir> --student-config <config.json> [--transfer <text file> |
// --generate <prompts file | count>] --steps N [...] -o <out dir> [--json]`: trains a student from
// the ONNX teacher with the KD loss (TF.js, wasm backend) and writes it as a model folder in
// transformers.js layout with the teacher's tokenizer. The final held-out figures are measured on
// the exported ONNX student by `llm-lab eval` itself (run in-process), so they are the same numbers
// that command prints for the folder.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Distiller } from '../../core/distill/distiller.ts';
import { TransferSetError } from '../../core/distill/errors.ts';
import { HeldOutEvaluator } from '../../core/distill/held-out.ts';
import { runDistillation, type DistillProgress } from '../../core/distill/run.ts';
import { buildTransferSet, loadTeacher, studentConfigFrom, studentFolder, TEACHER_FILES, unconditionalPrompts, type TransferSpec } from '../../core/distill/setup.ts';
import { InvalidArgumentError } from '../../core/errors.ts';
import { tf, useTrainBackend } from '../../core/train/tf.ts';
import { parseArgs, UsageError, type ParsedArgs } from '../args.ts';
import type { CliCommand, CliIo } from '../command.ts';
import { distillOptionsFrom, DISTILL_ARGS, samplingFrom } from './distill-options.ts';
import type { EvalReport } from './eval-report.ts';
import { evalCommand } from './eval.ts';

async function readOptional(path: string): Promise<Uint8Array | undefined> {
  return readFile(path).then((b) => new Uint8Array(b), () => undefined);
}

async function readRequired(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new InvalidArgumentError(`Cannot read ${what} ${path}: no such file or not readable.`);
  }
}

async function readTeacherFolder(folder: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const path of [...TEACHER_FILES, 'heldout.txt']) {
    const bytes = await readOptional(join(folder, path));
    if (bytes) files.set(path, bytes);
  }
  return files;
}

async function transferSpec(args: ParsedArgs, cwd: string, seed: number): Promise<TransferSpec> {
  const transfer = args.string('transfer');
  const generate = args.string('generate');
  if ((transfer === undefined) === (generate === undefined)) throw new UsageError('give exactly one of --transfer <text file> or --generate <prompts file | count>');
  if (transfer !== undefined) return { kind: 'text', text: await readRequired(resolve(cwd, transfer), 'the transfer text') };
  const sampling = samplingFrom(args, seed);
  if (/^\d+$/.test(generate!)) return { kind: 'generate', prompts: unconditionalPrompts(Number(generate)), sampling };
  const prompts = (await readRequired(resolve(cwd, generate!), 'the prompts file')).split('\n').filter((line) => line.trim().length > 0);
  if (prompts.length === 0) throw new TransferSetError(`The prompts file ${generate} has no non-empty line; write one prompt per line.`);
  return { kind: 'generate', prompts, sampling };
}

/** Runs `llm-lab eval <student> --text <heldout> --baseline <teacher> --json` in this process. */
async function evalStudent(student: string, heldout: string, teacher: string, cwd: string): Promise<EvalReport> {
  let out = '';
  const io: CliIo = { stdout: (text) => void (out += text), stderr: () => {}, cwd };
  await evalCommand.run(parseArgs([student, '--text', heldout, '--baseline', teacher, '--json'], evalCommand.args), io);
  return JSON.parse(out) as EvalReport;
}

function progressLine(p: DistillProgress): string {
  const eta = Number.isFinite(p.etaMs) ? `${Math.round(p.etaMs / 1000)} s` : '?';
  return `step ${p.step}/${p.steps}  total ${p.total.toFixed(4)}  soft ${p.soft.toFixed(4)}  hard ${p.hard.toFixed(4)}  lr ${p.learningRate.toExponential(2)}  ${Math.round(p.tokensPerSecond)} tok/s  eta ${eta}\n`;
}

export const distillCommand: CliCommand = {
  name: 'distill',
  summary: 'train a small student from an ONNX teacher by knowledge distillation (soft + hard loss) and export it',
  args: DISTILL_ARGS,
  async run(args, io) {
    const teacherArg = args.string('teacher');
    const studentArg = args.string('student-config');
    const outArg = args.string('out');
    if (!teacherArg) throw new UsageError('missing --teacher <model dir>');
    if (!studentArg) throw new UsageError('missing --student-config <config.json>');
    if (!outArg) throw new UsageError('missing -o <out dir>');
    const options = distillOptionsFrom(args);
    const teacherDir = resolve(io.cwd, teacherArg);
    const outDir = resolve(io.cwd, outArg);
    const teacherFiles = await readTeacherFolder(teacherDir);
    const studentPath = resolve(io.cwd, studentArg);
    const studentJson = JSON.parse(await readRequired(studentPath, 'the student config')) as Record<string, unknown>;
    const studentTokenizer = await readOptional(join(dirname(studentPath), 'tokenizer.json'));
    const decoder = new TextDecoder();
    const tokenizers = { teacher: teacherFiles.get('tokenizer.json') && decoder.decode(teacherFiles.get('tokenizer.json')), student: studentTokenizer && decoder.decode(studentTokenizer) };
    const spec = await transferSpec(args, io.cwd, options.seed);

    await useTrainBackend('wasm');
    const loaded = await loadTeacher(teacherFiles);
    const student = studentConfigFrom(studentJson, loaded.config, options.contextLength, tokenizers);
    io.stderr(spec.kind === 'generate' ? `generating ${spec.prompts.length} teacher completions...\n` : 'tokenizing the transfer text...\n');
    const transfer = await buildTransferSet(loaded, spec, { onCompletion: (done, total) => done % 10 === 0 && io.stderr(`  ${done}/${total} completions\n`) });
    let tokens = transfer.tokens;
    let heldoutText: string;
    if (args.string('heldout')) heldoutText = await readRequired(resolve(io.cwd, args.string('heldout')!), 'the held-out text');
    else if (teacherFiles.has('heldout.txt')) heldoutText = decoder.decode(teacherFiles.get('heldout.txt'));
    else if (spec.kind === 'text') {
      // The last 10% of the transfer text is held out and not trained on.
      const cut = Math.floor(tokens.length * 0.9);
      heldoutText = loaded.tokenizer.decode(Array.from(tokens.subarray(cut)));
      tokens = tokens.slice(0, cut);
    } else throw new UsageError('give --heldout <text file>: the teacher folder has no heldout.txt to measure the student on');
    io.stderr(`transfer set: ${transfer.description}\n`);

    const distiller = new Distiller(student, options, loaded.teacher, tokens);
    const heldOut = new HeldOutEvaluator(loaded.teacher, Int32Array.from(loaded.tokenizer.encode(heldoutText)), options.contextLength);
    let peakRss = process.memoryUsage().rss;
    let peakTensorBytes = 0;
    let last: DistillProgress | undefined;
    const summary = await runDistillation(distiller, {
      heldOut,
      evalEvery: Math.max(1, Math.floor(options.steps / 10)),
      onProgress: (p) => {
        last = p;
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
        peakTensorBytes = Math.max(peakTensorBytes, tf.memory().numBytes);
        if (p.step === 1 || p.step % Math.max(1, Math.floor(options.steps / 20)) === 0 || p.step === p.steps) io.stderr(progressLine(p));
      },
      onHeldOut: (r) => io.stderr(`  held-out (TF.js, step ${r.step}): ppl ${r.ppl.toFixed(2)}  KL to teacher ${r.kldToTeacher.toFixed(4)}  top-1 ${(r.top1 * 100).toFixed(1)}%\n`),
    });
    const weights = distiller.exportWeights();
    distiller.dispose();
    await loaded.teacher.session.release();

    const report = {
      teacher: teacherArg,
      studentConfig: studentArg,
      out: outArg,
      transfer: { kind: spec.kind, description: transfer.description, tokens: tokens.length, windows: distiller.order.windows },
      options,
      backend: 'wasm',
      steps: summary.steps,
      final: summary.final ? { total: summary.final.total, soft: summary.final.soft, hard: summary.final.hard } : null,
      elapsedMs: summary.elapsedMs,
      tokensPerSecond: summary.tokensPerSecond,
      stepsPerSecond: summary.stepsPerSecond,
      teacherCacheBytes: last?.teacherCacheBytes ?? 0,
      peakRssBytes: peakRss,
      peakTensorBytes,
      liveHeldOut: summary.heldOut,
    };
    await mkdir(outDir, { recursive: true });
    for (const [path, bytes] of studentFolder(student, weights, teacherFiles, report)) {
      await mkdir(dirname(join(outDir, path)), { recursive: true });
      await writeFile(join(outDir, path), bytes);
    }
    await writeFile(join(outDir, 'heldout.txt'), heldoutText);
    io.stderr('measuring the exported student with llm-lab eval...\n');
    const evaluation = await evalStudent(outDir, join(outDir, 'heldout.txt'), teacherDir, io.cwd);
    const result = {
      ...report,
      ppl: evaluation.ppl,
      kldToTeacher: evaluation.kld ?? null,
      top1: evaluation.top1 ?? null,
      teacherPpl: evaluation.baseline?.ppl ?? null,
      eval: { text: 'heldout.txt', context: evaluation.context, stride: evaluation.stride, scored: evaluation.scored, method: 'llm-lab eval (sliding window)' },
    };
    await writeFile(join(outDir, 'distill.json'), `${JSON.stringify(result, null, 2)}\n`);
    if (args.flag('json')) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
    else {
      io.stdout(`student written to ${outArg} after ${summary.steps} steps (${Math.round(summary.tokensPerSecond)} tokens/s)\n`);
      io.stdout(`held-out ppl ${evaluation.ppl.toFixed(3)} (teacher ${evaluation.baseline?.ppl.toFixed(3)}), KL to teacher ${evaluation.kld?.toFixed(4)}, same top-1 ${((evaluation.top1 ?? 0) * 100).toFixed(1)}%\n`);
    }
  },
};
