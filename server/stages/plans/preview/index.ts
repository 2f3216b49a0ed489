/**
 * Plan preview, pure (docs/plans.md "Plan preview"): what a re-route, a seats activation or a
 * declared level would do to the next 30 minutes, for the centre in trouble and the centres
 * taking its traffic.
 *
 *   plan step / level ─► actions.ts (PreviewAction[]) ─► effects.ts (loads moved, agents added) ─► predict.ts (with / without)
 */
export { previewActions, type PreviewInputs } from './actions.js';
export { effectOf, queueRefs, type PreviewAction } from './effects.js';
export { PREVIEW_MIN, previewPlan, type CentrePreview, type Prediction, type Preview, type StepPreview } from './predict.js';
