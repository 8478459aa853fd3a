// WebAssembly SIMD kernels for block quantization, emitted by wasm-assembler.ts. They compute
// exactly what block-quantize.ts's JavaScript reference computes (same float32 operations in the
// same order, so the bytes are identical); they exist because a scalar JS loop runs at about a fifth
// of memory-copy speed, four lanes at a time gets close to it.
//
// quant_<bits>_<sym|asym>(src, rows, blocks, blockSize, srcRowStride, dst, dstRowStride,
//                         scales, scaleRowStride, zeroPoints, zeroPointRowStride) -> i32
//   For each of `rows` rows of `blocks` full blocks of `blockSize` float32 (a multiple of 16) at
//   src + r * srcRowStride: one float32 scale at scales + r * scaleRowStride + 4j, one unpacked
//   zero-point byte at zeroPoints + r * zeroPointRowStride + j (asym), codes packed at
//   dst + r * dstRowStride (4-bit: two per byte, low nibble first). Strides are in bytes.
//   Returns 0, or 1 + (r * blocks + j) for the first block holding NaN or Infinity.
// transpose(src, rows, cols, dst): float32 [rows, cols] -> [cols, rows], rows a multiple of 4.
import { Code, F32, F64, I32, V128, assembleModule, type FunctionSpec } from './wasm-assembler.ts';
import type { QuantBits } from './validate.ts';

// core opcodes
const F32_STORE = 0x38, I32_LOAD = 0x28, I32_STORE = 0x36, I32_STORE8 = 0x3a;
const I32_LT_U = 0x49, I32_ADD = 0x6a, I32_MUL = 0x6c;
const F32_NE = 0x5c, F32_GT = 0x5e, F32_GE = 0x60, F32_NEG = 0x8c, F32_SUB = 0x93, F32_DIV = 0x95, F32_MIN = 0x96, F32_MAX = 0x97;
const F64_FLOOR = 0x9c, F64_ADD = 0xa0, F64_DIV = 0xa3, F64_PROMOTE = 0xbb, I32_TRUNC_SAT_F64_S = 0x02 /* after the 0xfc prefix: never traps */, F32_CONVERT_I32_S = 0xb2;
const I32_AND = 0x71, I32_OR = 0x72, I32_LE_S = 0x4c, I32_GE_S = 0x4e, F32_ADD = 0x92, SELECT = 0x1b, RETURN = 0x0f;
// SIMD opcodes
const V_LOAD = 0x00, V_STORE = 0x0b, V_STORE64_LANE = 0x5b, I8X16_SPLAT = 0x0f, I16_SPLAT = 0x10, F32X4_SPLAT = 0x13, F32X4_EXTRACT = 0x1f;
const V_AND = 0x4e, V_OR = 0x50, I8_NARROW_U = 0x66, I8X16_MIN_U = 0x77, I16_NARROW_U = 0x86, I16_SHR_U = 0x8d;
const F32X4_ADD = 0xe4, F32X4_MUL = 0xe6, I32X4_TRUNC_SAT_F32X4_S = 0xf8;
const F32X4_PMIN = 0xea, F32X4_PMAX = 0xeb, F32X4_NE = 0x42, V_ANY_TRUE = 0x53;

/** Smallest normal float32: smaller scales are flushed to 0 (their reciprocal would overflow). */
export const MIN_SCALE = 1.1754943508222875e-38;

// parameter and local slots of the quant functions
const P = { src: 0, rows: 1, blocks: 2, bs: 3, srcStride: 4, dst: 5, dstStride: 6, scales: 7, scaleStride: 8, zps: 9, zpStride: 10 };
const LOCALS = [
  ['r', I32], ['j', I32], ['p', I32], ['end', I32], ['q', I32], ['blockSrc', I32], ['scalePtr', I32], ['zpPtr', I32], ['zp', I32],
  ['max', F32], ['min', F32], ['s', F32],
  ['mx0', V128], ['mx1', V128], ['mn0', V128], ['mn1', V128], ['inv4', V128], ['off4', V128], ['c0', V128], ['c1', V128],
  ['lim', V128], ['lowByte', V128], ['nan', V128],
] as const;
type LocalName = (typeof LOCALS)[number][0];
const L = Object.fromEntries(LOCALS.map(([name], i) => [name, 11 + i])) as Record<LocalName, number>;
const LOCAL_TYPES = LOCALS.map(([, type]) => type);

function emitRange(c: Code): void {
  // Accumulators start at 0: the range always includes 0, as in the JS reference. pmax/pmin are
  // single instructions (the NaN-propagating max/min are not), so NaN is tracked separately.
  c.f32(0).simd(F32X4_SPLAT).tee(L.mx0).tee(L.mx1).tee(L.mn0).tee(L.mn1).set(L.nan);
  c.loop((c) => {
    for (const [offset, mx, mn] of [[0, L.mx0, L.mn0], [16, L.mx1, L.mn1], [32, L.mx0, L.mn0], [48, L.mx1, L.mn1]] as const) {
      c.get(L.p).simdMem(V_LOAD, 4, offset).set(L.c0);
      c.get(mx).get(L.c0).simd(F32X4_PMAX).set(mx);
      c.get(mn).get(L.c0).simd(F32X4_PMIN).set(mn);
      c.get(L.nan).get(L.c0).get(L.c0).simd(F32X4_NE).simd(V_OR).set(L.nan);
    }
    c.get(L.p).i32(64).op(I32_ADD).tee(L.p).get(L.end).op(I32_LT_U).brIf(0);
  });
  c.get(L.mx0).get(L.mx1).simd(F32X4_PMAX).set(L.mx0);
  c.get(L.mn0).get(L.mn1).simd(F32X4_PMIN).set(L.mn0);
  for (const [vec, out, op] of [[L.mx0, L.max, F32_MAX], [L.mn0, L.min, F32_MIN]] as const) {
    c.get(vec).simd(F32X4_EXTRACT, 0).get(vec).simd(F32X4_EXTRACT, 1).op(op);
    c.get(vec).simd(F32X4_EXTRACT, 2).get(vec).simd(F32X4_EXTRACT, 3).op(op).op(op).set(out);
  }
}

function emitFiniteCheck(c: Code): void {
  // NaN seen in the block, or max/min infinite (x - x is NaN, not 0, for +-Infinity)
  c.get(L.nan).simd(V_ANY_TRUE);
  c.get(L.max).get(L.max).op(F32_SUB).f32(0).op(F32_NE).op(I32_OR);
  c.get(L.min).get(L.min).op(F32_SUB).f32(0).op(F32_NE).op(I32_OR);
  c.ifThen((c) => {
    c.get(L.r).get(P.blocks).op(I32_MUL).get(L.j).op(I32_ADD).i32(1).op(I32_ADD).op(RETURN);
  });
}

function emitScale(c: Code, bits: QuantBits, symmetric: boolean): void {
  const mid = bits === 4 ? 8 : 128;
  const levels = bits === 4 ? 15 : 255;
  if (symmetric) {
    c.get(L.max).f32(mid - 1).op(F32_DIV).get(L.min).op(F32_NEG).f32(mid).op(F32_DIV).op(F32_MAX).set(L.s);
  } else {
    c.get(L.max).get(L.min).op(F32_SUB).f32(levels).op(F32_DIV).set(L.s);
  }
  // flush scales below the smallest normal float32 to 0
  c.get(L.s).f32(0).get(L.s).f32(MIN_SCALE).op(F32_GE).op(SELECT).set(L.s);
  c.get(L.scalePtr).get(L.s).mem(F32_STORE, 2, 0);
  if (symmetric) {
    c.i32(mid).set(L.zp);
  } else {
    // zp = s > 0 ? clamp(floor(-min / s + 0.5), 0, levels) : 0, in float64 like the JS reference
    c.get(L.min).op(F32_NEG).op(F64_PROMOTE).get(L.s).op(F64_PROMOTE).op(F64_DIV).f64(0.5).op(F64_ADD).op(F64_FLOOR).op(0xfc, I32_TRUNC_SAT_F64_S).set(L.zp);
    c.get(L.zp).i32(levels).get(L.zp).i32(levels).op(I32_LE_S).op(SELECT).set(L.zp);
    c.get(L.zp).i32(0).get(L.zp).i32(0).op(I32_GE_S).op(SELECT).set(L.zp);
    c.get(L.zp).i32(0).get(L.s).f32(0).op(F32_GT).op(SELECT).set(L.zp);
    c.get(L.zpPtr).get(L.zp).mem(I32_STORE8, 0, 0);
  }
  c.f32(1).get(L.s).op(F32_DIV).f32(0).get(L.s).f32(0).op(F32_GT).op(SELECT).simd(F32X4_SPLAT).set(L.inv4);
  c.get(L.zp).op(F32_CONVERT_I32_S).f32(0.5).op(F32_ADD).simd(F32X4_SPLAT).set(L.off4);
}

/**
 * codes of the 4 floats at p + offset: trunc(v * inv + zp + 0.5) as i32x4. Clamping happens after
 * narrowing: the unsigned saturating narrows map negatives to 0 and cap 8-bit codes at 255, and
 * 4-bit codes take an i8x16.min_u with 15 (the same clamps as the JS reference).
 */
function emitCodes(c: Code, offset: number): void {
  c.get(L.p).simdMem(V_LOAD, 4, offset).get(L.inv4).simd(F32X4_MUL).get(L.off4).simd(F32X4_ADD).simd(I32X4_TRUNC_SAT_F32X4_S);
}

function emitPack(c: Code, bits: QuantBits): void {
  c.loop((c) => {
    // 16 codes -> 16 bytes (one per lane) in c0
    emitCodes(c, 0);
    emitCodes(c, 16);
    c.simd(I16_NARROW_U);
    emitCodes(c, 32);
    emitCodes(c, 48);
    c.simd(I16_NARROW_U).simd(I8_NARROW_U).set(L.c0);
    if (bits === 8) {
      c.get(L.q).get(L.c0).simdMem(V_STORE, 4, 0);
      c.get(L.q).i32(16).op(I32_ADD).set(L.q);
    } else {
      // clamp to 15, then as 16-bit lanes e0 | e1 << 8 -> (x | x >> 4) & 0xff = e0 | e1 << 4
      c.get(L.c0).get(L.lim).simd(I8X16_MIN_U).tee(L.c0).get(L.c0).i32(4).simd(I16_SHR_U).simd(V_OR).get(L.lowByte).simd(V_AND).set(L.c1);
      c.get(L.q).get(L.c1).get(L.c1).simd(I8_NARROW_U).simdMem(V_STORE64_LANE, 0, 0, 0);
      c.get(L.q).i32(8).op(I32_ADD).set(L.q);
    }
    c.get(L.p).i32(64).op(I32_ADD).tee(L.p).get(L.end).op(I32_LT_U).brIf(0);
  });
}

function quantFunction(bits: QuantBits, symmetric: boolean): FunctionSpec {
  const c = new Code();
  c.i32(15).simd(I8X16_SPLAT).set(L.lim);
  c.i32(0x00ff).simd(I16_SPLAT).set(L.lowByte);
  c.i32(0).set(L.r);
  c.loop((c) => {
    c.get(P.src).get(L.r).get(P.srcStride).op(I32_MUL).op(I32_ADD).set(L.p);
    c.get(P.dst).get(L.r).get(P.dstStride).op(I32_MUL).op(I32_ADD).set(L.q);
    c.i32(0).set(L.j);
    c.loop((c) => {
      c.get(L.p).get(P.bs).i32(4).op(I32_MUL).op(I32_ADD).set(L.end);
      c.get(L.p).set(L.blockSrc);
      emitRange(c);
      emitFiniteCheck(c);
      c.get(P.scales).get(L.r).get(P.scaleStride).op(I32_MUL).op(I32_ADD).get(L.j).i32(4).op(I32_MUL).op(I32_ADD).set(L.scalePtr);
      c.get(P.zps).get(L.r).get(P.zpStride).op(I32_MUL).op(I32_ADD).get(L.j).op(I32_ADD).set(L.zpPtr);
      emitScale(c, bits, symmetric);
      c.get(L.blockSrc).set(L.p);
      emitPack(c, bits);
      c.get(L.j).i32(1).op(I32_ADD).tee(L.j).get(P.blocks).op(I32_LT_U).brIf(0);
    });
    c.get(L.r).i32(1).op(I32_ADD).tee(L.r).get(P.rows).op(I32_LT_U).brIf(0);
  });
  c.i32(0);
  return { name: `quant_${bits}_${symmetric ? 'sym' : 'asym'}`, params: new Array(11).fill(I32), results: [I32], locals: LOCAL_TYPES, body: c };
}

const SHUFFLE = 0x0d;
const lanes = (...floats: number[]): number[] => floats.flatMap((f) => [f * 4, f * 4 + 1, f * 4 + 2, f * 4 + 3]);

/**
 * float32 [rows, cols] -> [cols, rows], rows a multiple of 4: 4x4 tiles through registers with
 * shuffles, then a scalar loop for the last cols % 4 columns.
 */
function transposeFunction(): FunctionSpec {
  const [src, rows, cols, dst] = [0, 1, 2, 3];
  const [r, col, p, q, rowBytes, colBytes, cols4, a0, a1, a2, a3, t0, t1] = [4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];
  const c = new Code();
  c.get(cols).i32(4).op(I32_MUL).set(rowBytes);
  c.get(rows).i32(4).op(I32_MUL).set(colBytes);
  c.get(cols).i32(-4).op(I32_AND).set(cols4);
  c.get(cols4).ifThen((c) => {
    c.i32(0).set(r);
    c.loop((c) => {
      c.i32(0).set(col);
      c.get(src).get(r).get(rowBytes).op(I32_MUL).op(I32_ADD).set(p);
      c.get(dst).get(r).i32(4).op(I32_MUL).op(I32_ADD).set(q);
      c.loop((c) => {
        c.get(p).simdMem(V_LOAD, 2, 0).set(a0);
        c.get(p).get(rowBytes).op(I32_ADD).simdMem(V_LOAD, 2, 0).set(a1);
        c.get(p).get(rowBytes).i32(2).op(I32_MUL).op(I32_ADD).simdMem(V_LOAD, 2, 0).set(a2);
        c.get(p).get(rowBytes).i32(3).op(I32_MUL).op(I32_ADD).simdMem(V_LOAD, 2, 0).set(a3);
        // t0 = a0[0] a1[0] a0[1] a1[1], t1 = a0[2] a1[2] a0[3] a1[3]; a2/a3 likewise into a0/a1's slots
        c.get(a0).get(a1).simd(SHUFFLE, ...lanes(0, 4, 1, 5)).set(t0);
        c.get(a0).get(a1).simd(SHUFFLE, ...lanes(2, 6, 3, 7)).set(t1);
        c.get(a2).get(a3).simd(SHUFFLE, ...lanes(0, 4, 1, 5)).set(a0);
        c.get(a2).get(a3).simd(SHUFFLE, ...lanes(2, 6, 3, 7)).set(a1);
        c.get(q).get(t0).get(a0).simd(SHUFFLE, ...lanes(0, 1, 4, 5)).simdMem(V_STORE, 2, 0);
        c.get(q).get(colBytes).op(I32_ADD).get(t0).get(a0).simd(SHUFFLE, ...lanes(2, 3, 6, 7)).simdMem(V_STORE, 2, 0);
        c.get(q).get(colBytes).i32(2).op(I32_MUL).op(I32_ADD).get(t1).get(a1).simd(SHUFFLE, ...lanes(0, 1, 4, 5)).simdMem(V_STORE, 2, 0);
        c.get(q).get(colBytes).i32(3).op(I32_MUL).op(I32_ADD).get(t1).get(a1).simd(SHUFFLE, ...lanes(2, 3, 6, 7)).simdMem(V_STORE, 2, 0);
        c.get(p).i32(16).op(I32_ADD).set(p);
        c.get(q).get(colBytes).i32(4).op(I32_MUL).op(I32_ADD).set(q);
        c.get(col).i32(4).op(I32_ADD).tee(col).get(cols4).op(I32_LT_U).brIf(0);
      });
      c.get(r).i32(4).op(I32_ADD).tee(r).get(rows).op(I32_LT_U).brIf(0);
    });
  });
  c.get(cols4).get(cols).op(I32_LT_U).ifThen((c) => {
    c.get(cols4).set(col);
    c.loop((c) => {
      c.i32(0).set(r);
      c.get(src).get(col).i32(4).op(I32_MUL).op(I32_ADD).set(p);
      c.get(dst).get(col).get(colBytes).op(I32_MUL).op(I32_ADD).set(q);
      c.loop((c) => {
        c.get(q).get(p).mem(I32_LOAD, 2, 0).mem(I32_STORE, 2, 0);
        c.get(p).get(rowBytes).op(I32_ADD).set(p);
        c.get(q).i32(4).op(I32_ADD).set(q);
        c.get(r).i32(1).op(I32_ADD).tee(r).get(rows).op(I32_LT_U).brIf(0);
      });
      c.get(col).i32(1).op(I32_ADD).tee(col).get(cols).op(I32_LT_U).brIf(0);
    });
  });
  return { name: 'transpose', params: [I32, I32, I32, I32], results: [], locals: [I32, I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128], body: c };
}

export type QuantKernel = (src: number, rows: number, blocks: number, blockSize: number, srcRowStride: number, dst: number, dstRowStride: number, scales: number, scaleRowStride: number, zeroPoints: number, zeroPointRowStride: number) => number;

export interface SimdKernels {
  memory: WebAssembly.Memory;
  quant: (bits: QuantBits, symmetric: boolean) => QuantKernel;
  transpose: (src: number, rows: number, cols: number, dst: number) => void;
}

let cached: SimdKernels | null | undefined;
let enabled = true;

/** Drops the instance and its memory (which only grows while alive), e.g. after a compression run. */
export function releaseSimdKernels(): void {
  cached = undefined;
}

/** Turns the SIMD path off or on (tests compare it with the JS reference). */
export function setSimdEnabled(on: boolean): void {
  enabled = on;
}

/** The instantiated kernels, or null where WebAssembly SIMD is unavailable (or disabled). */
export function simdKernels(): SimdKernels | null {
  if (!enabled) return null;
  if (cached !== undefined) return cached;
  cached = null;
  if (typeof WebAssembly !== 'object') return null;
  const bytes = assembleModule([quantFunction(4, true), quantFunction(4, false), quantFunction(8, true), quantFunction(8, false), transposeFunction()], 1);
  if (!WebAssembly.validate(bytes)) return null;
  let instance: WebAssembly.Instance;
  try {
    // ~3.3 KB, under Chrome's 4 KB limit for synchronous compilation on the main thread
    instance = new WebAssembly.Instance(new WebAssembly.Module(bytes));
  } catch {
    return null; // e.g. a Content-Security-Policy without 'wasm-unsafe-eval': the JS path still works
  }
  const e = instance.exports as Record<string, unknown>;
  cached = {
    memory: e['memory'] as WebAssembly.Memory,
    quant: (bits, symmetric) => e[`quant_${bits}_${symmetric ? 'sym' : 'asym'}`] as QuantKernel,
    transpose: e['transpose'] as SimdKernels['transpose'],
  };
  return cached;
}
