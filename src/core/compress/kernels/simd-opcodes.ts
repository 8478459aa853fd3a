// Opcode numbers the SIMD quantization kernels emit (wasm-assembler.ts writes them). Core opcodes
// from the WebAssembly core spec (binary/instructions), SIMD opcodes (after the 0xfd prefix) from
// the fixed-width SIMD proposal's opcode table. Only what the kernels use is listed.

// core
export const RETURN = 0x0f, SELECT = 0x1b;
export const I32_LOAD = 0x28, F32_LOAD = 0x2a, F64_LOAD = 0x2b, I32_STORE = 0x36, F32_STORE = 0x38, F64_STORE = 0x39, I32_STORE8 = 0x3a;
export const F32_NE = 0x5c, F32_GT = 0x5e, F32_GE = 0x60, I32_LT_U = 0x49, I32_LE_S = 0x4c, I32_GE_S = 0x4e;
export const I32_CTZ = 0x68, I32_ADD = 0x6a, I32_SUB = 0x6b, I32_MUL = 0x6c, I32_AND = 0x71, I32_OR = 0x72;
export const F32_NEG = 0x8c, F32_ADD = 0x92, F32_SUB = 0x93, F32_DIV = 0x95, F32_MIN = 0x96, F32_MAX = 0x97;
export const F64_FLOOR = 0x9c, F64_SQRT = 0x9f, F64_ADD = 0xa0, F64_DIV = 0xa3, F64_MAX = 0xa5;
export const F32_CONVERT_I32_S = 0xb2, F64_PROMOTE_F32 = 0xbb;
/** after the 0xfc prefix: saturating, never traps */
export const I32_TRUNC_SAT_F64_S = 0x02;

// SIMD (0xfd prefix)
export const V_LOAD = 0x00, V_STORE = 0x0b, V128_CONST = 0x0c, SHUFFLE = 0x0d;
export const I8X16_SPLAT = 0x0f, I16X8_SPLAT = 0x10, I32X4_SPLAT = 0x11, F32X4_SPLAT = 0x13, F64X2_SPLAT = 0x14;
export const F32X4_EXTRACT = 0x1f, F64X2_EXTRACT = 0x21;
export const F32X4_NE = 0x42, F32X4_GT = 0x44, F32X4_GE = 0x46;
export const V_AND = 0x4e, V_OR = 0x50, V_ANY_TRUE = 0x53;
export const V_STORE8_LANE = 0x58, V_STORE32_LANE = 0x5a, V_STORE64_LANE = 0x5b;
export const F64X2_PROMOTE_LOW = 0x5f, I8X16_NARROW_I16X8_U = 0x66, F32X4_FLOOR = 0x68, F64X2_FLOOR = 0x75;
export const I16X8_SHR_U = 0x8d, I32X4_BITMASK = 0xa4, I32X4_SHL = 0xab, I32X4_MIN_S = 0xb6, I32X4_MAX_S = 0xb8;
export const F32X4_ABS = 0xe0, F32X4_NEG = 0xe1, F32X4_ADD = 0xe4, F32X4_SUB = 0xe5, F32X4_MUL = 0xe6, F32X4_DIV = 0xe7, F32X4_MAX = 0xe9, F32X4_PMIN = 0xea, F32X4_PMAX = 0xeb;
export const F64X2_ADD = 0xf0, F64X2_SUB = 0xf1, F64X2_MUL = 0xf2, F64X2_DIV = 0xf3, F64X2_PMAX = 0xf7;
export const F32X4_CONVERT_I32X4_S = 0xfa, I32X4_TRUNC_SAT_F64X2_S_ZERO = 0xfc;

/** i8x16.shuffle immediates selecting 4-byte lanes (0-3 from the first operand, 4-7 from the second). */
export const lanes32 = (...lanes: number[]): number[] => lanes.flatMap((lane) => [lane * 4, lane * 4 + 1, lane * 4 + 2, lane * 4 + 3]);
/** Moves the high 64 bits to the low half (for the *_low conversions). */
export const HIGH_HALF = lanes32(2, 3, 2, 3);
