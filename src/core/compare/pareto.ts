// Pareto front for "size vs KL divergence": a variant is on the front when no other variant is
// at least as small AND at least as close to the baseline, and strictly better in one of the two.

export interface TradeOffPoint {
  id: string;
  size: number;
  loss: number;
}

/** Ids of the points on the front, ordered by size. */
export function paretoFront(points: readonly TradeOffPoint[]): string[] {
  const valid = points.filter((p) => Number.isFinite(p.size) && Number.isFinite(p.loss));
  const sorted = [...valid].sort((a, b) => a.size - b.size || a.loss - b.loss);
  const front: string[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  for (const point of sorted) {
    if (point.loss < bestLoss) {
      front.push(point.id);
      bestLoss = point.loss;
    }
  }
  return front;
}
