import { createHttpHandler } from '../../shared/http/pipeline';
import { volunteeringRoutes } from './routes';

/** Opportunities, shifts, sign-ups, attendance, hours, training sessions and volunteer profiles. */
export const handler = createHttpHandler(volunteeringRoutes);
