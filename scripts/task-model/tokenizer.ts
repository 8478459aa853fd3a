// The task model's tokenizer: the project's byte-level BPE trainer run on the world's text, then
// every merge that would glue a digit to anything dropped, so each digit is its own token (numbers are
// copied digit by digit, and programs never see "5179" as an opaque piece). The result is a standard
// GPT-2 style tokenizer.json: transformers.js and the project's BpeTokenizer encode it identically.
import { bpeModelFromMerges, type BpeModel } from '../../src/core/tokenizer/bpe-model.ts';
import { trainBpe } from '../../src/core/tokenizer/bpe-trainer.ts';
import { fromByteLevel } from '../../src/core/tokenizer/byte-level.ts';
import { SPECIAL_TOKENS } from './config.ts';

const DIGIT = /[0-9]/;

export function trainTaskTokenizer(texts: readonly string[], vocabTarget: number): BpeModel {
  const specials = [SPECIAL_TOKENS.bos, SPECIAL_TOKENS.eos, SPECIAL_TOKENS.pad];
  const trained = trainBpe(texts, { vocabSize: vocabTarget, specialTokens: specials });
  // A merge containing a digit yields a token containing a digit, and so does every merge built on
  // it: dropping them all leaves a consistent merge list.
  const merges = trained.merges.filter(([a, b]) => !DIGIT.test(fromByteLevel(a + b)));
  return bpeModelFromMerges(specials, merges);
}
