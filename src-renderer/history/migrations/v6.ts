import { STORES_V5 } from './v5';

/**
 * Version 6: message actions (XEP-0308 corrections, XEP-0424 retractions, XEP-0444 reactions).
 * Messages gain the multi-entry index `*amendIds` (the ids of corrections applied to a row, so a
 * receipt or marker for a correction's id finds the original), and `pendingActions` keeps actions
 * whose target has not arrived yet. No row changes: the new fields are optional.
 */
export const STORES_V6 = {
  messages: `${STORES_V5.messages}, *amendIds`,
  pendingActions: '++seq, conversation',
};
