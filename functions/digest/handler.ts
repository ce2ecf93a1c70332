import { createHttpHandler } from '../../shared/http/pipeline';
import { digestRoutes } from './routes';

/** Digests: renders a period's evaluation digest for review (the `digest` job sends them). */
export const handler = createHttpHandler(digestRoutes);
