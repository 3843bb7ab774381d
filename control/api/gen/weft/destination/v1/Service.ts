// Original file: control/api/destination.proto

import type { Protocol as _weft_destination_v1_Protocol, Protocol__Output as _weft_destination_v1_Protocol__Output } from '../../../weft/destination/v1/Protocol';
import type { Policy as _weft_destination_v1_Policy, Policy__Output as _weft_destination_v1_Policy__Output } from '../../../weft/destination/v1/Policy';

export interface Service {
  'name'?: (string);
  'namespace'?: (string);
  'port'?: (number);
  'protocol'?: (_weft_destination_v1_Protocol);
  'policy'?: (_weft_destination_v1_Policy | null);
}

export interface Service__Output {
  'name': (string);
  'namespace': (string);
  'port': (number);
  'protocol': (_weft_destination_v1_Protocol__Output);
  'policy': (_weft_destination_v1_Policy__Output | null);
}
