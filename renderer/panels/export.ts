// CSV export buttons: the text comes from the API and is saved through a Blob, no navigation needed.
import type { ExportKind, RendererApi } from '../../main/contract.js';
import { byId } from '../dom.js';

function save(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoke later: the download starts asynchronously after the click.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function mountExport(api: RendererApi, reportError: (message: string) => void): void {
  const buttons: Array<[string, ExportKind]> = [
    ['export-sessions', 'sessions'],
    ['export-days', 'days'],
  ];
  for (const [id, kind] of buttons) {
    const button = byId(id, HTMLButtonElement);
    button.addEventListener('click', () => {
      button.disabled = true;
      const stamp = new Date().toISOString().slice(0, 10);
      api
        .exportCsv(kind)
        .then((csv) => save(`murmur-${kind}-${stamp}.csv`, csv))
        .catch((error: unknown) => reportError(`Export failed: ${String(error)}`))
        .finally(() => {
          button.disabled = false;
        });
    });
  }
}
