// `llm-lab inspect <model.onnx> [--json] [--all]`: what is inside an ONNX model. External data
// files are read from the model's folder. --json prints the InspectReport as one JSON object.
import { decodeModel } from '../../core/onnx/codec.ts';
import { inspectModel } from '../../core/onnx/inspect.ts';
import type { CliCommand } from '../command.ts';
import { loadModelFile } from '../model-files.ts';
import { renderInspectReport } from './inspect-text.ts';

export const inspectCommand: CliCommand = {
  name: 'inspect',
  summary: 'show the inputs, operators, parameters and weight statistics of an ONNX model',
  args: {
    positionals: [{ name: 'model.onnx', description: 'the model file (its external data files are read from the same folder)', required: true }],
    options: {
      json: { type: 'boolean', description: 'print one JSON object instead of tables' },
      all: { type: 'boolean', description: `list every initializer, not only the largest` },
    },
  },
  async run(args, io) {
    const file = loadModelFile(args.positional(0), io.cwd);
    const model = decodeModel(file.bytes, { name: file.shown });
    const report = inspectModel(model, { externalData: file.externalData });
    if (args.flag('json')) {
      io.stdout(JSON.stringify({ file: file.name, fileBytes: file.bytes.length, ...report }, null, 2) + '\n');
      return;
    }
    io.stdout(renderInspectReport(report, file.name, file.bytes.length, args.flag('all')));
  },
};
