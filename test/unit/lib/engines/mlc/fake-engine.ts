// Shared by the MlcEngine tests: an MlcEngine over in-process workers whose GPU half is faked
// (reload's model setup and the pipeline, see fake-pipeline.ts); messaging, streaming and reports are
// web-llm's own.
import type { FakeStep } from '../../../core/engines/mlc/fake-pipeline.ts';
import { webLlmStream } from '../../../core/engines/mlc/fake-pipeline.ts';
import { MlcEngine } from '../../../../../src/lib/engines/mlc/mlc-engine.ts';
import { InProcessWorker } from './in-process-worker.ts';

/** The workers created since the last `resetWorkers`. */
export let workers: InProcessWorker[] = [];

export function resetWorkers(): void {
  workers = [];
}

export function engineWith(setup: (worker: InProcessWorker) => void = () => undefined): MlcEngine {
  return new MlcEngine({
    createWorker: () => {
      const worker = new InProcessWorker();
      setup(worker);
      workers.push(worker);
      return worker.asWorker();
    },
    probedAdapter: () => 'probed adapter',
  });
}

/** Stands in for the GPU half of MLCEngine.reload: the progress web-llm reports on a first load. */
export function fakeGpuLoad(worker: InProcessWorker): void {
  const engine = worker.engine as unknown as { initProgressCallback?: (r: object) => void; reload: () => Promise<void> };
  engine.reload = async () => {
    for (const [text, progress] of [
      ['Start to fetch params', 0],
      ['Fetching param cache[1/2]: 150MB fetched. 50% completed, 1 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.', 0.5],
      ['Fetching param cache[2/2]: 277MB fetched. 100% completed, 2 secs elapsed. It can take a while when we first visit this page to populate the cache. Later refreshes will become faster.', 1],
      ['Loading model from cache[2/2]: 277MB loaded. 100% completed, 2 secs elapsed.', 1],
      ['Loading GPU shader modules[90/90]: 100% completed, 1 secs elapsed.', 1],
      ['Finish loading on WebGPU - Fake GPU 9000', 1],
    ] as const) {
      engine.initProgressCallback?.({ progress, timeElapsed: 1, text });
    }
  };
}

/** Replaces the pipeline: chat completions stream `steps` through web-llm's own streaming code. */
export function fakeGpuGenerate(worker: InProcessWorker, steps: FakeStep[]): void {
  const engine = worker.engine as unknown as Record<string, unknown>;
  engine.resetChat = async () => undefined;
  // Chat and text completions alike; MLCEngine.asyncGenerate clears the interrupt flag as it starts.
  engine.chatCompletion = engine.completion = async (request: object) => {
    engine.interruptSignal = false;
    return webLlmStream(worker.engine, request, steps);
  };
}

export const words = (list: string[]): FakeStep[] => {
  let message = '';
  return list.map((token) => ({ message: (message += token), token, logprob: -0.5 }));
};

