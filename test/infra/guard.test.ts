import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardRule } from '../../infra/guard';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));

interface ReportedViolation {
  ruleName: string;
  violatingConstructs?: { constructPath?: string }[];
  reason?: string;
}
interface ValidationReport {
  pluginReports: {
    pluginName: string;
    violations: ReportedViolation[];
    suppressedViolations?: ReportedViolation[];
  }[];
}

const where = (violation: ReportedViolation) =>
  (violation.violatingConstructs ?? []).map(
    (resource) => `${violation.ruleName} at ${resource.constructPath}`,
  );

/**
 * The one synth that runs cfn-guard (tens of seconds on this template; every other test synth
 * leaves it out): the city's stack beside a canary stack that CT.SQS.PR.1 must refuse.
 */
describe('cfn-guard (Control Tower proactive controls) at synth', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'civic-guard-'));
  let synthOutput: string;
  let guard: ValidationReport['pluginReports'][number] | undefined;

  beforeAll(async () => {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', 'test/infra/fixtures/synth-guarded.ts', outdir],
      { cwd: repositoryRoot, maxBuffer: 64 * 1024 * 1024 },
    );
    synthOutput = stdout;
    const report = JSON.parse(
      readFileSync(join(outdir, 'validation-report.json'), 'utf8'),
    ) as ValidationReport;
    guard = report.pluginReports.find((plugin) => plugin.pluginName === 'cdk-validator-cfnguard');
  }, 600_000);

  afterAll(() => {
    rmSync(outdir, { recursive: true, force: true });
  });

  it('stops the synth on a violation nobody acknowledged, nested stacks included, and the city’s stack has none', () => {
    // Act
    const open = guard?.violations.flatMap(where);

    // Assess
    expect(synthOutput).toContain('sqs_dlq_check');
    expect(open?.sort()).toEqual([
      'sqs_dlq_check at GuardCanary/Nested/QueueWithoutDlq/Resource',
      'sqs_dlq_check at GuardCanary/QueueWithoutDlq/Resource',
    ]);
  });

  it('acknowledges every other finding on the city’s resources, each with its reason', () => {
    // Act
    const suppressed = guard?.suppressedViolations ?? [];

    // Assess
    for (const violation of suppressed) {
      expect(violation.reason?.trim().length, violation.ruleName).toBeGreaterThanOrEqual(20);
      for (const resource of violation.violatingConstructs ?? [])
        expect(resource.constructPath, violation.ruleName).toMatch(/^Civic-/);
    }
    expect(new Set(suppressed.map((violation) => guardRule(violation.ruleName)))).toEqual(
      new Set(
        [
          'api_gw_v1_execution_logging_enabled_check',
          'cloudwatch_log_group_encrypted_check',
          'lambda_function_public_access_prohibited_check',
          'lambda_inside_vpc_check',
          // The privacy exports bucket: short-lived objects, deleted after four days, read only
          // through the privacy function (infra/constructs/privacy-exports.ts gives each reason).
          's3_bucket_logging_enabled_check',
          's3_bucket_object_lock_enabled_check',
          's3_bucket_versioning_enabled_check',
          's3_event_notifications_enabled_check',
          'sqs_dlq_check',
        ].map(guardRule),
      ),
    );
  });
});
