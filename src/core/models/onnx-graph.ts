// A small builder for ONNX graphs as onnx-proto objects: typed inputs/outputs with symbolic dims,
// float32/int64 initializers stored as raw little-endian bytes, and nodes with unique output names.
// `encodeOnnxModel` is the one place that serializes; it will move to src/core/onnx's encoder.
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
export type ModelProto = onnxProto.onnx.ModelProto;

export type Dim = number | string;
export type ElementType = 'float32' | 'int64' | 'bool';

const DATA_TYPES: Record<ElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
  bool: onnx.TensorProto.DataType.BOOL,
};

export type AttributeValue = number | number[] | string | { float: number } | { tensor: onnxProto.onnx.ITensorProto };

function valueInfo(name: string, type: ElementType, dims: readonly Dim[]): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: DATA_TYPES[type],
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

function attribute(name: string, value: AttributeValue): onnxProto.onnx.IAttributeProto {
  const types = onnx.AttributeProto.AttributeType;
  if (typeof value === 'number') return { name, type: types.INT, i: value };
  if (typeof value === 'string') return { name, type: types.STRING, s: new TextEncoder().encode(value) };
  if (Array.isArray(value)) return { name, type: types.INTS, ints: value };
  if ('float' in value) return { name, type: types.FLOAT, f: value.float };
  return { name, type: types.TENSOR, t: value.tensor };
}

function rawBytes(data: Float32Array | BigInt64Array | Uint8Array): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export class GraphBuilder {
  readonly #nodes: onnxProto.onnx.INodeProto[] = [];
  readonly #initializers: onnxProto.onnx.ITensorProto[] = [];
  readonly #inputs: onnxProto.onnx.IValueInfoProto[] = [];
  readonly #outputs: onnxProto.onnx.IValueInfoProto[] = [];
  readonly #names = new Set<string>();
  readonly #constants = new Map<string, string>();

  input(name: string, type: ElementType, dims: readonly Dim[]): string {
    this.#inputs.push(valueInfo(name, type, dims));
    this.#names.add(name);
    return name;
  }

  output(name: string, type: ElementType, dims: readonly Dim[]): void {
    this.#outputs.push(valueInfo(name, type, dims));
  }

  /** Adds a float32 initializer (little-endian raw data, as every runtime we target is). */
  floatInitializer(name: string, data: Float32Array, dims: readonly number[]): string {
    this.#initializers.push({ name, dataType: DATA_TYPES.float32, dims: [...dims], rawData: rawBytes(data) });
    this.#names.add(name);
    return name;
  }

  /** A shared int64 constant (reshape targets, axes, scalars); equal values are stored once. */
  int64Constant(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const key = `i64:${dims.join('x')}:${values.join(',')}`;
    const known = this.#constants.get(key);
    if (known) return known;
    const name = `/model/constants/int64_${this.#constants.size}`;
    const data = BigInt64Array.from(values, (v) => BigInt(v));
    this.#initializers.push({ name, dataType: DATA_TYPES.int64, dims: [...dims], rawData: rawBytes(data) });
    this.#constants.set(key, name);
    return name;
  }

  /** A shared float32 scalar constant (shape []). */
  floatScalar(value: number): string {
    const key = `f32:${value}`;
    const known = this.#constants.get(key);
    if (known) return known;
    const name = `/model/constants/float_${this.#constants.size}`;
    this.#initializers.push({ name, dataType: DATA_TYPES.float32, dims: [], rawData: rawBytes(Float32Array.of(value)) });
    this.#constants.set(key, name);
    return name;
  }

  /** Adds a node named `name`; its single output is `${name}/output_0` unless `outputs` is given. */
  node(opType: string, name: string, inputs: readonly string[], attributes: Record<string, AttributeValue> = {}, outputs?: readonly string[]): string {
    if (this.#names.has(name)) throw new Error(`Duplicate node name ${name} in the graph builder.`);
    this.#names.add(name);
    const outs = outputs ? [...outputs] : [`${name}/output_0`];
    this.#nodes.push({
      name,
      opType,
      input: [...inputs],
      output: outs,
      attribute: Object.entries(attributes).map(([key, value]) => attribute(key, value)),
    });
    return outs[0]!;
  }

  build(graphName: string, opset: number): ModelProto {
    // fromObject (not create) so nested messages are real instances, as after decoding a file.
    return onnx.ModelProto.fromObject({
      irVersion: 8,
      producerName: 'llm-deployment-lab',
      producerVersion: '0.1.0',
      opsetImport: [{ domain: '', version: opset }],
      graph: {
        name: graphName,
        node: this.#nodes,
        initializer: this.#initializers,
        input: this.#inputs,
        output: this.#outputs,
      },
    });
  }
}

/** Serializes a model to ONNX protobuf bytes. */
export function encodeOnnxModel(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}
