// Browser side of the web-llm engine. Import from here: it never pulls web-llm into the page bundle
// (./web-llm.ts is loaded with a dynamic import when a model list or a load needs it).
export { MlcEngine, type MlcEngineOptions } from './mlc-engine.ts';
export { isMlcModelCached, loadMlcModelRecords } from './catalogue-source.ts';
