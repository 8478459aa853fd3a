// `llm-lab plan <config.json | folder | model.onnx | web-llm model id> --dtype <fmt> --context <tokens>
// [--batch N] [--device <target>] [--server] [--json]`: memory (weights as stored, KV cache,
// workspace), the largest tensor, and with --device the roofline decode speed there. --server adds
// the vLLM plan per server GPU. The model of each figure: docs/planner.md.
import { FORMAT_IDS, buildPlanReport, DEPLOYMENT_TARGETS, findTarget, planMemory, serverPlans, type FormatId } from '../../core/plan/index.ts';
import { UsageError, type ParsedArgs } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { printCatalogueCheck } from './plan-catalogue.ts';
import { measureThisMachine } from './plan-measure.ts';
import { resolvePlanSource } from './plan-source.ts';
import { renderPlanText } from './plan-text.ts';

const DEFAULT_CONTEXT = 4096;

function wholeNumber(args: ParsedArgs, name: string): number | undefined {
  const raw = args.string(name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new UsageError(`--${name} must be a number of tokens, got '${raw}'`);
  return value; // range checks (and the message naming the field) are the planner's
}

function formatArg(args: ParsedArgs): FormatId {
  const raw = args.string('dtype') ?? 'fp16';
  if (!(FORMAT_IDS as string[]).includes(raw)) throw new UsageError(`--dtype must be one of ${FORMAT_IDS.join(', ')}; got '${raw}'`);
  return raw as FormatId;
}

export const planCommand: CliCommand = {
  name: 'plan',
  summary: 'plan memory (weights, KV cache, workspace) and decode speed of a model on a device or a GPU server',
  args: {
    positionals: [{ name: 'model', description: 'config.json, a model folder, an .onnx file, or a web-llm model id', required: false }],
    options: {
      dtype: { type: 'string', valueName: 'format', description: `weight format: ${FORMAT_IDS.join(' | ')} (default fp16; web-llm ids and .onnx files use their own)` },
      context: { type: 'string', valueName: 'tokens', description: `KV cache length per sequence (default: web-llm's window, else ${DEFAULT_CONTEXT})` },
      batch: { type: 'string', valueName: 'N', description: 'concurrent sequences (default 1)' },
      device: { type: 'string', valueName: 'name', description: 'a deployment target (name or unique part of it) for the predicted decode speed' },
      server: { type: 'boolean', description: 'add the vLLM plan for every server GPU' },
      measure: { type: 'boolean', description: 'ONNX models: microbenchmark this machine and run the model on wasm: predicted vs measured decode tok/s' },
      catalogue: { type: 'boolean', description: "no model: our estimate beside vram_required_MB for every web-llm catalogue model" },
      json: { type: 'boolean', description: 'print one JSON object' },
    },
  },
  async run(args, io) {
    if (args.flag('catalogue')) return printCatalogueCheck(io, args.flag('json'));
    if (!args.positional(0)) throw new UsageError('give a model (config.json, folder, .onnx or web-llm id), or --catalogue');
    const dtype = formatArg(args);
    const source = await resolvePlanSource(args.positional(0), io.cwd, dtype);
    const context = wholeNumber(args, 'context') ?? source.defaultContext ?? DEFAULT_CONTEXT;
    const plan = planMemory(source.facts, { context, batch: wholeNumber(args, 'batch') ?? 1 }, source.architecture?.maxContext);
    const deviceName = args.string('device');
    const target = deviceName === undefined ? null : findTarget(deviceName);
    const report = buildPlanReport({ model: source.model, dtype: source.dtype, facts: source.facts, plan, target, webllmVramRequiredMB: source.webllmVramRequiredMB, warnings: source.warnings });
    const servers = args.flag('server') ? serverPlans(DEPLOYMENT_TARGETS, source.facts, plan, { context: plan.context, model: source.model }) : null;
    if (args.flag('measure') && !source.facts.source.startsWith('ONNX')) throw new UsageError('--measure runs the model: give an .onnx file or a folder with onnx/model.onnx');
    const thisMachine = args.flag('measure') ? await measureThisMachine(source.onnxPath!, io.cwd, plan) : null;
    if (args.flag('json')) {
      const server = servers?.map((s) => ({ gpu: s.target.name, ...s, target: undefined }));
      io.stdout(JSON.stringify({ ...report, ...(server ? { server } : {}), ...(thisMachine ? { thisMachine } : {}) }, null, 2) + '\n');
      return;
    }
    io.stdout(renderPlanText(report, servers, thisMachine));
  },
};
