#!/usr/bin/env node
// The `civic` command (package.json "bin"). Plain JavaScript: it registers tsx so the CLI, written
// in TypeScript like the rest of the repository, runs without a build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../infra/local/cli.ts');
process.exitCode = await main(process.argv.slice(2));
