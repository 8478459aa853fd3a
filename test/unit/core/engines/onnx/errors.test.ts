// What transformers.js and onnxruntime throw (messages as they word them) becomes a typed LabError
// with advice; LabErrors and cancellations keep their identity.
import { describe, expect, it } from 'vitest';
import { toOnnxEngineError } from '../../../../../src/core/engines/onnx/errors.ts';
import { EngineError } from '../../../../../src/core/engines/errors.ts';
import { ShaderF16UnavailableError } from '../../../../../src/core/engines/mlc/errors.ts';
import { CancelledError, InvalidArgumentError, OnnxRuntimeError, WebGpuUnavailableError } from '../../../../../src/core/errors.ts';

const load = { model: 'demo:moby (fp32)', device: 'webgpu', action: 'load' } as const;

describe('toOnnxEngineError', () => {
  it('maps library and runtime failures to the lab error a person can act on', () => {
    expect(toOnnxEngineError(new Error('The device (webgpu) does not support fp16.'), load)).toBeInstanceOf(ShaderF16UnavailableError);
    expect(toOnnxEngineError(new Error('Unsupported device: "webgpu". Should be one of: wasm.'), load)).toBeInstanceOf(WebGpuUnavailableError);
    const runtime = toOnnxEngineError(new Error("failed to call OrtRun(). ERROR_CODE: 2, ERROR_MESSAGE: Non-zero status code returned while running MatMul node."), { ...load, device: 'wasm', action: 'score' });
    expect(runtime).toBeInstanceOf(OnnxRuntimeError);
    expect(runtime.message).toMatch(/while running demo:moby \(fp32\) on wasm/);
    expect(toOnnxEngineError(new Error('Unsupported model type: bert_for_something'), load)).toBeInstanceOf(EngineError);
    expect(toOnnxEngineError(new Error('something short to report'), { ...load, device: 'wasm' })).toBeInstanceOf(EngineError);
  });

  it('lets lab errors and cancellations through unchanged', () => {
    const own = new InvalidArgumentError('bad');
    expect(toOnnxEngineError(own, load)).toBe(own);
    const abort = new Error('aborted');
    abort.name = 'AbortError';
    expect(toOnnxEngineError(abort, load)).toBeInstanceOf(CancelledError);
  });
});
