// The Source for a spec given as `--source NAME=SPEC` (or in the settings). Today every spec is a log
// file's path; a kind written as `KIND:NAME` (`journal:mumble-server`, `docker:murmur`) gets its own
// Source implementation here.
import { FileSource } from './file-source.js';
import type { Source } from './source.js';

export function openSource(spec: string): Source {
  return new FileSource(spec);
}
