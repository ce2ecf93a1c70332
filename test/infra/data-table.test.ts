import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '../../shared/db/table';
import { type SynthesizedApp, synthesize } from './civic-app';

describe('data table', () => {
  let civic: SynthesizedApp;

  beforeAll(() => {
    civic = synthesize();
  });

  it('uses the keys and indexes of tableDefinition', () => {
    // Prepare
    const expectedIndexes = tableDefinition.globalSecondaryIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    }));

    // Act
    const tables = civic.template.findResources('AWS::DynamoDB::Table');

    // Assess
    expect(Object.keys(tables)).toHaveLength(1);
    civic.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: expectedIndexes,
      BillingMode: 'PAY_PER_REQUEST',
    });
  });

  it('keeps TTL, the stream, PITR and deletion protection as declared', () => {
    // Prepare
    const expected = {
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
      StreamSpecification: { StreamViewType: tableDefinition.streamViewType },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    };

    // Act
    const assess = () => civic.template.hasResourceProperties('AWS::DynamoDB::Table', expected);

    // Assess
    expect(assess).not.toThrow();
  });

  it('encrypts with a rotated customer-managed key, and retains both on destroy', () => {
    // Prepare
    const keyId = Object.keys(civic.template.findResources('AWS::KMS::Key'))[0];

    // Act
    const table = civic.template.findResources('AWS::DynamoDB::Table');

    // Assess
    expect(keyId).toBeDefined();
    civic.template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true }),
    });
    const [resource] = Object.values(table);
    expect(resource).toMatchObject({
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
        },
      },
    });
  });

  it('retains the participant hash secret, generated with 64 characters and encrypted with the data key', () => {
    // Prepare
    const keyId = Object.keys(civic.template.findResources('AWS::KMS::Key'))[0];

    // Act
    const secrets = civic.template.findResources('AWS::SecretsManager::Secret');

    // Assess
    expect(Object.values(secrets)).toEqual([
      expect.objectContaining({
        DeletionPolicy: 'Retain',
        Properties: expect.objectContaining({
          KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
          GenerateSecretString: expect.objectContaining({ PasswordLength: 64 }),
        }),
      }),
    ]);
  });
});
