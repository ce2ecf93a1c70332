import { createHttpHandler } from '../../shared/http/pipeline';
import { participationRoutes } from './routes';

/** Initiatives, engagements, contributions, votes and moderation: one function, routing inside. */
export const handler = createHttpHandler(participationRoutes);
