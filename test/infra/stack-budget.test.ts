import { beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedApp, synthesize } from './civic-app';

/**
 * CloudFormation's quotas per template are 500 resources, 200 parameters and 1 MB of template
 * (uploaded to S3). Each stack keeps a fifth of each free, so that the next routes (issues 14–19
 * add dozens) fail this test rather than a deploy. docs/deploy.md explains the stack layout.
 */
const budget = { resources: 400, parameters: 160, templateBytes: 800_000 };

interface StackSize {
  path: string;
  resources: number;
  parameters: number;
  templateBytes: number;
}

describe('stack budget', () => {
  let civic: SynthesizedApp;
  let sizes: StackSize[];

  beforeAll(() => {
    civic = synthesize();
    sizes = [...civic.templates].map(([path, template]) => {
      const json = template.toJSON() as { Resources?: object; Parameters?: object };
      return {
        path,
        resources: Object.keys(json.Resources ?? {}).length,
        parameters: Object.keys(json.Parameters ?? {}).length,
        // As `suppressTemplateIndentation` writes it (infra/app.ts).
        templateBytes: Buffer.byteLength(JSON.stringify(json)),
      };
    });
  });

  it('keeps the city’s stack and each nested stack under the resource, parameter and size budgets', () => {
    // Prepare
    const table = sizes
      .map(
        (size) =>
          `${size.path}: ${size.resources} resources, ${size.parameters} parameters, ${size.templateBytes} bytes`,
      )
      .join('\n');

    // Act
    const over = sizes.filter(
      (size) =>
        size.resources > budget.resources ||
        size.parameters > budget.parameters ||
        size.templateBytes > budget.templateBytes,
    );

    // Assess
    expect(sizes.length, table).toBeGreaterThan(1);
    expect(
      over.map((size) => size.path),
      `Over budget (${budget.resources} resources, ${budget.parameters} parameters, ${budget.templateBytes} bytes per stack):\n${table}`,
    ).toEqual([]);
  });
});
