// Original file: control/api/destination.proto

import type { Service as _weft_destination_v1_Service, Service__Output as _weft_destination_v1_Service__Output } from '../../../weft/destination/v1/Service';
import type { BackendChange as _weft_destination_v1_BackendChange, BackendChange__Output as _weft_destination_v1_BackendChange__Output } from '../../../weft/destination/v1/BackendChange';

export interface Delta {
  'service'?: (_weft_destination_v1_Service | null);
  'backends'?: (_weft_destination_v1_BackendChange)[];
}

export interface Delta__Output {
  'service': (_weft_destination_v1_Service__Output | null);
  'backends': (_weft_destination_v1_BackendChange__Output)[];
}
