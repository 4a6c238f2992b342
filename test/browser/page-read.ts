// Reads what the dashboard shows, for assertions. String expressions keep DOM types out of the
// Node-side tsconfig; each returns plain JSON.
import type { Page } from 'playwright-core';

export interface OnlineRowText {
  source: string;
  server: number;
  session: number;
  name: string;
  cells: string[];
}

export async function onlineRows(page: Page): Promise<OnlineRowText[]> {
  return (await page.evaluate(`[...document.querySelectorAll('#online-table tbody tr')].map((row) => ({
    source: row.dataset.source,
    server: Number(row.dataset.server),
    session: Number(row.dataset.session),
    name: row.querySelector('td.name').textContent,
    cells: [...row.cells].map((cell) => cell.textContent),
  }))`)) as OnlineRowText[];
}

export async function columnTexts(page: Page, tableId: string, column: number): Promise<string[]> {
  return (await page.evaluate(
    `[...document.querySelectorAll('#${tableId} tbody tr')].map((row) => row.cells[${column}]?.textContent ?? '')`,
  )) as string[];
}

export interface ChartSeries {
  label: string;
  /** `peak`: the highest reading behind an averaged point (perf buckets). */
  data: Array<{ x: number; y: number | null; peak?: number | null }>;
}

/** The data a chart draws, mirrored by the renderer into its canvas's `data-series`. */
export async function chartSeries(page: Page, canvasId: string): Promise<ChartSeries[]> {
  const text = await page.locator(`#${canvasId}`).getAttribute('data-series');
  return text ? (JSON.parse(text) as ChartSeries[]) : [];
}

export async function countElements(page: Page, selector: string): Promise<number> {
  return page.locator(selector).count();
}
