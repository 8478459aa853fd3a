// Pieces both SIMD quantization kernels emit: the code of four weights and the fused reconstruction
// error. Codes: u = fl32(fl32(w * inv) + (z + 0.5)), code = floor(clamp(u, 0, levels)), the JS
// reference's trunc-and-clamp in other words (for u >= 0 trunc is floor; below 0 both clamp to 0).
// Adding 2^23 to the integer-valued float puts the code in the low byte of its lane, so packing is
// byte shuffles, with no float->int conversion. Error, per weight, in float64 exactly as the slow
// path computes it: d = w - (code - z) * s (the product is exact in float64: at most 9 x 24 bits),
// accumulating sum w^2, sum d^2 and max d^2 in f64x2 lanes; only the summation order differs.
import { V128, type Code, type ValueType } from './wasm-assembler.ts';
import {
  F32X4_ADD,
  F32X4_FLOOR,
  F32X4_MUL,
  F32X4_PMAX,
  F32X4_PMIN,
  F32X4_SPLAT,
  F32X4_SUB,
  F64_ADD,
  F64_LOAD,
  F64_MAX,
  F64_SQRT,
  F64_STORE,
  F64X2_ADD,
  F64X2_EXTRACT,
  F64X2_MUL,
  F64X2_PMAX,
  F64X2_PROMOTE_LOW,
  F64X2_SPLAT,
  F64X2_SUB,
  HIGH_HALF,
  SHUFFLE,
  V128_CONST,
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
  /** f32x4 codes as integer-valued floats, then code - z */
  cf: number;
  e: number;
  wlo: number;
  whi: number;
  dlo: number;
  dhi: number;
  /** f64x2 accumulators: noise (sum d^2), signal (sum w^2), max d^2 */
  noise: number;
  signal: number;
  max: number;
  /** f64x2 scales of lanes 0-1 and 2-3 */
  sLo: number;
  sHi: number;
  /** f32x4 zero point, 1 / scale, zero point + 0.5 */
  zpf: number;
  inv: number;
  off: number;
  /** f32x4 levels (15 or 255) */
  levels: number;
}

export function quantLocals(locals: Locals): QuantLocals {
  const names = ['v', 'cf', 'e', 'wlo', 'whi', 'dlo', 'dhi', 'noise', 'signal', 'max', 'sLo', 'sHi', 'zpf', 'inv', 'off', 'levels'] as const;
  return locals.group(names, V128);
}

/** v128.const: rematerialized by the compiler where needed instead of holding a register. */
export function emitSplatConst(c: Code, value: number): void {
  const bytes = new Uint8Array(new Float32Array([value, value, value, value]).buffer);
  c.simd(V128_CONST, ...bytes);
}

/** Zeroes the accumulators and sets the constants. */
export function emitInit(c: Code, L: QuantLocals, levels: number): void {
  c.f64(0).simd(F64X2_SPLAT).tee(L.noise).tee(L.signal).set(L.max);
  c.f32(levels).simd(F32X4_SPLAT).set(L.levels);
}

/**
 * Codes the four weights in L.v and accumulates their error; leaves code + 2^23 on the stack.
 * One vector per call with few values live, so the compiler keeps everything in registers.
 * `clamp` false skips the clamp to [0, levels], which cannot bind for symmetric scales: s >= max+ / 7
 * and s >= max- / 8 up to float32 rounding keep u within [0.5 - 1e-6, 15.5 + 1e-6] (8-bit: 255.5).
 * max |d| is tracked as max d^2 (sqrt(fl(d^2)) = |d| exactly in binary floating point).
 */
export function emitCodeAndError(c: Code, L: QuantLocals, clamp: boolean): void {
  c.get(L.v).get(L.inv).simd(F32X4_MUL).get(L.off).simd(F32X4_ADD);
  if (clamp) {
    emitSplatConst(c, 0);
    c.simd(F32X4_PMAX).get(L.levels).simd(F32X4_PMIN);
  }
  c.simd(F32X4_FLOOR).set(L.cf);
  c.get(L.cf).get(L.zpf).simd(F32X4_SUB).set(L.e); // code - z, exact small integers
  c.get(L.v).simd(F64X2_PROMOTE_LOW).set(L.wlo);
  c.get(L.v).get(L.v).simd(SHUFFLE, ...HIGH_HALF).simd(F64X2_PROMOTE_LOW).set(L.whi);
  c.get(L.wlo).get(L.e).simd(F64X2_PROMOTE_LOW).get(L.sLo).simd(F64X2_MUL).simd(F64X2_SUB).tee(L.dlo).get(L.dlo).simd(F64X2_MUL).set(L.dlo);
  c.get(L.whi).get(L.e).get(L.e).simd(SHUFFLE, ...HIGH_HALF).simd(F64X2_PROMOTE_LOW).get(L.sHi).simd(F64X2_MUL).simd(F64X2_SUB).tee(L.dhi).get(L.dhi).simd(F64X2_MUL).set(L.dhi);
  c.get(L.noise).get(L.dlo).get(L.dhi).simd(F64X2_ADD).simd(F64X2_ADD).set(L.noise);
  c.get(L.max).get(L.dlo).get(L.dhi).simd(F64X2_PMAX).simd(F64X2_PMAX).set(L.max);
  c.get(L.signal).get(L.wlo).get(L.wlo).simd(F64X2_MUL).get(L.whi).get(L.whi).simd(F64X2_MUL).simd(F64X2_ADD).simd(F64X2_ADD).set(L.signal);
  c.get(L.cf);
  emitSplatConst(c, MAGIC);
  c.simd(F32X4_ADD);
}

/** Adds the accumulators into the three float64 at `stats` (signal, noise, max |d|). */
export function emitFlush(c: Code, L: QuantLocals, stats: number): void {
  const add = (acc: number, offset: number): void => {
    c.get(stats);
    c.get(stats).mem(F64_LOAD, 3, offset);
    c.get(acc).simd(F64X2_EXTRACT, 0).get(acc).simd(F64X2_EXTRACT, 1).op(F64_ADD).op(F64_ADD);
    c.mem(F64_STORE, 3, offset);
  };
  add(L.signal, 0);
  add(L.noise, 8);
  // max d^2 -> max |d|
  c.get(stats);
  c.get(stats).mem(F64_LOAD, 3, 16);
  c.get(L.max).simd(F64X2_EXTRACT, 0).get(L.max).simd(F64X2_EXTRACT, 1).op(F64_MAX).op(F64_SQRT).op(F64_MAX);
  c.mem(F64_STORE, 3, 16);
}
