// Classification scores as reported in the model card: per-class precision/recall/F1,
// macro-F1 and the share of each predicted class.

export interface ClassScore {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
  predicted: number;
}

export interface Scores {
  accuracy: number;
  macroF1: number;
  perClass: ClassScore[];
}

/** Scores over the labels in `labels`; gold labels outside that set count as misses. */
export function scoreClassification(
  gold: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
): Scores {
  if (gold.length !== predicted.length) throw new Error('gold and predicted lengths differ');
  let correct = 0;
  const perClass: ClassScore[] = labels.map((label) => {
    let tp = 0;
    let support = 0;
    let predictedCount = 0;
    for (let i = 0; i < gold.length; i++) {
      if (gold[i] === label) support++;
      if (predicted[i] === label) predictedCount++;
      if (gold[i] === label && predicted[i] === label) tp++;
    }
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { label, precision, recall, f1, support, predicted: predictedCount };
  });
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  const present = perClass.filter((c) => c.support > 0);
  const macroF1 = present.reduce((sum, c) => sum + c.f1, 0) / Math.max(1, present.length);
  return { accuracy: gold.length === 0 ? 0 : correct / gold.length, macroF1, perClass };
}
