/** Messages between the local runtime (main thread) and a Lambda execution environment (worker). */

export interface EnvironmentData {
  root: string;
  entry: string;
  functionName: string;
  region: string;
  accountId: string;
  memoryMb: number;
}

export interface InvokeMessage {
  id: number;
  requestId: string;
  /** The function timeout; as in Lambda it counts from the end of the init phase. */
  timeoutMs: number;
  event: unknown;
}

/** Sent when the init phase is over and the handler is about to run (the timeout starts now). */
export interface StartedMessage {
  kind: 'started';
  id: number;
  /** Whether this invocation paid for the init phase (the environment's first). */
  cold: boolean;
}

/** A piece of a streaming handler's response, sent as the handler writes it. */
export interface ChunkMessage {
  kind: 'chunk';
  id: number;
  chunk: Uint8Array;
}

export interface LambdaError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

export type ResultMessage =
  | { kind: 'result'; id: number; ok: true; value: unknown; durationMs: number }
  | { kind: 'result'; id: number; ok: false; error: LambdaError; durationMs: number };

export type EnvironmentMessage = StartedMessage | ChunkMessage | ResultMessage;
