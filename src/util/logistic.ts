/**
 * Logistic regression by full-batch gradient descent with Adam and L2 regularisation, for the project's small
 * learned scorers. Each row's first value is the constant 1 (the bias), which is not regularised. With
 * `balance`, positives and negatives weigh the same in total; without it (the default) the probabilities stay
 * calibrated, so that outputs can be compared against one threshold.
 */
export function fitLogistic(
  rows: readonly Float64Array[],
  labels: Uint8Array,
  options: { epochs?: number; l2?: number; rate?: number; balance?: boolean } = {},
): Float64Array {
  const epochs = options.epochs ?? 300;
  const l2 = options.l2 ?? 1e-3;
  const rate = options.rate ?? 0.05;
  const n = rows.length;
  const size = rows[0]?.length ?? 0;
  if (labels.length !== n) throw new Error(`fitLogistic: ${n} rows but ${labels.length} labels`);
  let positives = 0;
  for (const y of labels) positives += y;
  const positiveWeight = options.balance && positives > 0 ? n / (2 * positives) : 1;
  const negativeWeight = options.balance && n - positives > 0 ? n / (2 * (n - positives)) : 1;
  const w = new Float64Array(size);
  const m = new Float64Array(size);
  const v = new Float64Array(size);
  const gradient = new Float64Array(size);
  for (let epoch = 1; epoch <= epochs && n > 0; epoch++) {
    gradient.fill(0);
    for (let r = 0; r < n; r++) {
      const x = rows[r]!;
      let z = 0;
      for (let i = 0; i < size; i++) z += w[i]! * x[i]!;
      const p = 1 / (1 + Math.exp(-z));
      const y = labels[r]!;
      const g = (p - y) * (y ? positiveWeight : negativeWeight);
      for (let i = 0; i < size; i++) gradient[i] = gradient[i]! + g * x[i]!;
    }
    for (let i = 0; i < size; i++) {
      const g = gradient[i]! / n + (i === 0 ? 0 : l2 * w[i]!);
      m[i] = 0.9 * m[i]! + 0.1 * g;
      v[i] = 0.999 * v[i]! + 0.001 * g * g;
      const mHat = m[i]! / (1 - 0.9 ** epoch);
      const vHat = v[i]! / (1 - 0.999 ** epoch);
      w[i] = w[i]! - (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  return w;
}

/** The probability a fitted model gives a row (first value 1). */
export function logisticProbability(weights: Float64Array, row: Float64Array): number {
  let z = 0;
  for (let i = 0; i < weights.length; i++) z += weights[i]! * row[i]!;
  return 1 / (1 + Math.exp(-z));
}
