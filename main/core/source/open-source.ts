// The Source for a spec given as `--source NAME=SPEC` (or in the settings): a log file's path, `journal:UNIT`
// (the systemd journal) or `docker:CONTAINER` (a container's json-file log); see source-spec.ts.
import { DockerSource } from './docker/docker-source.js';
import { FileSource } from './file-source.js';
import { JournalSource } from './journal/journal-source.js';
import type { Source } from './source.js';
import { parseSourceSpec } from './source-spec.js';

/** Throws an Error that says what is wrong with a spec of an unknown kind or a bad unit or container name. */
export function openSource(spec: string): Source {
  const parsed = parseSourceSpec(spec);
  switch (parsed.kind) {
    case 'journal':
      return new JournalSource(parsed.unit);
    case 'docker':
      return new DockerSource(parsed.container);
    case 'file':
      return new FileSource(parsed.path);
  }
}
