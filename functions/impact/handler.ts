import { createHttpHandler } from '../../shared/http/pipeline';
import { impactRoutes } from './routes';

/** Impact: serves the summaries the `impact-summary` job compiles. */
export const handler = createHttpHandler(impactRoutes);
