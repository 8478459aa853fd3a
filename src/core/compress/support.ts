// Which devices a compressed model runs on, read from the operators and types it ends up with
// (not from the recipe), so a recipe that found nothing to rewrite does not claim a restriction.
// Facts (onnxruntime-web 1.2x): MatMulInteger / DynamicQuantizeLinear have no WebGPU kernel;
// GatherBlockQuantized has no kernel in the wasm build; float16 on WebGPU needs shader-f16.
import type { DeviceSupport } from '../compare/variant-options.ts';
import { onnx } from '../onnx/index.ts';

export const WASM_ONLY_REASON = 'Dynamic int8 (DynamicQuantizeLinear + MatMulInteger) has no WebGPU kernel in onnxruntime-web; this variant runs on wasm only.';
export const WEBGPU_ONLY_REASON = 'GatherBlockQuantized (quantized embeddings) has no kernel in the onnxruntime-web wasm build; this variant runs on WebGPU only.';

const FLOAT16 = onnx.TensorProto.DataType.FLOAT16;

function usesFloat16(graph: onnx.IGraphProto): boolean {
  if ((graph.initializer ?? []).some((tensor) => tensor.dataType === FLOAT16)) return true;
  const values = [...(graph.input ?? []), ...(graph.output ?? []), ...(graph.valueInfo ?? [])];
  if (values.some((info) => info.type?.tensorType?.elemType === FLOAT16)) return true;
  return (graph.node ?? []).some((node) => node.opType === 'Cast' && (node.attribute ?? []).some((attribute) => attribute.name === 'to' && Number(attribute.i) === FLOAT16));
}

export function deviceSupport(model: onnx.IModelProto): DeviceSupport {
  const graph = model.graph ?? {};
  const ops = new Set((graph.node ?? []).map((node) => node.opType ?? ''));
  return {
    wasm: ops.has('GatherBlockQuantized') ? WEBGPU_ONLY_REASON : true,
    webgpu: ops.has('MatMulInteger') || ops.has('DynamicQuantizeLinear') ? WASM_ONLY_REASON : true,
    needsShaderF16OnWebgpu: usesFloat16(graph),
  };
}
