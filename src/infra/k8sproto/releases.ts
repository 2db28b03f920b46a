/**
 * Which Kubernetes releases' types the descriptor holds (npm run proto merges every
 * minor release from 1.29 to the lab's into one), and which of them had a given kind:
 * what a value document says it was decoded with.
 */
import descriptor from './descriptor.json';

const minor = (release: string | undefined): string => (release ?? '').split(':')[0] as string;
const span = (first: string, last: string): string => (first === last ? first : `${first}–${last}`);

/** E.g. "1.29–1.37". */
export const descriptorReleases: string = span(minor(descriptor.releases[0]), minor(descriptor.releases.at(-1)));

/** The releases that had the type of a kind (full protobuf name), e.g. "1.29–1.30" for one later removed; else all of them. */
export function releasesOf(type: string | undefined): string {
  const had = type ? (descriptor.kinds as Record<string, string[] | undefined>)[type] : undefined;
  return had ? span(had[0] ?? '', had[1] ?? '') : descriptorReleases;
}
