export { emShares } from './em-shares.js';
export {
  type CorrectedMethod,
  type CorrectionMatrix,
  combineShareDraws,
  estimateShares,
  type GroupedShareEstimate,
  type GroupParams,
  groupShareDraws,
  type IntervalRule,
  PLAIN_GROUP,
  type QuantifierParams,
  SHARE_DRAWS,
  type ShareDraws,
  type ShareEstimate,
  type ShareMethod,
  summariseDraws,
} from './estimate-shares.js';
export {
  type CorrectionFit,
  type FitOptions,
  fitCorrection,
  type LabelledPrediction,
} from './fit-correction.js';
export {
  DEFAULT_QUANTIFIER_PATH,
  loadQuantifierParams,
  parseQuantifierParams,
} from './quantifier-params.js';
export {
  addPost,
  addToGroup,
  CELL_COUNT,
  type ClassProbabilities,
  emptyGroupStatistics,
  emptyShareStatistics,
  type GroupStatistics,
  mergeShareStatistics,
  PRODUCT_COUNT,
  postCount,
  probabilityCell,
  probabilityMoments,
  productIndex,
  SHARE_CLASSES,
  type ShareClass,
  type SharePost,
  type ShareStatistics,
  shareGroup,
} from './share-statistics.js';
export { type Matrix, solveOnSimplex } from './simplex.js';
