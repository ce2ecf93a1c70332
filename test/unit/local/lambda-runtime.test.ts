import { afterEach, describe, expect, it } from 'vitest';
import { createLocalFunction, type LocalFunction } from '../../../infra/local/lambda-runtime';

const entry = 'test/unit/local/fixtures/echo-handler.ts';
const started: LocalFunction[] = [];

function localFunction(name: string, timeoutMs = 2_000) {
  const fn = createLocalFunction({
    functionName: `civic-${name}`,
    entry,
    env: { POWERTOOLS_SERVICE_NAME: name },
    region: 'eu-west-1',
    timeoutMs,
  });
  started.push(fn);
  return fn;
}

const request = (path: string) => ({ path, httpMethod: 'GET', headers: {}, requestContext: {} });

afterEach(async () => {
  await Promise.all(started.splice(0).map((fn) => fn.stop()));
});

describe('createLocalFunction', () => {
  it('gives each function its own environment variables, as separate Lambdas have', async () => {
    // Prepare
    const first = localFunction('participation');
    const second = localFunction('surveys');

    // Act
    const [a, b] = await Promise.all([first.invoke(request('/')), second.invoke(request('/'))]);

    // Assess
    const serviceOf = (invocation: typeof a) =>
      invocation.ok ? JSON.parse((invocation.value as { body: string }).body).serviceName : undefined;
    expect([serviceOf(a), serviceOf(b)]).toEqual(['participation', 'surveys']);
  });

  it('reports the cold start only on the first invocation', async () => {
    // Prepare
    const fn = localFunction('cold');

    // Act
    const first = await fn.invoke(request('/'));
    const second = await fn.invoke(request('/'));

    // Assess
    expect(first.initDurationMs).toBeGreaterThan(0);
    expect(second.initDurationMs).toBeUndefined();
  });

  it('does not count the init phase against the function timeout, as Lambda does not', async () => {
    // Prepare
    // Far shorter than importing the handler takes, long enough for the handler itself.
    const fn = localFunction('quick', 100);

    // Act
    const invocation = await fn.invoke(request('/'));

    // Assess
    expect(invocation.ok).toBe(true);
    expect(invocation.initDurationMs).toBeGreaterThan(100);
  });

  it('returns a thrown error as a Lambda function error', async () => {
    // Act
    const invocation = await localFunction('crash').invoke(request('/crash'));

    // Assess
    expect(invocation).toMatchObject({
      ok: false,
      error: { errorType: 'Error', errorMessage: 'The fixture failed on purpose.' },
    });
  });

  it('times out a slow invocation and starts a fresh environment for the next one', async () => {
    // Prepare
    const fn = localFunction('slow', 300);

    // Act
    const slow = await fn.invoke(request('/slow'));
    const next = await fn.invoke(request('/'));

    // Assess
    expect(slow).toMatchObject({ ok: false, error: { errorType: 'Sandbox.Timedout' } });
    expect(next.ok).toBe(true);
    expect(next.initDurationMs).toBeGreaterThan(0);
  });

  it('survives a handler that exits its process, as Lambda replaces a crashed runtime', async () => {
    // Prepare
    const fn = localFunction('exit');

    // Act
    const exited = await fn.invoke(request('/exit'));
    const next = await fn.invoke(request('/'));

    // Assess
    expect(exited).toMatchObject({ ok: false, error: { errorType: 'Runtime.ExitError' } });
    expect(next.ok).toBe(true);
  });
});
