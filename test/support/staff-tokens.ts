import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { issueStaffToken, staffTokenEnvironment } from '../../infra/local/tokens';
import { resetRuntimeConfig } from '../../shared/config/runtime';
import type { StaffRole } from '../../shared/http/route';
import { resetStaffTokenVerifier } from '../../shared/http/staff-token';

/**
 * Real staff tokens for in-process tests of `optionalStaff` routes, which verify the token
 * themselves: signed by a local issuer key of this test file's own (a temporary `$CIVIC_HOME`),
 * whose public keys the functions get through the variables `npm start` sets, so aws-jwt-verify
 * checks them as it checks Cognito's, with nothing fetched. Importing this module configures it.
 */
export const tokenHome = mkdtempSync(join(tmpdir(), 'civic-test-tokens-'));
Object.assign(process.env, staffTokenEnvironment(tokenHome));
// Whatever read the environment before this module was imported reads it again.
resetRuntimeConfig();
resetStaffTokenVerifier();
afterAll(() => rmSync(tokenHome, { recursive: true, force: true }));

/** A staff member's ID token, as `npx civic token --role <role>` gives it. */
export const staffToken = (role: StaffRole, options: { ttlSeconds?: number; now?: Date } = {}) =>
  issueStaffToken({ home: tokenHome, role, ...options });

/** The `Authorization` header of a staff member with `role`. */
export const bearer = async (role: StaffRole) => ({ Authorization: `Bearer ${await staffToken(role)}` });
