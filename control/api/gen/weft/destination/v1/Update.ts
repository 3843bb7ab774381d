// Original file: control/api/destination.proto

import type { Snapshot as _weft_destination_v1_Snapshot, Snapshot__Output as _weft_destination_v1_Snapshot__Output } from '../../../weft/destination/v1/Snapshot';
import type { Delta as _weft_destination_v1_Delta, Delta__Output as _weft_destination_v1_Delta__Output } from '../../../weft/destination/v1/Delta';
import type { NoSuchService as _weft_destination_v1_NoSuchService, NoSuchService__Output as _weft_destination_v1_NoSuchService__Output } from '../../../weft/destination/v1/NoSuchService';

export interface Update {
  'snapshot'?: (_weft_destination_v1_Snapshot | null);
  'delta'?: (_weft_destination_v1_Delta | null);
  'noSuchService'?: (_weft_destination_v1_NoSuchService | null);
  'kind'?: "snapshot"|"delta"|"noSuchService";
}

export interface Update__Output {
  'snapshot'?: (_weft_destination_v1_Snapshot__Output | null);
  'delta'?: (_weft_destination_v1_Delta__Output | null);
  'noSuchService'?: (_weft_destination_v1_NoSuchService__Output | null);
  'kind'?: "snapshot"|"delta"|"noSuchService";
}
