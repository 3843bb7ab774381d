// Original file: control/api/destination.proto

import type { Endpoint as _weft_destination_v1_Endpoint, Endpoint__Output as _weft_destination_v1_Endpoint__Output } from '../../../weft/destination/v1/Endpoint';

export interface BackendChange {
  'name'?: (string);
  'namespace'?: (string);
  'weight'?: (number);
  'removed'?: (boolean);
  'upserted'?: (_weft_destination_v1_Endpoint)[];
  'deleted'?: (string)[];
}

export interface BackendChange__Output {
  'name': (string);
  'namespace': (string);
  'weight': (number);
  'removed': (boolean);
  'upserted': (_weft_destination_v1_Endpoint__Output)[];
  'deleted': (string)[];
}
