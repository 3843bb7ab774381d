// The Destination API's messages, encoded and decoded with protobufjs from the same .proto
// the control plane serves. Decoded updates have the shape @grpc/proto-loader gives the
// control plane (camelCase fields, enums as names, defaults filled in, `kind` naming the
// oneof member), so one set of generated types describes both ends.
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { WatchRequest } from '../../control/api/gen/weft/destination/v1/WatchRequest.ts';
import type { Update__Output } from '../../control/api/gen/weft/destination/v1/Update.ts';

const PROTO = fileURLToPath(new URL('../../control/api/destination.proto', import.meta.url));
export const WATCH_PATH = '/weft.destination.v1.Destination/Watch';

const root = protobuf.loadSync(PROTO);
const watchRequest = root.lookupType('weft.destination.v1.WatchRequest');
const update = root.lookupType('weft.destination.v1.Update');
const AS_OUTPUT: protobuf.IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true };

export function encodeWatchRequest(req: WatchRequest): Uint8Array {
  return watchRequest.encode(watchRequest.fromObject(req)).finish();
}

/** Throws on bytes that are not an Update (protobufjs's own error, with the offset). */
export function decodeUpdate(bytes: Uint8Array): Update__Output {
  return update.toObject(update.decode(bytes), AS_OUTPUT) as Update__Output;
}
