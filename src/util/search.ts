/**
 * Binary search over a list sorted so that `before` holds for a prefix of it and fails for the rest: the index of
 * the first item for which it fails (the list's length when it holds throughout). The one lower-bound search the
 * stages share ("first token ending after", "first mention starting at or after").
 */
export function partitionPoint<T>(items: readonly T[], before: (item: T) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(items[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
