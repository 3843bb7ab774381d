// The Destination API's messages, encoded and decoded by code that protobufjs's pbjs
// generated from the same .proto the control plane serves (control/api/gen/destination.pb.cjs,
// `npm run gen:proto`), on protobufjs's minimal runtime: no .proto parsing and no reflection
// in the proxy, which kept its peak memory ≈ 1 MB lower (README → Dependencies). Decoded
// updates have the shape @grpc/proto-loader gives the control plane (camelCase fields, enums
// as names, defaults filled in, `kind` naming the oneof member), so one set of generated
// types describes both ends.
import { createRequire } from 'node:module';
import type { IConversionOptions } from 'protobufjs';
import type { WatchRequest } from '../../control/api/gen/weft/destination/v1/WatchRequest.ts';
import type { Update__Output } from '../../control/api/gen/weft/destination/v1/Update.ts';

/** What pbjs generates for each message (without create, verify and the delimited forms). */
interface MessageCodec {
  fromObject(object: object): object;
  encode(message: object): { finish(): Uint8Array };
  decode(bytes: Uint8Array): object;
  toObject(message: object, options: IConversionOptions): object;
}
type Generated = { weft: { destination: { v1: Record<'WatchRequest' | 'Update', MessageCodec> } } };

const { WatchRequest: watchRequest, Update: update } = (createRequire(import.meta.url)('../../control/api/gen/destination.pb.cjs') as Generated).weft.destination.v1;
export const WATCH_PATH = '/weft.destination.v1.Destination/Watch';
const AS_OUTPUT: IConversionOptions = { longs: Number, enums: String, defaults: true, oneofs: true };

export function encodeWatchRequest(req: WatchRequest): Uint8Array {
  return watchRequest.encode(watchRequest.fromObject(req)).finish();
}

/** Throws on bytes that are not an Update (protobufjs's own error, with the offset). */
export function decodeUpdate(bytes: Uint8Array): Update__Output {
  return update.toObject(update.decode(bytes), AS_OUTPUT) as Update__Output;
}
