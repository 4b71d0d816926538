// The AWS JSON protocol against the same origin: POST / with X-Amz-Target,
// as the SDKs send it. Errors come back as {"__type", "message"}.

export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

async function call<T>(target: string, contentType: string, body: unknown): Promise<T> {
  const response = await fetch('/', {
    method: 'POST',
    headers: { 'Content-Type': contentType, 'X-Amz-Target': target },
    body: JSON.stringify(body ?? {}),
  });
  const text = await response.text();
  let data: unknown = {};
  try {
    data = text ? JSON.parse(text) : {};
  } catch {
    throw new AwsError('InvalidResponse', text.slice(0, 200) || response.statusText, response.status);
  }
  if (!response.ok) {
    const d = data as { __type?: string; message?: string; Message?: string };
    const type = (d.__type ?? 'Error').split('#').pop() ?? 'Error';
    throw new AwsError(type, d.message ?? d.Message ?? response.statusText, response.status);
  }
  return data as T;
}

export function sfn<T = Record<string, unknown>>(operation: string, body?: unknown): Promise<T> {
  return call<T>(`AWSStepFunctions.${operation}`, 'application/x-amz-json-1.0', body);
}

export function events<T = Record<string, unknown>>(operation: string, body?: unknown): Promise<T> {
  return call<T>(`AWSEvents.${operation}`, 'application/x-amz-json-1.1', body);
}

export function errorText(error: unknown): string {
  if (error instanceof AwsError) return `${error.type}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
