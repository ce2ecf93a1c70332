// The first module of every local Lambda execution environment (a worker thread). Plain
// JavaScript because nothing can load TypeScript before tsx is registered here.
import { register } from 'tsx/esm/api';

register();
await import('./lambda-environment.ts');
