/** A random index with probability proportional to weight; `cumulative` is the running sum. */
export function weightedIndex(cumulative: readonly number[]): number {
  const total = cumulative[cumulative.length - 1] ?? 0;
  const r = Math.random() * total;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function cumulativeWeights(items: readonly { weight: number }[]): number[] {
  let sum = 0;
  return items.map((i) => (sum += Math.max(0, i.weight)));
}
