// Table cells by their column's name, never by counting: a test says "the State of db", so a
// column added, removed or moved breaks no test that does not care about it.
import type { Locator, Page } from '@playwright/test';

/** The position of the column headed `column` (its accessible name) in the page's table. */
export async function columnIndex(page: Page, column: string): Promise<number> {
  const header = page.getByRole('columnheader', { name: column, exact: true });
  return header.evaluate((th) => (th as HTMLTableCellElement).cellIndex);
}

/** The cell of `row` under the column headed `column`. */
export async function cell(row: Locator, column: string): Promise<Locator> {
  const index = await columnIndex(row.page(), column);
  return row.locator(':scope > td, :scope > th').nth(index);
}
