import { z } from 'zod';
import { defineEvent, eventBase } from './define-event';

const source = 'civic.mapping';

/** A resident suggested a community asset; it waits as `pending` for a coordinator. */
export const AssetSuggested = defineEvent({
  source,
  detailType: 'AssetSuggested',
  detail: z.object({
    ...eventBase,
    assetId: z.string(),
    category: z.string(),
    neighbourhood: z.string(),
  }),
});

/**
 * A community asset is on the public map: staff entered it (`origin: 'staff'`) or a coordinator
 * approved a resident's suggestion (`origin: 'suggestion'`).
 */
export const AssetApproved = defineEvent({
  source,
  detailType: 'AssetApproved',
  detail: z.object({
    ...eventBase,
    assetId: z.string(),
    category: z.string(),
    neighbourhood: z.string(),
    origin: z.enum(['staff', 'suggestion']),
    approvedBy: z.string().describe('The staff user ID (Cognito `sub`), never a name or email.'),
  }),
});
