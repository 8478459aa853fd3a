// mlc-engine worker: hosts web-llm's engine (model, tokenizer, GPU device) behind its own message
// protocol; the main thread talks to it through web-llm's WebWorkerMLCEngine (src/lib/engines/mlc).
import { WebWorkerMLCEngineHandler } from '@mlc-ai/web-llm';

const handler = new WebWorkerMLCEngineHandler();
self.onmessage = (message: MessageEvent) => handler.onmessage(message);
