// Argument checks shared by the compression kernels. Every failure is an InvalidArgumentError whose
// message names the tensor and says what was expected, so the recipe layer can show it as is.
import { InvalidArgumentError } from '../../errors.ts';

export type QuantBits = 4 | 8;

/** Throws unless `data` holds exactly rows * cols elements of a positive-sized matrix. */
export function assertMatrix(name: string, data: ArrayLike<number>, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows <= 0 || cols <= 0) {
    throw new InvalidArgumentError(`${name}: shape [${rows}, ${cols}] is not a positive integer matrix shape.`);
  }
  if (data.length !== rows * cols) {
    throw new InvalidArgumentError(`${name}: expected ${rows} x ${cols} = ${rows * cols} values, got ${data.length}. Check the shape passed with the tensor.`);
  }
}

export function assertLength(name: string, data: ArrayLike<number>, length: number): void {
  if (data.length !== length) {
    throw new InvalidArgumentError(`${name}: expected ${length} values, got ${data.length}.`);
  }
}

export function assertBits(bits: number): asserts bits is QuantBits {
  if (bits !== 4 && bits !== 8) {
    throw new InvalidArgumentError(`bits must be 4 or 8, got ${bits}.`);
  }
}

/** MatMulNBits and GatherBlockQuantized both require a power of two >= 16. */
export function assertBlockSize(blockSize: number): void {
  if (!Number.isInteger(blockSize) || blockSize < 16 || (blockSize & (blockSize - 1)) !== 0) {
    throw new InvalidArgumentError(`block_size must be a power of two >= 16 (16, 32, 64, 128, ...), got ${blockSize}.`);
  }
}

export function assertFraction(name: string, value: number, max: number): void {
  if (!(value >= 0 && value <= max)) {
    throw new InvalidArgumentError(`${name} must be between 0 and ${max}, got ${value}.`);
  }
}

export function nonFiniteError(name: string, row: number, start: number): InvalidArgumentError {
  return new InvalidArgumentError(`${name}: found NaN or Infinity near row ${row}, element ${start}. Quantization needs finite weights; check the model file.`);
}
