// Original file: control/api/destination.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Update as _weft_destination_v1_Update, Update__Output as _weft_destination_v1_Update__Output } from '../../../weft/destination/v1/Update';
import type { WatchRequest as _weft_destination_v1_WatchRequest, WatchRequest__Output as _weft_destination_v1_WatchRequest__Output } from '../../../weft/destination/v1/WatchRequest';

export interface DestinationClient extends grpc.Client {
  Watch(argument: _weft_destination_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_weft_destination_v1_Update__Output>;
  Watch(argument: _weft_destination_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_weft_destination_v1_Update__Output>;
  watch(argument: _weft_destination_v1_WatchRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_weft_destination_v1_Update__Output>;
  watch(argument: _weft_destination_v1_WatchRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_weft_destination_v1_Update__Output>;
  
}

export interface DestinationHandlers extends grpc.UntypedServiceImplementation {
  Watch: grpc.handleServerStreamingCall<_weft_destination_v1_WatchRequest__Output, _weft_destination_v1_Update>;
  
}

export interface DestinationDefinition extends grpc.ServiceDefinition {
  Watch: MethodDefinition<_weft_destination_v1_WatchRequest, _weft_destination_v1_Update, _weft_destination_v1_WatchRequest__Output, _weft_destination_v1_Update__Output>
}
