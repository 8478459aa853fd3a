// `llm-lab compress <in.onnx> -o <out.onnx> [--quant ...] [--prune ...] [--recipe file.json]`:
// runs the compression pipeline on a model file (its external data read from its folder, written
// next to -o as <out>.onnx_data when the input had external data or the output is large), then
// prints a table of tensors and a summary line, or with --json the report as one JSON object.
import { resolve } from 'node:path';
import { compressModel } from '../../core/compress/compress.ts';
import { parseRecipe } from '../../core/compress/recipe.ts';
import { decodeModel } from '../../core/onnx/index.ts';
import { UsageError } from '../args.ts';
import type { CliCommand } from '../command.ts';
import { loadModelFile } from '../model-files.ts';
import { calibrationFromText, externalDataName, externalFilesOf, readRecipeText, writeOutputFiles } from './compress-files.ts';
import { hasRecipeFlags, recipeFromFlags } from './compress-recipe.ts';
import { renderCompressReport } from './compress-text.ts';

export const compressCommand: CliCommand = {
  name: 'compress',
  summary: 'quantize and/or prune an ONNX model (fp16, int8, q4, q8, q8dyn; magnitude, wanda, neurons)',
  args: {
    positionals: [{ name: 'in.onnx', description: 'the model to compress (external data files are read from its folder)', required: true }],
    options: {
      output: { type: 'string', short: 'o', valueName: 'out.onnx', description: 'where to write the compressed model (external data goes next to it)' },
      quant: { type: 'string', valueName: 'method', description: 'fp16 | int8 | q4 | q8 | q8dyn' },
      block: { type: 'string', valueName: 'N', description: 'q4/q8 block size: 16, 32 (default), 64 or 128' },
      asym: { type: 'boolean', description: 'q4/q8/q8dyn: asymmetric (stored zero points)' },
      awq: { type: 'boolean', description: 'q4: activation-aware scaling (needs --calib)' },
      embeddings: { type: 'boolean', description: 'q4/q8: also quantize embedding tables (GatherBlockQuantized, WebGPU only)' },
      include: { type: 'string', valueName: 'pattern', repeatable: true, description: 'only tensors whose name matches this regular expression (repeatable)' },
      exclude: { type: 'string', valueName: 'pattern', repeatable: true, description: 'leave tensors whose name matches this regular expression (repeatable), e.g. lm_head' },
      'min-size': { type: 'string', valueName: 'N', description: 'leave tensors with fewer than N weights' },
      prune: { type: 'string', valueName: 'method', description: 'magnitude | wanda (needs --calib) | neurons' },
      sparsity: { type: 'string', valueName: 'F', description: 'share of weights (or MLP neurons) to remove, 0 to 0.95' },
      pattern: { type: 'string', valueName: 'P', description: 'unstructured (default) | 2:4 | 4:8' },
      calib: { type: 'string', valueName: 'text.txt', description: "calibration text for --awq and wanda, tokenized with the model's tokenizer.json" },
      recipe: { type: 'string', valueName: 'recipe.json', description: 'a recipe file instead of the flags above' },
      json: { type: 'boolean', description: 'print the report as one JSON object' },
    },
  },
  async run(args, io) {
    const outputArg = args.string('output');
    if (!outputArg) throw new UsageError('missing -o <out.onnx>');
    const recipePath = args.string('recipe');
    if (recipePath && hasRecipeFlags(args)) throw new UsageError('--recipe replaces --quant, --prune and their options; give one or the other');
    const recipe = recipePath ? parseRecipe(readRecipeText(recipePath, io.cwd), recipePath) : recipeFromFlags(args);
    const file = loadModelFile(args.positional(0), io.cwd);
    const outputPath = resolve(io.cwd, outputArg);
    if (outputPath === file.path) throw new UsageError('-o must name a new file, not the input model');
    const externalData = externalFilesOf(decodeModel(file.bytes, { name: file.shown }), file);
    const calibPath = args.string('calib');
    const calibration = calibPath ? await calibrationFromText(calibPath, io.cwd, file, externalData) : null;
    const result = await compressModel({ model: file.bytes, externalData, name: file.shown }, recipe, { calibration, externalDataLocation: externalDataName(outputPath) });
    const written = writeOutputFiles(outputPath, result.model, result.externalData);
    const { report } = result;
    if (args.flag('json')) {
      const json = { ...report, input: { ...report.input, file: file.path }, output: { ...report.output, file: outputPath, externalData: written.slice(1) } };
      io.stdout(JSON.stringify(json, (_, value: unknown) => (value === Infinity ? 'Infinity' : value)) + '\n');
      return;
    }
    io.stdout(renderCompressReport(report, written));
  },
};
