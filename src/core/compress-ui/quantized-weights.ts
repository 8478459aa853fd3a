// The float weights a compressed graph really computes with, element by element, for the "after"
// histogram: a weight kept as a float initializer (pruned, fp16, untouched) is read as is; a weight
// the compressor replaced is found by the initializer names it writes (`<name>_Q4_3`,
// `<name>_quantized_7`: src/core/compress uniqueName) and dequantized from the stored integers:
//   MatMulNBits           w[k, n] = (code - zp) * scales[n * k_blocks + k / block_size] (* 1/s[k] with AWQ)
//   GatherBlockQuantized  w[v, h] = (code - zp) * scales[v, h / block_size]
//   DequantizeLinear      w[i]    = (x[i] - zp[c]) * scale[c], c the index along `axis` (or per tensor)
//   Cast + Mul            w[i]    = x[i] * scale broadcast (int8 fallback for opset < 13)
//   MatMulInteger         w[k, n] = (q[k, n] - zp[n]) * scale[n] (the Mul after it)
import { GraphIndex, int64ToNumber, isFloatDtype, tensorBytes, type ExternalDataResolver, type onnx } from '../onnx/index.ts';
import { readPackedCode, tensorAccess, type ElementReader } from './element-reader.ts';

export interface ReconstructedWeight {
  /** How the graph stores it, e.g. 'float16', 'MatMulNBits 4-bit, block 32'. */
  format: string;
  /** Logical shape of `read`'s flat index (row-major). */
  shape: number[];
  read: ElementReader;
}

type Node = onnx.INodeProto;

const QUANTIZED_SUFFIX = /_(?:Q[248]|quantized)_\d+$/;

function intAttr(node: Node, name: string, fallback: number): number {
  const attribute = (node.attribute ?? []).find((a) => a.name === name);
  return attribute ? int64ToNumber(attribute.i) : fallback;
}

function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

/** Index into a tensor of `dims` broadcast (numpy rules, right-aligned) against `target` at flat index i. */
function broadcastIndex(i: number, target: readonly number[], dims: readonly number[]): number {
  let index = 0;
  let stride = 1;
  let rest = i;
  for (let axis = target.length - 1, own = dims.length - 1; axis >= 0; axis--, own--) {
    const coordinate = rest % target[axis]!;
    rest = Math.floor(rest / target[axis]!);
    if (own < 0) continue;
    if (dims[own]! !== 1) index += coordinate * stride;
    stride *= dims[own]!;
  }
  return index;
}

class Reconstructor {
  readonly #index: GraphIndex;
  readonly #external: ExternalDataResolver | undefined;
  /** Original weight name -> the quantized initializer written for it. */
  readonly #replacements = new Map<string, string>();

  constructor(model: onnx.IModelProto, external?: ExternalDataResolver) {
    this.#index = new GraphIndex(model.graph ?? {});
    this.#external = external;
    for (const [name] of this.#index.initializers) {
      if (QUANTIZED_SUFFIX.test(name)) this.#replacements.set(name.replace(QUANTIZED_SUFFIX, ''), name);
    }
  }

  #access(name: string | undefined) {
    const tensor = name ? this.#index.initializers.get(name) : undefined;
    return tensor ? tensorAccess(tensor, this.#external) : null;
  }

  /** The quantized initializer that stands for `name`, with the node that reads it. */
  #replacement(name: string): { tensor: string; node: Node } | null {
    const tensor = this.#replacements.get(name);
    const node = tensor ? this.#index.consumersOf(tensor)[0] : undefined;
    return tensor && node ? { tensor, node } : null;
  }

  reconstruct(name: string): ReconstructedWeight | string {
    const own = this.#index.initializers.get(name);
    if (own) {
      const access = tensorAccess(own, this.#external);
      if (!isFloatDtype(access.dtype)) return `'${name}' is ${access.dtype}, not a float weight.`;
      return { format: access.dtype, shape: access.dims, read: access.read };
    }
    const found = this.#replacement(name);
    if (!found) return `'${name}' is no longer in the model, and no quantized form of it written by this tool was found.`;
    const { node } = found;
    const op = `${node.domain ? `${node.domain}.` : ''}${node.opType ?? ''}`;
    switch (node.opType) {
      case 'MatMulNBits':
        return this.#matMulNBits(node);
      case 'GatherBlockQuantized':
        return this.#gatherBlockQuantized(node);
      case 'DequantizeLinear':
        return this.#dequantizeLinear(node);
      case 'Cast':
        return this.#castAndMul(node, found.tensor);
      case 'MatMulInteger':
        return this.#matMulInteger(node);
      default:
        return `'${name}' is stored for ${op}, which this view cannot dequantize.`;
    }
  }

  #zeroPoint(name: string | undefined, rowBytes: number, bits: number): (row: number, block: number) => number {
    const zp = name ? this.#index.initializers.get(name) : undefined;
    if (!zp) return () => 1 << (bits - 1);
    const bytes = tensorBytes(zp, this.#external);
    return (row, block) => readPackedCode(bytes, row * rowBytes, block, bits);
  }

  #matMulNBits(node: Node): ReconstructedWeight | string {
    const [a, bName, scalesName, zpName] = node.input ?? [];
    const K = intAttr(node, 'K', 0);
    const N = intAttr(node, 'N', 0);
    const bits = intAttr(node, 'bits', 4);
    const blockSize = intAttr(node, 'block_size', 32);
    const B = this.#index.initializers.get(bName ?? '');
    const scales = this.#access(scalesName);
    if (!B || !scales || !(K > 0 && N > 0)) return 'MatMulNBits without constant weights.';
    const bytes = tensorBytes(B, this.#external);
    const kBlocks = Math.ceil(K / blockSize);
    const rowBytes = (kBlocks * blockSize * bits) / 8;
    const zeroPoint = this.#zeroPoint(zpName || undefined, Math.ceil((kBlocks * bits) / 8), bits);
    const awq = this.#awqScale(a ?? '', K);
    // Logical [K, N], as the MatMul weight it replaces.
    const read: ElementReader = (i) => {
      const k = Math.floor(i / N);
      const n = i % N;
      const block = Math.floor(k / blockSize);
      const code = readPackedCode(bytes, n * rowBytes, k, bits);
      const w = (code - zeroPoint(n, block)) * scales.read(n * kBlocks + block);
      return awq ? w * awq(k) : w;
    };
    return { format: `MatMulNBits ${bits}-bit, block ${blockSize}${zpName ? ', zero points' : ''}${awq ? ', AWQ' : ''}`, shape: [K, N], read };
  }

  /** AWQ divides the activation by s in a Mul in front (1/s a [K] constant): fold it back into the weight. */
  #awqScale(input: string, K: number): ElementReader | null {
    const producer = this.#index.producer(input);
    if (producer?.opType !== 'Mul') return null;
    const constant = (producer.input ?? []).find((name) => /_awq_input_scale_\d+$/.test(name));
    const access = this.#access(constant);
    return access && access.count === K ? access.read : null;
  }

  #gatherBlockQuantized(node: Node): ReconstructedWeight | string {
    const [dataName, , scalesName, zpName] = node.input ?? [];
    const data = this.#index.initializers.get(dataName ?? '');
    const scales = this.#access(scalesName);
    const bits = intAttr(node, 'bits', 4);
    const blockSize = intAttr(node, 'block_size', 128);
    if (!data || !scales || intAttr(node, 'gather_axis', 0) !== 0 || intAttr(node, 'quantize_axis', 1) !== 1) return 'GatherBlockQuantized with a layout this view does not read.';
    const [vocab = 0, rowBytes = 0] = (data.dims ?? []).map(int64ToNumber);
    const hidden = (rowBytes * 8) / bits;
    const blocks = Math.ceil(hidden / blockSize);
    const bytes = tensorBytes(data, this.#external);
    const zeroPoint = this.#zeroPoint(zpName || undefined, Math.ceil((blocks * bits) / 8), bits);
    const read: ElementReader = (i) => {
      const v = Math.floor(i / hidden);
      const h = i % hidden;
      const block = Math.floor(h / blockSize);
      return (readPackedCode(bytes, v * rowBytes, h, bits) - zeroPoint(v, block)) * scales.read(v * blocks + block);
    };
    return { format: `GatherBlockQuantized ${bits}-bit, block ${blockSize}${zpName ? ', zero points' : ''}`, shape: [vocab, hidden], read };
  }

  #dequantizeLinear(node: Node): ReconstructedWeight | string {
    const [xName, scaleName, zpName] = node.input ?? [];
    const x = this.#access(xName);
    const scale = this.#access(scaleName);
    const zp = this.#access(zpName || undefined);
    if (!x || !scale || intAttr(node, 'block_size', 0) > 0) return 'DequantizeLinear with a layout this view does not read.';
    const axis = (intAttr(node, 'axis', 1) + x.dims.length) % Math.max(1, x.dims.length);
    const perTensor = scale.count === 1;
    const inner = product(x.dims.slice(axis + 1));
    const channels = x.dims[axis] ?? 1;
    const read: ElementReader = (i) => {
      const c = perTensor ? 0 : Math.floor(i / inner) % channels;
      return (x.read(i) - (zp ? zp.read(c) : 0)) * scale.read(c);
    };
    return { format: `DequantizeLinear ${x.dtype}${perTensor ? ', per tensor' : ', per channel'}`, shape: x.dims, read };
  }

  #castAndMul(cast: Node, xName: string): ReconstructedWeight | string {
    const x = this.#access(xName);
    const mul = this.#index.consumersOf(cast.output?.[0] ?? '').find((node) => node.opType === 'Mul');
    const scale = this.#access(mul?.input?.find((name) => this.#index.initializers.has(name)));
    if (!x || !scale) return 'Cast without the Mul by a constant scale this view expects.';
    return { format: `${x.dtype} × scale (Cast + Mul)`, shape: x.dims, read: (i) => x.read(i) * scale.read(broadcastIndex(i, x.dims, scale.dims)) };
  }

  #matMulInteger(node: Node): ReconstructedWeight | string {
    const [, qName, , zpName] = node.input ?? [];
    const q = this.#access(qName);
    const zp = this.#access(zpName || undefined);
    // MatMulInteger -> Cast -> Mul(product, A_scale * W_scale): W_scale is the constant input of the inner Mul.
    const cast = this.#index.consumersOf(node.output?.[0] ?? '').find((next) => next.opType === 'Cast');
    const mul = this.#index.consumersOf(cast?.output?.[0] ?? '').find((next) => next.opType === 'Mul');
    const scales = mul?.input?.map((name) => this.#index.producer(name)).find((producer) => producer?.opType === 'Mul');
    const scale = this.#access(scales?.input?.find((name) => this.#index.initializers.has(name)));
    const [K = 0, N = 0] = q?.dims ?? [];
    if (!q || !scale || scale.count !== N) return 'MatMulInteger without the per-column scale this view expects.';
    const read: ElementReader = (i) => {
      const n = i % N;
      return (q.read(i) - (zp ? zp.read(n) : 0)) * scale.read(n);
    };
    return { format: `MatMulInteger ${q.dtype} (dynamic int8), per column`, shape: [K, N], read };
  }
}

/** Weights of a (compressed) model by the names they had before compression. */
export function weightReconstructor(model: onnx.IModelProto, external?: ExternalDataResolver): (name: string) => ReconstructedWeight | string {
  const reconstructor = new Reconstructor(model, external);
  return (name) => {
    try {
      return reconstructor.reconstruct(name);
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
}
