// The column kernel: one block-row strip of a MatMul weight stored [K, N] ('kn'), quantized along K
// without transposing it. Lanes are four adjacent output columns n..n+3, so a block's range, scale
// and zero point come out of plain vertical max/min for four blocks at once (no horizontal
// reduction), and each row of the strip is one load. Codes are then regrouped per column by byte
// shuffles: 4 bytes per column per group of rows (8 rows for 4-bit, 4 for 8-bit).
//
// quantcol_<bits>_<sym|asym>(src, cols, srcRowStride, blockSize, dst, dstRowStride, scales,
//                            scaleRowStride, zeroPoints, zeroPointRowStride, stats)
//   The strip: blockSize rows of `cols` float32 (cols a multiple of 4) at src + k * srcRowStride.
//   Column n writes its blob at dst + n * dstRowStride, its float32 scale at scales + n *
//   scaleRowStride and (asym) its zero-point byte at zeroPoints + n * zeroPointRowStride; the error
//   sums are added to the three float64 at `stats` (simd-common.ts). NaN or Infinity in the strip
//   makes the signal sum non-finite, which the caller checks (simd-quantize.ts). The strip is
//   overwritten: each row's codes wait there for the packing pass.
import type { QuantBits } from './validate.ts';
import { Code, I32, V128, type FunctionSpec } from './wasm-assembler.ts';
import { Locals, MIN_SCALE, emitBlockFlush, emitCodeAndError, emitFlush, emitInit, emitSplatConst, emitSplitScale, quantLocals, type QuantLocals } from './simd-common.ts';
import {
  F32X4_ADD,
  F32X4_CONVERT_I32X4_S,
  F32X4_DIV,
  F32X4_GE,
  F32X4_GT,
  F32X4_MAX,
  F32X4_NEG,
  F32X4_PMAX,
  F32X4_PMIN,
  F32X4_SPLAT,
  F32X4_SUB,
  F64X2_ADD,
  F64X2_DIV,
  F64X2_FLOOR,
  F64X2_PROMOTE_LOW,
  F64X2_SPLAT,
  HIGH_HALF,
  I32_ADD,
  I32_LT_U,
  I32_MUL,
  I32X4_MAX_S,
  I32X4_MIN_S,
  I32X4_SHL,
  I32X4_SPLAT,
  I32X4_TRUNC_SAT_F64X2_S_ZERO,
  SHUFFLE,
  V_AND,
  V_LOAD,
  V_OR,
  V_STORE,
  V_STORE32_LANE,
  V_STORE8_LANE,
  lanes32,
} from './simd-opcodes.ts';

const P = { src: 0, cols: 1, srcStride: 2, bs: 3, dst: 4, dstStride: 5, scales: 6, scaleStride: 7, zps: 8, zpStride: 9, stats: 10 };
/** Low byte of each lane of two vectors, interleaved: a0 b0 a1 b1 a2 b2 a3 b3 (then don't-care). */
const PAIR_BYTES = [0, 16, 4, 20, 8, 24, 12, 28, 0, 16, 4, 20, 8, 24, 12, 28];
/** Two byte pairs per column from two vectors: column j gets x[2j], x[2j+1], y[2j], y[2j+1]. */
const QUAD_BYTES = [0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23];

export function columnKernel(bits: QuantBits, symmetric: boolean): FunctionSpec {
  const locals = new Locals(11);
  const L = quantLocals(locals);
  const { n, p, pk, end, base, q0, q1, q2, q3, sp, zpp } = locals.group(['n', 'p', 'pk', 'end', 'base', 'q0', 'q1', 'q2', 'q3', 'sp', 'zpp'], I32);
  const { mx0, mx1, mn0, mn1, s4, zp4, tmp, w0, w1, w2, w3 } = locals.group(['mx0', 'mx1', 'mn0', 'mn1', 's4', 'zp4', 'tmp', 'w0', 'w1', 'w2', 'w3'], V128);
  const levels = bits === 4 ? 15 : 255;
  const mid = bits === 4 ? 8 : 128;
  const c = new Code();
  emitInit(c, L, levels);
  c.i32(0).set(n);
  c.get(P.src).set(p);
  c.get(P.dst).set(base);
  c.get(P.scales).set(sp);
  c.get(P.zps).set(zpp);
  c.loop((c) => {
    // range of four blocks (one per lane), two accumulators each to halve the dependency chains
    emitSplatConst(c, 0);
    c.tee(mx0).tee(mx1).tee(mn0).set(mn1);
    c.get(p).set(pk);
    c.get(p).get(P.bs).get(P.srcStride).op(I32_MUL).op(I32_ADD).set(end);
    c.loop((c) => {
      for (const [mx, mn] of [[mx0, mn0], [mx1, mn1]] as const) {
        c.get(pk).simdMem(V_LOAD, 2, 0).set(L.v);
        c.get(mx).get(L.v).simd(F32X4_PMAX).set(mx);
        c.get(mn).get(L.v).simd(F32X4_PMIN).set(mn);
        c.get(pk).get(P.srcStride).op(I32_ADD).set(pk);
      }
      c.get(pk).get(end).op(I32_LT_U).brIf(0);
    });
    c.get(mx0).get(mx1).simd(F32X4_PMAX).set(mx0);
    c.get(mn0).get(mn1).simd(F32X4_PMIN).set(mn0);
    emitScales(c, symmetric, levels, mid, { mx: mx0, mn: mn0, s4, zp4, tmp, sp, zpp }, L);
    emitCodes(c, bits, symmetric, { p, pk, end, base, q: [q0, q1, q2, q3], words: [w0, w1, w2, w3] }, L);
    emitBlockFlush(c, L);
    c.get(p).i32(16).op(I32_ADD).set(p);
    c.get(base).get(P.dstStride).i32(4).op(I32_MUL).op(I32_ADD).set(base);
    c.get(sp).get(P.scaleStride).i32(4).op(I32_MUL).op(I32_ADD).set(sp);
    c.get(zpp).get(P.zpStride).i32(4).op(I32_MUL).op(I32_ADD).set(zpp);
    c.get(n).i32(4).op(I32_ADD).tee(n).get(P.cols).op(I32_LT_U).brIf(0);
  });
  emitFlush(c, L, P.stats);
  return { name: `quantcol_${bits}_${symmetric ? 'sym' : 'asym'}`, params: new Array(11).fill(I32), results: [], locals: locals.types, body: c };
}

interface ScaleLocals {
  mx: number;
  mn: number;
  s4: number;
  zp4: number;
  tmp: number;
  sp: number;
  zpp: number;
}

/** Address of lane `lane`'s entry: base + lane * stride. */
function laneAddress(c: Code, base: number, stride: number, lane: number): void {
  c.get(base);
  if (lane > 0) c.get(stride).i32(lane).op(I32_MUL).op(I32_ADD);
}

/** Scales (and zero points) of the four blocks, with the reference's float32 and float64 rules. */
function emitScales(c: Code, symmetric: boolean, levels: number, mid: number, S: ScaleLocals, L: QuantLocals): void {
  if (symmetric) {
    c.get(S.mx).f32(mid - 1).simd(F32X4_SPLAT).simd(F32X4_DIV).get(S.mn).simd(F32X4_NEG).f32(mid).simd(F32X4_SPLAT).simd(F32X4_DIV).simd(F32X4_MAX).set(S.s4);
  } else {
    c.get(S.mx).get(S.mn).simd(F32X4_SUB).f32(levels).simd(F32X4_SPLAT).simd(F32X4_DIV).set(S.s4);
  }
  c.get(S.s4).get(S.s4).f32(MIN_SCALE).simd(F32X4_SPLAT).simd(F32X4_GE).simd(V_AND).set(S.s4);
  c.get(S.s4);
  emitSplitScale(c, L);
  for (let lane = 0; lane < 4; lane++) {
    laneAddress(c, S.sp, P.scaleStride, lane);
    c.get(S.s4).simdMem(V_STORE32_LANE, 2, 0, lane);
  }
  if (symmetric) {
    c.f32(mid).simd(F32X4_SPLAT).set(L.zpf);
  } else {
    // z = s > 0 ? clamp(floor(-min / s + 0.5), 0, levels) : 0, in float64 like the JS reference
    c.get(S.mn).simd(F32X4_NEG).set(S.tmp);
    // lanes 0-1, then 2-3 (both operands moved to the low half and promoted)
    const half = (lanes: (local: number) => void): void => {
      lanes(S.tmp);
      c.simd(F64X2_PROMOTE_LOW);
      lanes(S.s4);
      c.simd(F64X2_PROMOTE_LOW).simd(F64X2_DIV).f64(0.5).simd(F64X2_SPLAT).simd(F64X2_ADD).simd(F64X2_FLOOR).simd(I32X4_TRUNC_SAT_F64X2_S_ZERO);
    };
    half((local) => c.get(local));
    half((local) => c.get(local).get(local).simd(SHUFFLE, ...HIGH_HALF));
    c.simd(SHUFFLE, ...lanes32(0, 1, 4, 5));
    c.i32(0).simd(I32X4_SPLAT).simd(I32X4_MAX_S).i32(levels).simd(I32X4_SPLAT).simd(I32X4_MIN_S);
    c.get(S.s4);
    emitSplatConst(c, 0);
    c.simd(F32X4_GT).simd(V_AND).set(S.zp4);
    for (let lane = 0; lane < 4; lane++) {
      laneAddress(c, S.zpp, P.zpStride, lane);
      c.get(S.zp4).simdMem(V_STORE8_LANE, 0, 0, lane * 4);
    }
    c.get(S.zp4).simd(F32X4_CONVERT_I32X4_S).set(L.zpf);
  }
  c.get(L.zpf).f32(0.5).simd(F32X4_SPLAT).simd(F32X4_ADD).set(L.off);
  c.f32(1).simd(F32X4_SPLAT).get(S.s4).simd(F32X4_DIV).get(S.s4);
  emitSplatConst(c, 0);
  c.simd(F32X4_GT).simd(V_AND).set(L.inv);
}

interface CodeLocals {
  p: number;
  /** blob address of the group's first column; q[0..3] run along the four columns' blobs */
  base: number;
  pk: number;
  end: number;
  q: [number, number, number, number];
  words: [number, number, number, number];
}

/**
 * Codes of the strip's four columns: first row by row, each row's codes (+ 2^23) written back over
 * its weights in staging; then a group of rows at a time, the low bytes regrouped per column (4-bit:
 * rows 2i and 2i+1 as low and high nibble) into 4 bytes per column, stored lane by lane.
 */
function emitCodes(c: Code, bits: QuantBits, symmetric: boolean, C: CodeLocals, L: QuantLocals): void {
  const [q0, q1, q2, q3] = C.q;
  const words = C.words;
  c.get(C.p).set(C.pk);
  c.loop((c) => {
    c.get(C.pk).get(C.pk).simdMem(V_LOAD, 2, 0).set(L.v);
    emitCodeAndError(c, L, !symmetric);
    c.simdMem(V_STORE, 2, 0);
    c.get(C.pk).get(P.srcStride).op(I32_ADD).tee(C.pk).get(C.end).op(I32_LT_U).brIf(0);
  });
  const rows = bits === 4 ? 8 : 4;
  c.get(C.p).set(C.pk);
  c.get(C.base).tee(q0).get(P.dstStride).op(I32_ADD).tee(q1).get(P.dstStride).op(I32_ADD).tee(q2).get(P.dstStride).op(I32_ADD).set(q3);
  c.loop((c) => {
    for (let r = 0; r < rows; r++) {
      const word = words[(bits === 8 ? r : r >> 1) as 0 | 1 | 2 | 3];
      c.get(C.pk).simdMem(V_LOAD, 2, 0);
      c.get(C.pk).get(P.srcStride).op(I32_ADD).set(C.pk);
      if (bits === 8 || r % 2 === 0) c.set(word);
      else c.i32(4).simd(I32X4_SHL).get(word).simd(V_OR).set(word);
    }
    c.get(words[0]).get(words[1]).simd(SHUFFLE, ...PAIR_BYTES);
    c.get(words[2]).get(words[3]).simd(SHUFFLE, ...PAIR_BYTES);
    c.simd(SHUFFLE, ...QUAD_BYTES).set(words[0]);
    C.q.forEach((q, lane) => {
      c.get(q).get(words[0]).simdMem(V_STORE32_LANE, 0, 0, lane);
      c.get(q).i32(4).op(I32_ADD).set(q);
    });
    c.get(C.pk).get(C.end).op(I32_LT_U).brIf(0);
  });
}
