// What the evaluators need from a model: text after a prompt, greedy, ending at a stop string. The
// engine adapter below is the real path (the project's ONNX engine, or any Engine); tests may pass a
// scripted generator at this interface. Stops are applied here as well, so an engine that ignores
// `stop` (or returns the text past it) is still cut the same way.
import type { Engine } from '../../engines/types.ts';

export interface TextGenerator {
  generate(prompt: string, options: { maxNewTokens: number; stop: readonly string[] }): Promise<string>;
}

/** The text before the first stop string. */
export function cutAtStop(text: string, stops: readonly string[]): string {
  let end = text.length;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at >= 0 && at < end) end = at;
  }
  return text.slice(0, end);
}

/** Greedy generation through an Engine with the engine's own stop handling (seed fixed). */
export function engineGenerator(engine: Engine): TextGenerator {
  return {
    async generate(prompt, { maxNewTokens, stop }) {
      const report = await engine.generate(prompt, { maxNewTokens, stop, temperature: 0, seed: 0 });
      return cutAtStop(report.text, stop);
    },
  };
}
