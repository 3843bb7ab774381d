// Original file: control/api/destination.proto

import type { Endpoint as _weft_destination_v1_Endpoint, Endpoint__Output as _weft_destination_v1_Endpoint__Output } from '../../../weft/destination/v1/Endpoint';

export interface Backend {
  'name'?: (string);
  'namespace'?: (string);
  'weight'?: (number);
  'endpoints'?: (_weft_destination_v1_Endpoint)[];
}

export interface Backend__Output {
  'name': (string);
  'namespace': (string);
  'weight': (number);
  'endpoints': (_weft_destination_v1_Endpoint__Output)[];
}
