// The app's worker clients, created once; workers themselves start on first use.
import { OnnxEngineClient } from './onnx-engine-client.ts';

export const onnxEngine = new OnnxEngineClient();
