/**
 * What `npm run proto` read from the Go types beside the .proto files, by
 * message full name: how the JSON API writes each field. decode.ts and
 * apiOrder.ts both follow it.
 */
import descriptor from './descriptor.json';

type Fields = Readonly<Record<string, readonly string[]>>;

/** Go structs embedded `json:",inline"`: their fields are written in place. */
export const inlined = descriptor.inline as Fields;
/** Value fields tagged omitempty (and []byte): their zero value is left out. */
export const omitZero = descriptor.omitZero as Fields;
/** Fields tagged omitzero: left out when they decode to null (a zero time). */
export const omitNull = descriptor.omitNull as Fields;
/** Lists and maps without omitempty: written as null when empty. */
export const nullWhenEmpty = descriptor.nullWhenEmpty as Fields;
/** Go `json` names that differ from the protobuf field names. */
export const jsonNames = descriptor.jsonNames as Readonly<Record<string, Readonly<Record<string, string>>>>;
/** Go named list types (`type ExtraValue []string`): protobuf wraps the list in `items`, JSON writes the list. */
export const namedLists: ReadonlySet<string> = new Set(descriptor.namedLists as string[]);
/** Go field order where it differs from the field numbers ('#TypeMeta': where kind and apiVersion go). */
export const goOrder = descriptor.order as Fields;
