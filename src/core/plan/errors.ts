// The planner's one error: input that cannot be planned (a config with a missing or inconsistent
// field, an unknown model id, an absurd context). It names the field so the UI and the CLI can
// point at it; it travels across workers as an 'invalid-argument' LabError.
import { LabError, registerErrorClass } from '../errors.ts';

export class PlanInputError extends LabError {
  override name = 'PlanInputError';
  /** The offending field (`num_attention_heads`, `context`, `model`), or '' when rebuilt from the wire. */
  readonly field: string;
  constructor(message: string, field = '') {
    super('invalid-argument', message);
    this.field = field;
  }
}

registerErrorClass('PlanInputError', PlanInputError);
