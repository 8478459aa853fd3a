// A minimal WebAssembly binary writer: enough to emit the SIMD quantization kernels from readable
// TypeScript (simd-kernels.ts) instead of shipping an opaque .wasm blob. Opcodes follow the core
// spec (https://webassembly.github.io/spec/core/binary/) and the fixed-width SIMD proposal.

export const I32 = 0x7f;
export const I64 = 0x7e;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;
export type ValueType = typeof I32 | typeof I64 | typeof F32 | typeof F64 | typeof V128;

function uleb(value: number, out: number[]): void {
  let v = value >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
}

function sleb(value: number, out: number[]): void {
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return;
    }
    out.push(byte | 0x80);
  }
}

/** Instruction stream of one function body. Methods return `this` so bodies read like assembly. */
export class Code {
  readonly bytes: number[] = [];

  op(...bytes: number[]): this {
    this.bytes.push(...bytes);
    return this;
  }
  get(local: number): this {
    this.bytes.push(0x20);
    uleb(local, this.bytes);
    return this;
  }
  set(local: number): this {
    this.bytes.push(0x21);
    uleb(local, this.bytes);
    return this;
  }
  tee(local: number): this {
    this.bytes.push(0x22);
    uleb(local, this.bytes);
    return this;
  }
  i32(value: number): this {
    this.bytes.push(0x41);
    sleb(value, this.bytes);
    return this;
  }
  f32(value: number): this {
    const b = new Uint8Array(new Float32Array([value]).buffer);
    this.bytes.push(0x43, ...b);
    return this;
  }
  f64(value: number): this {
    const b = new Uint8Array(new Float64Array([value]).buffer);
    this.bytes.push(0x44, ...b);
    return this;
  }
  /** memory access: opcode, log2 alignment, byte offset */
  mem(opcode: number, align: number, offset = 0): this {
    this.bytes.push(opcode);
    uleb(align, this.bytes);
    uleb(offset, this.bytes);
    return this;
  }
  /** SIMD instruction (0xfd prefix) with its immediate bytes */
  simd(opcode: number, ...immediates: number[]): this {
    this.bytes.push(0xfd);
    uleb(opcode, this.bytes);
    this.bytes.push(...immediates);
    return this;
  }
  /** SIMD memory access with memarg, plus a lane index for the *_lane forms */
  simdMem(opcode: number, align: number, offset = 0, lane?: number): this {
    this.bytes.push(0xfd);
    uleb(opcode, this.bytes);
    uleb(align, this.bytes);
    uleb(offset, this.bytes);
    if (lane !== undefined) this.bytes.push(lane);
    return this;
  }
  /** `loop` with an empty block type; `body` must end by branching back (br_if 0) or falling out */
  loop(body: (c: this) => void): this {
    this.bytes.push(0x03, 0x40);
    body(this);
    this.bytes.push(0x0b);
    return this;
  }
  /** `if` on the i32 on the stack, empty block type */
  ifThen(body: (c: this) => void): this {
    this.bytes.push(0x04, 0x40);
    body(this);
    this.bytes.push(0x0b);
    return this;
  }
  brIf(depth: number): this {
    this.bytes.push(0x0d);
    uleb(depth, this.bytes);
    return this;
  }
}

export interface FunctionSpec {
  name: string;
  params: ValueType[];
  results: ValueType[];
  locals: ValueType[];
  body: Code;
}

function section(id: number, content: number[], out: number[]): void {
  out.push(id);
  uleb(content.length, out);
  out.push(...content);
}

function vector(items: number[][]): number[] {
  const out: number[] = [];
  uleb(items.length, out);
  for (const item of items) out.push(...item);
  return out;
}

/** A module with one exported memory ("memory", `minPages` pages of 64 KiB) and the exported functions. */
export function assembleModule(functions: FunctionSpec[], minPages: number): Uint8Array<ArrayBuffer> {
  const out = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(1, vector(functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), ...vector(f.results.map((t) => [t]))])), out);
  section(3, vector(functions.map((_, i) => { const b: number[] = []; uleb(i, b); return b; })), out);
  const memory: number[] = [0x00];
  uleb(minPages, memory);
  section(5, vector([memory]), out);
  const name = (s: string): number[] => { const b: number[] = []; const e = new TextEncoder().encode(s); uleb(e.length, b); b.push(...e); return b; };
  const exports = functions.map((f, i) => { const b = [...name(f.name), 0x00]; uleb(i, b); return b; });
  exports.push([...name('memory'), 0x02, 0x00]);
  section(7, vector(exports), out);
  const bodies = functions.map((f) => {
    const body: number[] = [];
    uleb(f.locals.length, body);
    for (const t of f.locals) body.push(0x01, t);
    body.push(...f.body.bytes, 0x0b);
    const sized: number[] = [];
    uleb(body.length, sized);
    return [...sized, ...body];
  });
  section(10, vector(bodies), out);
  return new Uint8Array(out);
}
