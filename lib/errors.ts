// One error class per failure, each with a stable code that is documented in the
// README's error table (test/lib/errors.test.ts fails when one is missing there).

const registry = new Map<string, string>();

export class WeftError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(code: string, message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.details = details;
    this.name = 'WeftError';
  }
}

export type WeftErrorClass = {
  new (message: string, details?: Record<string, unknown>, options?: ErrorOptions): WeftError;
  readonly code: string;
};

/** Declares an error class with a stable code; `summary` is what the README's table says. */
export function defineError(code: string, summary: string): WeftErrorClass {
  if (registry.has(code)) throw new Error(`error code ${code} defined twice`);
  registry.set(code, summary);
  return class extends WeftError {
    static readonly code = code;
    constructor(message: string, details: Record<string, unknown> = {}, options?: ErrorOptions) {
      super(code, message, details, options);
    }
  };
}

/** Every code declared so far (the modules that declare them must be imported first). */
export function errorCodes(): ReadonlyMap<string, string> {
  return registry;
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
