import { Writable } from 'node:stream';

/**
 * Lambda response streaming on this machine: the `awslambda` global the Node.js runtime gives
 * every function, and the HTTP-integration framing API Gateway reads from a streamed response
 * (a JSON prelude with status and headers, eight NUL bytes, then the body). Middy's
 * `streamifyResponse` uses exactly these two globals, so a streaming handler runs unchanged in the
 * local stack, in tests and in the bench.
 */

/** The runtime recognises a streaming handler by this marker (set by `awslambda.streamifyResponse`). */
const streamingMarker = Symbol.for('aws.lambda.runtime.handler.streaming');
export const httpIntegrationContentType = 'application/vnd.awslambda.http-integration-response';
const preludeDelimiter = new Uint8Array(8);

export interface ResponseStream extends Writable {
  setContentType(contentType: string): void;
}

export type StreamingHandler = (event: unknown, responseStream: ResponseStream, context: unknown) => unknown;

interface LambdaStreamingGlobals {
  streamifyResponse: (handler: StreamingHandler) => StreamingHandler;
  HttpResponseStream: { from: (stream: ResponseStream, prelude: object) => ResponseStream };
}

/** Defines `awslambda` as the Lambda Node.js runtime does; must run before a streaming handler is imported. */
export function installLambdaStreamingGlobals(): void {
  // @types/aws-lambda declares the runtime's global (a namespace with a class); this object is its shape.
  // Libraries share the global too (@aws/lambda-invoke-store puts `InvokeStore` on it), so the
  // two members are added to whatever object is already there.
  const runtimeGlobals = globalThis as unknown as { awslambda?: Partial<LambdaStreamingGlobals> };
  runtimeGlobals.awslambda ??= {};
  const awslambda = runtimeGlobals.awslambda;
  awslambda.streamifyResponse ??= (handler) => {
    Object.defineProperty(handler, streamingMarker, { value: 'response' });
    return handler;
  };
  awslambda.HttpResponseStream ??= {
    from(stream, prelude) {
      stream.setContentType(httpIntegrationContentType);
      stream.write(JSON.stringify(prelude));
      stream.write(preludeDelimiter);
      return stream;
    },
  };
}

export function isStreamingHandler(handler: unknown): handler is StreamingHandler {
  return typeof handler === 'function' && (handler as never)[streamingMarker] === 'response';
}

/** The response stream a streaming handler writes to; every chunk goes to `onChunk` as it is written. */
export function createResponseStream(onChunk: (chunk: Uint8Array) => void): ResponseStream {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      onChunk(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      done();
    },
  }) as ResponseStream;
  stream.setContentType = () => undefined;
  return stream;
}

export interface HttpPrelude {
  statusCode: number;
  headers?: Record<string, string>;
  multiValueHeaders?: Record<string, string[]>;
  cookies?: string[];
}

/**
 * Reads API Gateway's framing off a streamed response: buffers until the prelude is complete,
 * then hands it over once and passes every later byte straight through.
 */
export function createPreludeReader(handlers: {
  onPrelude: (prelude: HttpPrelude) => void;
  onBody: (chunk: Uint8Array) => void;
}) {
  let pending: Buffer | undefined = Buffer.alloc(0);
  return {
    push(chunk: Uint8Array) {
      if (pending === undefined) return handlers.onBody(chunk);
      pending = Buffer.concat([pending, chunk]);
      const end = pending.indexOf(preludeDelimiter);
      if (end === -1) return;
      const prelude = JSON.parse(pending.subarray(0, end).toString('utf8')) as HttpPrelude;
      const rest = pending.subarray(end + preludeDelimiter.length);
      pending = undefined;
      handlers.onPrelude(prelude);
      if (rest.length > 0) handlers.onBody(rest);
    },
    /** Whether the prelude has been read (the status and headers are known). */
    get started() {
      return pending === undefined;
    },
  };
}
