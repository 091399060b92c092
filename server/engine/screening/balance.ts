/**
 * ASReview's "double balance" (van de Schoot et al. 2021): relevant records are oversampled
 * more the rarer they are, irrelevant ones undersampled more the more have been read. ASReview
 * draws a random resample; we use its expectation as per-class weights, which gives the same
 * training set on average without sampling noise and keeps retraining deterministic.
 */
export interface DoubleBalanceParams {
  a: number;
  alpha: number;
  b: number;
  beta: number;
}

/** ASReview 1.x defaults. */
export const defaultDoubleBalance: DoubleBalanceParams = { a: 2.155, alpha: 0.94, b: 0.789, beta: 1 };

/** Per-record weights of each class in the rebalanced training set (total weight = nOne + nZero). */
export function doubleBalanceWeights(nOne: number, nZero: number, p: DoubleBalanceParams = defaultDoubleBalance) {
  if (nOne === 0 || nZero === 0) return { one: 1, zero: 1 };
  const nTrain = nOne + nZero;
  const oneWeight = p.a * Math.pow(nOne / nZero, -p.alpha);
  const zeroWeight = 1 - (1 - p.b) * Math.pow(1 + Math.log(nTrain), -p.beta);
  const total = oneWeight * nOne + zeroWeight * nZero;
  const nOneTrain = Math.max(1, Math.min(nTrain - 2, (oneWeight * nOne * nTrain) / total));
  return { one: nOneTrain / nOne, zero: (nTrain - nOneTrain) / nZero };
}
