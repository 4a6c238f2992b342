// One HTTP(S) request with its whole answer: for what fetch cannot do (a foreign Host header, an unnormalised
// path, a private CA for a self-signed agent).
import { request as httpRequest, type IncomingHttpHeaders, type RequestOptions } from 'node:http';
import { request as httpsRequest, type RequestOptions as HttpsRequestOptions } from 'node:https';

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes as they came (compressed when the answer is). */
  raw: Buffer;
}

/** `options.ca` given: HTTPS trusting that certificate; else plain HTTP. Fails if the answer does not end within `answerWithinMs`. */
export function rawRequest(options: RequestOptions & Pick<HttpsRequestOptions, 'ca'>, answerWithinMs = 10_000): Promise<Reply> {
  const send = options.ca === undefined ? httpRequest : httpsRequest;
  return new Promise((resolve, reject) => {
    const req = send(options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw.toString('utf8'), raw });
      });
    });
    req.on('error', reject);
    req.setTimeout(answerWithinMs, () => req.destroy(new Error(`${options.method ?? 'GET'} ${options.path ?? '/'}: no complete answer within ${answerWithinMs} ms`)));
    req.end();
  });
}
