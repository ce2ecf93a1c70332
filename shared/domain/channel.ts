import { z } from 'zod';

/** The ways a record can reach the city: a web form, a paper form typed in, a call, a desk… */
export const channels = ['web', 'paper', 'phone', 'in-person', 'sms', 'kiosk', 'email'] as const;
export type Channel = (typeof channels)[number];
export const channelSchema = z.enum(channels);
/** Public routes are the web; records from before channels were kept read as it too. */
export const defaultChannel: Channel = 'web';
