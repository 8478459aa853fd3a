// Which variants a comparison would score on the very text that calibrated them (AWQ, Wanda):
// their KL divergence and perplexity there flatter them, since the activations that shaped their
// weights came from that text. Compared by the SHA-256 the variant's provenance records.
import { calibratedOn } from '../compress/calibration/source.ts';
import type { CalibrationRecord } from '../compress/types.ts';

export interface CalibratedVariant {
  name: string;
  calibration?: CalibrationRecord | null;
}

/** The variants calibrated on the text whose SHA-256 is `textSha`. */
export function calibrationOverlaps<T extends CalibratedVariant>(variants: readonly T[], textSha: string): T[] {
  return variants.filter((variant) => calibratedOn(variant.calibration, textSha));
}

export function overlapWarning(variant: CalibratedVariant): string {
  return `${variant.name} was calibrated on ${variant.calibration?.name ?? 'this text'}, the same text this comparison scores: its KL divergence and perplexity will look better than on text it has not seen. Choose another reference text to measure it fairly.`;
}
