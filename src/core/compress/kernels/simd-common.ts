// Pieces both SIMD quantization kernels emit: the code of four weights and the fused reconstruction
// error. Codes: u = fl32(fl32(w * inv) + (z + 0.5)), code = floor(clamp(u, 0, levels)), the JS
// reference's trunc-and-clamp in other words (for u >= 0 trunc is floor; below 0 both clamp to 0).
// Adding 2^23 to the integer-valued float puts the code in the low byte of its lane, so packing is
// byte shuffles, with no float->int conversion.
// Error, per weight: d = w - (code - z) * s in float32, with the scale split in two, s = sHi + sLo
// (sHi: the top 12 of its 24 significant bits), so that both products by the at most 9-bit integer
// code - z are exact and w - e * sHi is too (w lies within about s / 2 of e * s); d then equals the
// slow path's float64 d whenever that is a float32, i.e. except when |w| < s and w is within a few
// ulps of s / 2, where it is off by at most half an ulp. max |d| is tracked exactly that way; sum w^2
// and sum d^2 are accumulated in f32x4 lanes within a block (at most 128 terms per lane: relative
// error below 128 * 2^-24 ~ 8e-6, all terms being positive) and added into f64x2 accumulators once
// per block (the slow path sums every term in float64).
import { V128, type Code, type ValueType } from './wasm-assembler.ts';
import {
  F32_MAX,
  F32X4_ABS,
  F32X4_ADD,
  F32X4_EXTRACT,
  F32X4_FLOOR,
  F32X4_MUL,
  F32X4_PMAX,
  F32X4_PMIN,
  F32X4_SPLAT,
  F32X4_SUB,
  F64_ADD,
  F64_LOAD,
  F64_MAX,
  F64_PROMOTE_F32,
  F64_STORE,
  F64X2_ADD,
  F64X2_EXTRACT,
  F64X2_PROMOTE_LOW,
  F64X2_SPLAT,
  HIGH_HALF,
  SHUFFLE,
  V_AND,
  V128_CONST,
  lanes32,
} from './simd-opcodes.ts';

/** 2^23: a float32 integer below it, plus this, has the integer in its low mantissa bits. */
export const MAGIC = 8388608;

/** Smallest normal float32: smaller scales are flushed to 0 (their reciprocal would overflow). */
export const MIN_SCALE = 1.1754943508222875e-38;

/** Assigns local indices after the parameters, by name. */
export class Locals {
  readonly #types: ValueType[] = [];
  readonly #params: number;

  constructor(params: number) {
    this.#params = params;
  }

  add(type: ValueType): number {
    this.#types.push(type);
    return this.#params + this.#types.length - 1;
  }

  /** One local of `type` per name. */
  group<K extends string>(names: readonly K[], type: ValueType): Record<K, number> {
    return Object.fromEntries(names.map((name) => [name, this.add(type)])) as Record<K, number>;
  }

  get types(): ValueType[] {
    return [...this.#types];
  }
}

/** The v128 locals the shared emitters read and write. */
export interface QuantLocals {
  /** f32x4 weights being coded */
  v: number;
  /** f32x4 codes as integer-valued floats */
  cf: number;
  /** f32x4 code - z (exact small integers); scratch of emitBlockFlush */
  e: number;
  /** f32x4 error w - (code - z) * s */
  d: number;
  /** f32x4 accumulators of the current block: noise (sum d^2), signal (sum w^2); max |d| of the whole call */
  noise: number;
  signal: number;
  max: number;
  /** f64x2 accumulators the block sums are added into */
  noise64: number;
  signal64: number;
  /** f32x4 scale split in two (emitSplitScale): s = sHi + sLo, sHi with 12 significant bits */
  sHi: number;
  sLo: number;
  /** f32x4 zero point, 1 / scale, zero point + 0.5 */
  zpf: number;
  inv: number;
  off: number;
  /** f32x4 levels (15 or 255) */
  levels: number;
}

export function quantLocals(locals: Locals): QuantLocals {
  const names = ['v', 'cf', 'e', 'd', 'noise', 'signal', 'max', 'noise64', 'signal64', 'sHi', 'sLo', 'zpf', 'inv', 'off', 'levels'] as const;
  return locals.group(names, V128);
}

/** v128.const: rematerialized by the compiler where needed instead of holding a register. */
export function emitSplatConst(c: Code, value: number): void {
  const bytes = new Uint8Array(new Float32Array([value, value, value, value]).buffer);
  c.simd(V128_CONST, ...bytes);
}

/** Zeroes the accumulators and sets the constants. */
export function emitInit(c: Code, L: QuantLocals, levels: number): void {
  c.f64(0).simd(F64X2_SPLAT).tee(L.noise64).set(L.signal64);
  emitSplatConst(c, 0);
  c.tee(L.noise).tee(L.signal).set(L.max);
  c.f32(levels).simd(F32X4_SPLAT).set(L.levels);
}

/** 0xfffff000 in each lane: keeps a float32's sign, exponent and top 11 stored mantissa bits. */
const HIGH_BITS = [0x00, 0xf0, 0xff, 0xff, 0x00, 0xf0, 0xff, 0xff, 0x00, 0xf0, 0xff, 0xff, 0x00, 0xf0, 0xff, 0xff];

/** Splits the f32x4 scales on the stack into L.sHi (12 significant bits) and L.sLo = s - sHi (exact). */
export function emitSplitScale(c: Code, L: QuantLocals): void {
  c.tee(L.sLo).simd(V128_CONST, ...HIGH_BITS).simd(V_AND).set(L.sHi);
  c.get(L.sLo).get(L.sHi).simd(F32X4_SUB).set(L.sLo);
}

/**
 * Codes the four weights in L.v and accumulates their error; leaves code + 2^23 on the stack.
 * One vector per call with few values live, so the compiler keeps everything in registers.
 * `clamp` false skips the clamp to [0, levels], which cannot bind for symmetric scales: s >= max+ / 7
 * and s >= max- / 8 up to float32 rounding keep u within [0.5 - 1e-6, 15.5 + 1e-6] (8-bit: 255.5).
 */
export function emitCodeAndError(c: Code, L: QuantLocals, clamp: boolean): void {
  c.get(L.v).get(L.inv).simd(F32X4_MUL).get(L.off).simd(F32X4_ADD);
  if (clamp) {
    emitSplatConst(c, 0);
    c.simd(F32X4_PMAX).get(L.levels).simd(F32X4_PMIN);
  }
  c.simd(F32X4_FLOOR).set(L.cf);
  c.get(L.cf).get(L.zpf).simd(F32X4_SUB).set(L.e);
  c.get(L.v).get(L.e).get(L.sHi).simd(F32X4_MUL).simd(F32X4_SUB).get(L.e).get(L.sLo).simd(F32X4_MUL).simd(F32X4_SUB).set(L.d);
  c.get(L.noise).get(L.d).get(L.d).simd(F32X4_MUL).simd(F32X4_ADD).set(L.noise);
  c.get(L.max).get(L.d).simd(F32X4_ABS).simd(F32X4_PMAX).set(L.max);
  c.get(L.signal).get(L.v).get(L.v).simd(F32X4_MUL).simd(F32X4_ADD).set(L.signal);
  c.get(L.cf);
  emitSplatConst(c, MAGIC);
  c.simd(F32X4_ADD);
}

/** At the end of a block: adds its float32 sums into the float64 accumulators and zeroes them. */
export function emitBlockFlush(c: Code, L: QuantLocals): void {
  // [s0 + s2, s1 + s3, n0 + n2, n1 + n3]
  c.get(L.signal).get(L.noise).simd(SHUFFLE, ...lanes32(0, 1, 4, 5));
  c.get(L.signal).get(L.noise).simd(SHUFFLE, ...lanes32(2, 3, 6, 7));
  c.simd(F32X4_ADD).set(L.e);
  c.get(L.signal64).get(L.e).simd(F64X2_PROMOTE_LOW).simd(F64X2_ADD).set(L.signal64);
  c.get(L.noise64).get(L.e).get(L.e).simd(SHUFFLE, ...HIGH_HALF).simd(F64X2_PROMOTE_LOW).simd(F64X2_ADD).set(L.noise64);
  emitSplatConst(c, 0);
  c.tee(L.signal).set(L.noise);
}

/** Adds the accumulators into the three float64 at `stats` (signal, noise, max |d|). */
export function emitFlush(c: Code, L: QuantLocals, stats: number): void {
  const add = (acc: number, offset: number): void => {
    c.get(stats);
    c.get(stats).mem(F64_LOAD, 3, offset);
    c.get(acc).simd(F64X2_EXTRACT, 0).get(acc).simd(F64X2_EXTRACT, 1).op(F64_ADD).op(F64_ADD);
    c.mem(F64_STORE, 3, offset);
  };
  add(L.signal64, 0);
  add(L.noise64, 8);
  c.get(stats);
  c.get(stats).mem(F64_LOAD, 3, 16);
  c.get(L.max).simd(F32X4_EXTRACT, 0).get(L.max).simd(F32X4_EXTRACT, 1).op(F32_MAX);
  c.get(L.max).simd(F32X4_EXTRACT, 2).get(L.max).simd(F32X4_EXTRACT, 3).op(F32_MAX).op(F32_MAX);
  c.op(F64_PROMOTE_F32).op(F64_MAX);
  c.mem(F64_STORE, 3, 16);
}
