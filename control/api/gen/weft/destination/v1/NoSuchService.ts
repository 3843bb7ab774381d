// Original file: control/api/destination.proto


export interface NoSuchService {
  'reason'?: (string);
}

export interface NoSuchService__Output {
  'reason': (string);
}
