// The toolkit's typed errors survive a worker boundary (toWire -> postMessage -> fromWire) as the
// same class with the same code, and isOnnxInputError recognises exactly them.
import { describe, expect, it } from 'vitest';
import { fromWire, InvalidArgumentError, LabError, toWire } from '../../../../src/core/errors.ts';
import {
  ExternalDataError,
  InvalidOnnxModelError,
  isOnnxInputError,
  NotOnnxModelError,
  OnnxParseError,
  OnnxTruncatedError,
  UnsupportedDtypeError,
} from '../../../../src/core/onnx/errors.ts';

const classes = [OnnxParseError, OnnxTruncatedError, NotOnnxModelError, InvalidOnnxModelError, ExternalDataError, UnsupportedDtypeError];

describe('ONNX errors', () => {
  it.each(classes.map((ctor) => [ctor.name, ctor] as const))('%s is rebuilt by fromWire with its code', (_, ctor) => {
    const original = new ctor('model.onnx is truncated: expected 10 more bytes at offset 90.');
    const wire = structuredClone(toWire(original)); // what postMessage does to it
    const rebuilt = fromWire(wire);
    expect(rebuilt).toBeInstanceOf(ctor);
    expect(rebuilt.code).toBe(original.code);
    expect(rebuilt.message).toBe(original.message);
    expect(isOnnxInputError(rebuilt)).toBe(true);
  });

  it('codes are distinct, and other errors are not ONNX input errors', () => {
    expect(new Set(classes.map((ctor) => new ctor('x').code)).size).toBe(classes.length);
    expect(isOnnxInputError(new InvalidArgumentError('x'))).toBe(false);
    expect(isOnnxInputError(new LabError('internal', 'x'))).toBe(false);
    expect(isOnnxInputError(new RangeError('index out of range'))).toBe(false);
  });
});
