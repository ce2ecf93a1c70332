import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig, mailIdentity, parseConfig } from '../../infra/config';

describe('mail settings in the deploy config', () => {
  const directory = mkdtempSync(join(tmpdir(), 'civic-mail-config-'));

  afterAll(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('verifies the sender’s domain, created by the stack, unless told otherwise', () => {
    // Act
    const config = parseConfig({ senderAddress: 'participatie@utrecht.nl' });

    // Assess
    expect(config.mail).toEqual({ createIdentity: true });
    expect(mailIdentity(config)).toBe('utrecht.nl');
  });

  it.each([
    ['utrecht.nl', 'participatie@mail.utrecht.nl'],
    ['participatie@utrecht.nl', 'participatie@utrecht.nl'],
    ['Utrecht.NL', 'participatie@utrecht.nl'],
  ])('accepts the identity %s for the sender %s', (identity, senderAddress) => {
    // Act
    const config = parseConfig({ senderAddress, mail: { identity } });

    // Assess
    expect(mailIdentity(config)).toBe(identity.toLowerCase());
  });

  it.each([
    [
      { senderAddress: 'participatie@utrecht.nl', mail: { identity: 'amsterdam.nl' } },
      /mail\.identity: .*does not cover/,
    ],
    [{ senderAddress: 'participatie@utrecht.nl', mail: { identity: 'other@utrecht.nl' } }, /does not cover/],
    [
      { mail: { identity: 'not a domain' } },
      /mail\.identity: "not a domain" is neither a domain nor an email/,
    ],
    [{ mail: { createIdentity: 'yes' } }, /mail\.createIdentity/],
    [{ mail: { region: 'eu-west-1' } }, /mail: unknown setting\(s\) region/],
  ])('refuses %j', (input, message) => {
    // Act
    const parse = () => parseConfig(input);

    // Assess
    expect(parse).toThrow(message);
  });

  it('merges mail settings from the file and the context key by key', () => {
    // Prepare
    const file = join(directory, 'civic.config.json');
    writeFileSync(
      file,
      JSON.stringify({ senderAddress: 'civic@utrecht.nl', mail: { identity: 'utrecht.nl' } }),
    );

    // Act
    const config = loadConfig({ file, context: { mail: { createIdentity: false } } });

    // Assess
    expect(config.mail).toEqual({ identity: 'utrecht.nl', createIdentity: false });
  });
});
