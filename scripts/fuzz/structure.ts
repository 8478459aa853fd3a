// Structural mutations of a decoded ONNX model for the fuzzer: shapes that overflow, dtypes that do
// not match their data, graphs with cycles and dangling names, attributes of the wrong type, deep
// subgraph nesting, and external-data entries that try to leave the model's folder or read past a
// file. Each takes a freshly decoded model (it may be changed in place) and returns it.
import type { SeededRandom } from '../../src/core/models/seeded-random.ts';
import { onnx } from '../../src/core/onnx/proto.ts';
import { pickOne } from './mutations.ts';

export type StructureMutation = (model: onnx.ModelProto, random: SeededRandom) => onnx.ModelProto;

const HUGE_DIMS = [2 ** 31, 2 ** 32 + 1, 2 ** 53, -1, -7, 0, 1e9, 3];
const DTYPES = [0, 1, 2, 3, 6, 7, 8, 9, 10, 11, 16, 17, 19, 21, 22, 23, 24, 25, 99, -1, 2 ** 30];
const ATTRIBUTE_TYPES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 77];
const HUGE_INTS = [2 ** 31, -(2 ** 31), 2 ** 53, -1, 0, 1e15, 3];

// Locations that point outside the model's folder, at odd names, or at a file that is too short.
const EXTERNAL_LOCATIONS = ['/etc/passwd', '../secret.bin', 'a/../../b.bin', '..\\..\\win.ini', 'C:\\Windows\\win.ini', 'file:///etc/passwd',
  'w.onnx_data/../../x', '', '\u0000', 'w.onnx_data', 'w.onnx_data', 'missing.bin', 'a'.repeat(5000), 'sub/dir/w.onnx_data'];
const EXTERNAL_NUMBERS = ['0', '-1', '1e30', 'abc', '99999999999999999999', '4294967296', '16', '0x10', ' 8', '9007199254740993'];

function initializers(model: onnx.ModelProto): onnx.ITensorProto[] {
  return model.graph?.initializer ?? [];
}

function someInitializer(model: onnx.ModelProto, random: SeededRandom): onnx.ITensorProto | undefined {
  const list = initializers(model);
  return list.length ? pickOne(list, random) : undefined;
}

function nodes(model: onnx.ModelProto): onnx.INodeProto[] {
  return model.graph?.node ?? [];
}

/** Two nodes drawn at random (possibly the same one), or none when the graph has fewer than two. */
function twoNodes(model: onnx.ModelProto, random: SeededRandom): [onnx.INodeProto?, onnx.INodeProto?] {
  const list = nodes(model);
  return list.length < 2 ? [] : [pickOne(list, random), pickOne(list, random)];
}

function nestedIf(depth: number): onnx.IGraphProto {
  let graph: onnx.IGraphProto = { name: 'leaf', node: [] };
  for (let i = 0; i < depth; i++) {
    const branch = onnx.AttributeProto.create({ name: 'then_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: graph });
    graph = { name: `level${i}`, node: [{ opType: 'If', input: ['cond'], output: [`o${i}`], attribute: [branch] }] };
  }
  return graph;
}

export const STRUCTURE_MUTATIONS: Record<string, StructureMutation> = {
  hugeDims: (model, random) => {
    const tensor = someInitializer(model, random);
    if (tensor) tensor.dims = Array.from({ length: 1 + random.int(4) }, () => pickOne(HUGE_DIMS, random));
    const value = model.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0];
    if (value) value.dimValue = pickOne(HUGE_DIMS, random);
    return model;
  },
  wrongDtype: (model, random) => {
    const tensor = someInitializer(model, random);
    if (tensor) tensor.dataType = pickOne(DTYPES, random);
    return model;
  },
  dataLengthMismatch: (model, random) => {
    const tensor = someInitializer(model, random);
    if (!tensor) return model;
    const raw = tensor.rawData ?? new Uint8Array();
    if (random.next() < 0.5) tensor.rawData = raw.subarray(0, random.int(raw.length + 1));
    else {
      tensor.rawData = new Uint8Array();
      tensor.floatData = Array.from({ length: random.int(9) }, () => random.normal());
      if (random.next() < 0.5) tensor.int64Data = [1, 2, 3];
      if (random.next() < 0.3) tensor.stringData = [new Uint8Array([65])];
    }
    return model;
  },
  cycle: (model, random) => {
    const [a, b] = twoNodes(model, random);
    if (!a || !b) return model;
    if (a.output?.[0] && b.input?.length) b.input[0] = a.output[0];
    if (b.output?.[0] && a.input?.length) a.input[0] = b.output[0];
    return model;
  },
  duplicateNames: (model, random) => {
    const [a, b] = twoNodes(model, random);
    if (a?.output?.length && b?.output?.length) b.output[0] = a.output[0]!;
    const tensor = someInitializer(model, random);
    const other = someInitializer(model, random);
    if (tensor && other) other.name = tensor.name ?? '';
    return model;
  },
  danglingNames: (model, random) => {
    const node = nodes(model).length ? pickOne(nodes(model), random) : undefined;
    if (node?.input?.length) node.input[random.int(node.input.length)] = pickOne(['', 'nowhere', '\u0000', 'x'.repeat(10_000)], random);
    if (model.graph?.output?.[0]) model.graph.output[0].name = pickOne(['', 'nowhere'], random);
    return model;
  },
  wrongAttributes: (model, random) => {
    const node = nodes(model).length ? pickOne(nodes(model), random) : undefined;
    if (!node) return model;
    for (const attribute of node.attribute ?? []) {
      if (random.next() < 0.5) attribute.type = pickOne(ATTRIBUTE_TYPES, random);
      if (random.next() < 0.5) attribute.i = pickOne(HUGE_INTS, random);
      if (random.next() < 0.3) attribute.ints = [pickOne(HUGE_INTS, random)];
    }
    node.attribute = [...(node.attribute ?? []), { name: pickOne(['K', 'N', 'bits', 'block_size', 'axis', 'to', 'perm'], random), i: pickOne(HUGE_INTS, random), type: pickOne(ATTRIBUTE_TYPES, random) }];
    if (random.next() < 0.3) node.opType = pickOne(['MatMulNBits', 'GatherBlockQuantized', 'DequantizeLinear', 'Loop', 'If', '', 'Unknown'], random);
    if (random.next() < 0.3) node.domain = pickOne(['com.microsoft', 'ai.onnx.ml', 'evil', ''], random);
    return model;
  },
  deepNesting: (model, random) => {
    const depth = pickOne([50, 500, 5_000], random);
    const node = { opType: 'If', input: ['cond'], output: ['deep'], attribute: [{ name: 'else_branch', type: onnx.AttributeProto.AttributeType.GRAPH, g: nestedIf(depth) }] };
    model.graph?.node?.push(onnx.NodeProto.create(node));
    return model;
  },
  opsets: (model, random) => {
    model.opsetImport = random.next() < 0.3 ? [] : [{ domain: pickOne(['', 'com.microsoft', 'x'], random), version: pickOne(HUGE_INTS, random) }];
    if (random.next() < 0.5) model.irVersion = pickOne(HUGE_INTS, random);
    if (random.next() < 0.2) model.graph = null;
    return model;
  },
  externalData: (model, random) => {
    const tensor = someInitializer(model, random);
    if (!tensor) return model;
    tensor.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    if (random.next() < 0.5) tensor.rawData = new Uint8Array();
    const entries: onnx.IStringStringEntryProto[] = [{ key: 'location', value: pickOne(EXTERNAL_LOCATIONS, random) }];
    if (random.next() < 0.7) entries.push({ key: 'offset', value: pickOne(EXTERNAL_NUMBERS, random) });
    if (random.next() < 0.7) entries.push({ key: 'length', value: pickOne(EXTERNAL_NUMBERS, random) });
    if (random.next() < 0.2) entries.push({ key: 'location', value: pickOne(EXTERNAL_LOCATIONS, random) });
    if (random.next() < 0.1) entries.splice(0, 1);
    tensor.externalData = entries;
    return model;
  },
};

export const STRUCTURE_MUTATION_NAMES = Object.keys(STRUCTURE_MUTATIONS);
