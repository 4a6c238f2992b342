// The method this product replaces: readline over the file, the blog's field regex on every line, and a
// count of `Authenticated` lines. Run as a child process by report.bench.ts.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const FIELDS = /=> <(?<session_ID>[^:]+):(?<u_name>[^\(]+)\((?<userIsAdmin>[^\)]+)/;
const file = process.argv[2];
if (file === undefined) throw new Error('usage: naive-baseline FILE');
let authenticated = 0;
let matched = 0;
for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  const match = FIELDS.exec(text);
  if (match !== null) matched += 1;
  if (text.includes('Authenticated')) authenticated += 1;
}
process.stdout.write(`${JSON.stringify({ authenticated, matched })}\n`);
