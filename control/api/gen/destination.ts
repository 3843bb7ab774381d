import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { Backend as _weft_destination_v1_Backend, Backend__Output as _weft_destination_v1_Backend__Output } from './weft/destination/v1/Backend';
import type { BackendChange as _weft_destination_v1_BackendChange, BackendChange__Output as _weft_destination_v1_BackendChange__Output } from './weft/destination/v1/BackendChange';
import type { Delta as _weft_destination_v1_Delta, Delta__Output as _weft_destination_v1_Delta__Output } from './weft/destination/v1/Delta';
import type { DestinationClient as _weft_destination_v1_DestinationClient, DestinationDefinition as _weft_destination_v1_DestinationDefinition } from './weft/destination/v1/Destination';
import type { Endpoint as _weft_destination_v1_Endpoint, Endpoint__Output as _weft_destination_v1_Endpoint__Output } from './weft/destination/v1/Endpoint';
import type { NoSuchService as _weft_destination_v1_NoSuchService, NoSuchService__Output as _weft_destination_v1_NoSuchService__Output } from './weft/destination/v1/NoSuchService';
import type { Policy as _weft_destination_v1_Policy, Policy__Output as _weft_destination_v1_Policy__Output } from './weft/destination/v1/Policy';
import type { Service as _weft_destination_v1_Service, Service__Output as _weft_destination_v1_Service__Output } from './weft/destination/v1/Service';
import type { Snapshot as _weft_destination_v1_Snapshot, Snapshot__Output as _weft_destination_v1_Snapshot__Output } from './weft/destination/v1/Snapshot';
import type { Update as _weft_destination_v1_Update, Update__Output as _weft_destination_v1_Update__Output } from './weft/destination/v1/Update';
import type { WatchRequest as _weft_destination_v1_WatchRequest, WatchRequest__Output as _weft_destination_v1_WatchRequest__Output } from './weft/destination/v1/WatchRequest';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  weft: {
    destination: {
      v1: {
        Backend: MessageTypeDefinition<_weft_destination_v1_Backend, _weft_destination_v1_Backend__Output>
        BackendChange: MessageTypeDefinition<_weft_destination_v1_BackendChange, _weft_destination_v1_BackendChange__Output>
        Delta: MessageTypeDefinition<_weft_destination_v1_Delta, _weft_destination_v1_Delta__Output>
        Destination: SubtypeConstructor<typeof grpc.Client, _weft_destination_v1_DestinationClient> & { service: _weft_destination_v1_DestinationDefinition }
        Endpoint: MessageTypeDefinition<_weft_destination_v1_Endpoint, _weft_destination_v1_Endpoint__Output>
        NoSuchService: MessageTypeDefinition<_weft_destination_v1_NoSuchService, _weft_destination_v1_NoSuchService__Output>
        Policy: MessageTypeDefinition<_weft_destination_v1_Policy, _weft_destination_v1_Policy__Output>
        Protocol: EnumTypeDefinition
        Service: MessageTypeDefinition<_weft_destination_v1_Service, _weft_destination_v1_Service__Output>
        Snapshot: MessageTypeDefinition<_weft_destination_v1_Snapshot, _weft_destination_v1_Snapshot__Output>
        Update: MessageTypeDefinition<_weft_destination_v1_Update, _weft_destination_v1_Update__Output>
        WatchRequest: MessageTypeDefinition<_weft_destination_v1_WatchRequest, _weft_destination_v1_WatchRequest__Output>
      }
    }
  }
}

