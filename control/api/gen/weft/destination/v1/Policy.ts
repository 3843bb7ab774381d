// Original file: control/api/destination.proto


export interface Policy {
  'requestTimeoutMs'?: (number);
  'perTryTimeoutMs'?: (number);
  'retryOn'?: (string)[];
  'retryNonIdempotent'?: (boolean);
}

export interface Policy__Output {
  'requestTimeoutMs': (number);
  'perTryTimeoutMs': (number);
  'retryOn': (string)[];
  'retryNonIdempotent': (boolean);
}
