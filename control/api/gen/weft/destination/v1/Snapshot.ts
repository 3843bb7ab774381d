// Original file: control/api/destination.proto

import type { Service as _weft_destination_v1_Service, Service__Output as _weft_destination_v1_Service__Output } from '../../../weft/destination/v1/Service';
import type { Backend as _weft_destination_v1_Backend, Backend__Output as _weft_destination_v1_Backend__Output } from '../../../weft/destination/v1/Backend';

export interface Snapshot {
  'service'?: (_weft_destination_v1_Service | null);
  'backends'?: (_weft_destination_v1_Backend)[];
}

export interface Snapshot__Output {
  'service': (_weft_destination_v1_Service__Output | null);
  'backends': (_weft_destination_v1_Backend__Output)[];
}
