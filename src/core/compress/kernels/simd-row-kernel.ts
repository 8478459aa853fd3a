// The row kernel: blocks that lie contiguous in memory (a Gemm weight stored [N, K] ('nk'), an
// embedding table's rows). A block's range is a horizontal max/min over its lanes; its scale and
// zero point are scalar, with the reference's float32 and float64 rules.
//
// quant_<bits>_<sym|asym>(src, rows, blocks, blockSize, srcRowStride, dst, dstRowStride, scales,
//                         scaleRowStride, zeroPoints, zeroPointRowStride, stats)
//   For each of `rows` rows of `blocks` full blocks of `blockSize` float32 (a multiple of 16) at
//   src + r * srcRowStride: one float32 scale at scales + r * scaleRowStride + 4j, one zero-point
//   byte at zeroPoints + r * zeroPointRowStride + j (asym), codes packed at dst + r * dstRowStride
//   (4-bit: two per byte, low nibble first). Strides are in bytes. The error sums are added to the
//   three float64 at `stats`; NaN or Infinity in a block makes the signal sum non-finite. The
//   source blocks are overwritten: their codes wait there for the packing pass.
import type { QuantBits } from './validate.ts';
import { Code, F32, I32, V128, type FunctionSpec } from './wasm-assembler.ts';
import { Locals, MIN_SCALE, emitBlockFlush, emitCodeAndError, emitFlush, emitInit, emitSplatConst, emitSplitScale, quantLocals, type QuantLocals } from './simd-common.ts';
import {
  F32_ADD,
  F32_CONVERT_I32_S,
  F32_DIV,
  F32_GE,
  F32_GT,
  F32_MAX,
  F32_MIN,
  F32_NEG,
  F32_STORE,
  F32_SUB,
  F32X4_EXTRACT,
  F32X4_PMAX,
  F32X4_PMIN,
  F32X4_SPLAT,
  F64_ADD,
  F64_DIV,
  F64_FLOOR,
  F64_PROMOTE_F32,
  I16X8_SHR_U,
  I16X8_SPLAT,
  I32_ADD,
  I32_GE_S,
  I32_LE_S,
  I32_LT_U,
  I32_MUL,
  I32_STORE8,
  I32_TRUNC_SAT_F64_S,
  I8X16_NARROW_I16X8_U,
  SELECT,
  SHUFFLE,
  V_AND,
  V_LOAD,
  V_OR,
  V_STORE,
  V_STORE64_LANE,
} from './simd-opcodes.ts';

const P = { src: 0, rows: 1, blocks: 2, bs: 3, srcStride: 4, dst: 5, dstStride: 6, scales: 7, scaleStride: 8, zps: 9, zpStride: 10, stats: 11 };
/** Low byte of each lane of two vectors: a0 a1 a2 a3 b0 b1 b2 b3 (then don't-care). */
const LOW_BYTES = [0, 4, 8, 12, 16, 20, 24, 28, 0, 4, 8, 12, 16, 20, 24, 28];
const JOIN_HALVES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];

interface RowLocals {
  r: number;
  j: number;
  p: number;
  end: number;
  q: number;
  blockSrc: number;
  max: number;
  min: number;
  s: number;
  zp: number;
  mx0: number;
  mx1: number;
  mn0: number;
  mn1: number;
  t: [number, number, number, number];
  lowByte: number;
}

function emitRange(c: Code, R: RowLocals, L: QuantLocals): void {
  // Accumulators start at 0: the range always includes 0, as in the JS reference. pmax/pmin are
  // single instructions (the NaN-propagating max/min are not); NaN and Infinity show up in the
  // signal sum instead, which the caller checks.
  emitSplatConst(c, 0);
  c.tee(R.mx0).tee(R.mx1).tee(R.mn0).set(R.mn1);
  c.loop((c) => {
    for (const [offset, mx, mn] of [[0, R.mx0, R.mn0], [16, R.mx1, R.mn1], [32, R.mx0, R.mn0], [48, R.mx1, R.mn1]] as const) {
      c.get(R.p).simdMem(V_LOAD, 4, offset).set(L.v);
      c.get(mx).get(L.v).simd(F32X4_PMAX).set(mx);
      c.get(mn).get(L.v).simd(F32X4_PMIN).set(mn);
    }
    c.get(R.p).i32(64).op(I32_ADD).tee(R.p).get(R.end).op(I32_LT_U).brIf(0);
  });
  c.get(R.mx0).get(R.mx1).simd(F32X4_PMAX).set(R.mx0);
  c.get(R.mn0).get(R.mn1).simd(F32X4_PMIN).set(R.mn0);
  for (const [vec, out, op] of [[R.mx0, R.max, F32_MAX], [R.mn0, R.min, F32_MIN]] as const) {
    c.get(vec).simd(F32X4_EXTRACT, 0).get(vec).simd(F32X4_EXTRACT, 1).op(op);
    c.get(vec).simd(F32X4_EXTRACT, 2).get(vec).simd(F32X4_EXTRACT, 3).op(op).op(op).set(out);
  }
}

/** Scalar scale and zero point of the block, stored; then the lane constants the coder reads. */
function emitScale(c: Code, bits: QuantBits, symmetric: boolean, R: RowLocals, L: QuantLocals): void {
  const mid = bits === 4 ? 8 : 128;
  const levels = bits === 4 ? 15 : 255;
  if (symmetric) {
    c.get(R.max).f32(mid - 1).op(F32_DIV).get(R.min).op(F32_NEG).f32(mid).op(F32_DIV).op(F32_MAX).set(R.s);
  } else {
    c.get(R.max).get(R.min).op(F32_SUB).f32(levels).op(F32_DIV).set(R.s);
  }
  // flush scales below the smallest normal float32 to 0
  c.get(R.s).f32(0).get(R.s).f32(MIN_SCALE).op(F32_GE).op(SELECT).set(R.s);
  c.get(P.scales).get(R.r).get(P.scaleStride).op(I32_MUL).op(I32_ADD).get(R.j).i32(4).op(I32_MUL).op(I32_ADD);
  c.get(R.s).mem(F32_STORE, 2, 0);
  if (symmetric) {
    c.i32(mid).set(R.zp);
  } else {
    // zp = s > 0 ? clamp(floor(-min / s + 0.5), 0, levels) : 0, in float64 like the JS reference
    c.get(R.min).op(F32_NEG).op(F64_PROMOTE_F32).get(R.s).op(F64_PROMOTE_F32).op(F64_DIV).f64(0.5).op(F64_ADD).op(F64_FLOOR).op(0xfc, I32_TRUNC_SAT_F64_S).set(R.zp);
    c.get(R.zp).i32(levels).get(R.zp).i32(levels).op(I32_LE_S).op(SELECT).set(R.zp);
    c.get(R.zp).i32(0).get(R.zp).i32(0).op(I32_GE_S).op(SELECT).set(R.zp);
    c.get(R.zp).i32(0).get(R.s).f32(0).op(F32_GT).op(SELECT).set(R.zp);
    c.get(P.zps).get(R.r).get(P.zpStride).op(I32_MUL).op(I32_ADD).get(R.j).op(I32_ADD);
    c.get(R.zp).mem(I32_STORE8, 0, 0);
  }
  c.f32(1).get(R.s).op(F32_DIV).f32(0).get(R.s).f32(0).op(F32_GT).op(SELECT).simd(F32X4_SPLAT).set(L.inv);
  c.get(R.zp).op(F32_CONVERT_I32_S).simd(F32X4_SPLAT).set(L.zpf);
  c.get(R.zp).op(F32_CONVERT_I32_S).f32(0.5).op(F32_ADD).simd(F32X4_SPLAT).set(L.off);
  c.get(R.s).simd(F32X4_SPLAT);
  emitSplitScale(c, L);
}

/**
 * The block's codes: first four weights at a time, codes (+ 2^23) written back over the weights in
 * staging; then 16 at a time, their low bytes gathered in order (8-bit) or as nibble pairs (4-bit).
 */
function emitPack(c: Code, bits: QuantBits, symmetric: boolean, R: RowLocals, L: QuantLocals): void {
  const [t0, t1, t2, t3] = R.t;
  c.loop((c) => {
    c.get(R.p).get(R.p).simdMem(V_LOAD, 4, 0).set(L.v);
    emitCodeAndError(c, L, !symmetric);
    c.simdMem(V_STORE, 4, 0);
    c.get(R.p).i32(16).op(I32_ADD).tee(R.p).get(R.end).op(I32_LT_U).brIf(0);
  });
  c.get(R.blockSrc).set(R.p);
  c.loop((c) => {
    [t0, t1, t2, t3].forEach((t, i) => c.get(R.p).simdMem(V_LOAD, 4, 16 * i).set(t));
    c.get(t0).get(t1).simd(SHUFFLE, ...LOW_BYTES).get(t2).get(t3).simd(SHUFFLE, ...LOW_BYTES).simd(SHUFFLE, ...JOIN_HALVES).set(t0);
    if (bits === 8) {
      c.get(R.q).get(t0).simdMem(V_STORE, 0, 0);
      c.get(R.q).i32(16).op(I32_ADD).set(R.q);
    } else {
      // as 16-bit lanes e0 | e1 << 8 -> (x | x >> 4) & 0xff = e0 | e1 << 4
      c.get(t0).get(t0).i32(4).simd(I16X8_SHR_U).simd(V_OR).get(R.lowByte).simd(V_AND).set(t0);
      c.get(R.q).get(t0).get(t0).simd(I8X16_NARROW_I16X8_U).simdMem(V_STORE64_LANE, 0, 0, 0);
      c.get(R.q).i32(8).op(I32_ADD).set(R.q);
    }
    c.get(R.p).i32(64).op(I32_ADD).tee(R.p).get(R.end).op(I32_LT_U).brIf(0);
  });
}

export function rowKernel(bits: QuantBits, symmetric: boolean): FunctionSpec {
  const locals = new Locals(12);
  const L = quantLocals(locals);
  const { r, j, p, end, q, blockSrc, zp } = locals.group(['r', 'j', 'p', 'end', 'q', 'blockSrc', 'zp'], I32);
  const { max, min, s } = locals.group(['max', 'min', 's'], F32);
  const { mx0, mx1, mn0, mn1, lowByte, t0, t1, t2, t3 } = locals.group(['mx0', 'mx1', 'mn0', 'mn1', 'lowByte', 't0', 't1', 't2', 't3'], V128);
  const R: RowLocals = { r, j, p, end, q, blockSrc, max, min, s, zp, mx0, mx1, mn0, mn1, t: [t0, t1, t2, t3], lowByte };
  const c = new Code();
  emitInit(c, L, bits === 4 ? 15 : 255);
  c.i32(0x00ff).simd(I16X8_SPLAT).set(lowByte);
  c.i32(0).set(r);
  c.loop((c) => {
    c.get(P.src).get(r).get(P.srcStride).op(I32_MUL).op(I32_ADD).set(p);
    c.get(P.dst).get(r).get(P.dstStride).op(I32_MUL).op(I32_ADD).set(q);
    c.i32(0).set(j);
    c.loop((c) => {
      c.get(p).get(P.bs).i32(4).op(I32_MUL).op(I32_ADD).set(end);
      c.get(p).set(blockSrc);
      emitRange(c, R, L);
      emitScale(c, bits, symmetric, R, L);
      c.get(blockSrc).set(p);
      emitPack(c, bits, symmetric, R, L);
      emitBlockFlush(c, L);
      c.get(j).i32(1).op(I32_ADD).tee(j).get(P.blocks).op(I32_LT_U).brIf(0);
    });
    c.get(r).i32(1).op(I32_ADD).tee(r).get(P.rows).op(I32_LT_U).brIf(0);
  });
  emitFlush(c, L, P.stats);
  return { name: `quant_${bits}_${symmetric ? 'sym' : 'asym'}`, params: new Array(12).fill(I32), results: [], locals: locals.types, body: c };
}
