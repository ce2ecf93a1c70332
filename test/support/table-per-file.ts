import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, inject } from 'vitest';
import { ensureTable, localCredentials, localRegion } from '../../infra/local/dynamodb-local';
import { installLambdaStreamingGlobals } from '../../infra/local/response-streaming';

/**
 * Runs before each test file's imports: points the AWS SDK at the shared DynamoDB Local and gives
 * the file a table of its own, so files never see each other's items.
 */
const endpoint = inject('dynamoDbEndpoint');
const tableName = `civic-test-${randomBytes(6).toString('hex')}`;

process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
process.env.AWS_REGION = localRegion;
process.env.AWS_ACCESS_KEY_ID = localCredentials.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = localCredentials.secretAccessKey;
process.env.TABLE_NAME = tableName;
process.env.PARTICIPANT_HASH_KEY = 'test-participant-hash-key-0123456789abcdef';
process.env.ALLOWED_ORIGINS = 'https://www.example.gov';
process.env.THANK_YOU_URLS = 'https://www.example.gov/';
process.env.POWERTOOLS_SERVICE_NAME = 'civic-test';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_TRACE_ENABLED = 'false';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
// Mail the functions send lands in a folder of this file's own, as on the local stack (`test/support/mail.ts` reads it).
const outbox = mkdtempSync(join(tmpdir(), 'civic-test-outbox-'));
process.env.MAIL_OUTBOX_DIR ??= outbox;
process.env.MAIL_FROM ??= 'civic@example.gov';
process.env.PUBLIC_API_BASE_URL ??= 'https://api.example.gov/v1/';
afterAll(() => rmSync(outbox, { recursive: true, force: true }));

// As the Lambda runtime does, so streaming handlers (exports) can be imported and called in process.
installLambdaStreamingGlobals();

await ensureTable(endpoint, tableName);
