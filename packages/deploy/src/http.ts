/**
 * One small HTTP(S) client for routers and metric providers: node:http(s) so a cluster CA, client
 * certificates and an AbortSignal can be passed per request, and bodies are capped.
 */
import http from 'node:http';
import https from 'node:https';

export interface HttpRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** PEM CA bundle that signs the server's certificate (Kubernetes API). */
  ca?: string;
  cert?: string;
  key?: string;
  insecureSkipTlsVerify?: boolean;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Bodies larger than this are an error: no router or metrics API answers with megabytes. */
const MAX_BODY = 16 * 1024 * 1024;

export function httpRequest(request: HttpRequest): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const transport = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : undefined;
    if (!transport) {
      reject(new Error(`unsupported URL scheme in ${url.origin}`));
      return;
    }
    const headers: Record<string, string> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));
    const req = transport.request(
      url,
      {
        method: request.method ?? 'GET',
        headers,
        signal: request.signal,
        ...(url.protocol === 'https:'
          ? {
              ca: request.ca,
              cert: request.cert,
              key: request.key,
              rejectUnauthorized: !request.insecureSkipTlsVerify,
            }
          : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) {
            req.destroy(new Error(`response from ${url.origin} is larger than ${MAX_BODY} bytes`));
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', (error) => {
      const reason: unknown = request.signal?.aborted ? request.signal.reason : undefined;
      reject(reason instanceof Error ? reason : error);
    });
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

/** "GET http://host/path": the URL without query string or credentials, for messages. */
export function describeUrl(method: string, url: string): string {
  try {
    const parsed = new URL(url);
    return `${method} ${parsed.origin}${parsed.pathname}`;
  } catch {
    return `${method} (invalid URL)`;
  }
}
