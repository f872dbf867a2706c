/** Scores as percentages of the maximum, counted in ten bands (0–9 %, 10–19 % … 90–100 %), for the distribution chart. */
export function scoreBins(scores: readonly { total: number; max: number }[]): number[] {
  const bins = Array.from({ length: 10 }, () => 0)
  for (const { total, max } of scores) {
    if (max <= 0) continue
    const band = Math.min(9, Math.floor((total / max) * 10))
    bins[Math.max(0, band)] = (bins[Math.max(0, band)] ?? 0) + 1
  }
  return bins
}
