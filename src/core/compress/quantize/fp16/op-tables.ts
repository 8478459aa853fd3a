// Data tables for the fp16 converter: operator output types that do not follow an input, the ops
// kept in float32 ("islands"), the ops through which a float32 island extends, and contrib ops
// that follow their input type. Why each island op stays float32 is measured in
// test/unit/core/compress/fp16-islands.test.ts (logits of the demo teacher with and without).
import { onnx } from '../../../onnx/index.ts';

const T = onnx.TensorProto.DataType;

/** Default-domain ops whose outputs have a fixed type (last entry repeats for further outputs). */
export const FIXED_OUTPUT_TYPES: Readonly<Record<string, readonly number[]>> = {
  Shape: [T.INT64],
  Size: [T.INT64],
  NonZero: [T.INT64],
  ArgMax: [T.INT64],
  ArgMin: [T.INT64],
  Equal: [T.BOOL],
  Less: [T.BOOL],
  LessOrEqual: [T.BOOL],
  Greater: [T.BOOL],
  GreaterOrEqual: [T.BOOL],
  Not: [T.BOOL],
  And: [T.BOOL],
  Or: [T.BOOL],
  Xor: [T.BOOL],
  IsNaN: [T.BOOL],
  IsInf: [T.BOOL],
  MatMulInteger: [T.INT32],
  ConvInteger: [T.INT32],
  DynamicQuantizeLinear: [T.UINT8, T.FLOAT, T.UINT8],
};

/**
 * Ops kept in float32 (their float inputs are cast up, outputs cast down where an fp16 op reads
 * them): reductions that square or sum many terms (float16 overflows at 65504: x^2 for |x| > 256),
 * Pow/Sqrt/Reciprocal of the norms, Softmax over long rows, Exp/Log, and Cos/Sin/Range of rotary
 * angles (position * frequency loses whole radians in float16 past position ~2048).
 */
export const FLOAT32_OPS: ReadonlySet<string> = new Set([
  'ReduceMean',
  'ReduceSum',
  'ReduceSumSquare',
  'ReduceL2',
  'ReduceLogSumExp',
  'ReduceProd',
  'Pow',
  'Sqrt',
  'Reciprocal',
  'Softmax',
  'LogSoftmax',
  'Exp',
  'Log',
  'Cos',
  'Sin',
  'Range',
  'CumSum',
]);

/**
 * Ops that join a float32 island when every float input is an island value or a constant (e.g.
 * the epsilon Add after ReduceMean, the rotary Mul of positions by inverse frequencies, the
 * mask arithmetic on cast indices): computing them in float16 would only add casts.
 */
export const ISLAND_EXTENDING_OPS: ReadonlySet<string> = new Set([
  'Add', 'Sub', 'Mul', 'Div', 'Neg', 'Abs', 'Max', 'Min', 'Clip', 'Where', 'Floor', 'Ceil', 'Round',
  'Equal', 'Less', 'LessOrEqual', 'Greater', 'GreaterOrEqual',
  'Reshape', 'Transpose', 'Unsqueeze', 'Squeeze', 'Concat', 'Expand', 'Slice', 'Gather', 'Tile', 'Identity', 'Flatten', 'Split',
]);

/** Contrib ops with float16 kernels that follow their input type; other non-default ops stay float32. */
export const FLOAT16_CONTRIB_OPS: ReadonlySet<string> = new Set(['com.microsoft:MatMulNBits', 'com.microsoft:GatherBlockQuantized']);

/** Inputs that stay float32 whatever the op's type (Resize roi/scales, Upsample scales). */
export const FLOAT32_INPUT_SLOTS: Readonly<Record<string, readonly number[]>> = {
  Resize: [1, 2],
  Upsample: [1],
};
