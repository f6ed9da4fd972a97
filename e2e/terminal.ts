import type { Locator, Page } from '@playwright/test';

// The console page's terminal, as the specs that type into a zone's console reach it: by its
// role and name (xterm.js's host element is an "application" named after the zone, its input a
// labelled textbox), the way a screen reader user would.

/** The terminal of `zone`'s console. */
export const consoleTerminal = (page: Page, zone: string): Locator => page.getByRole('application', { name: new RegExp(`^Console of ${zone}`) });

/** xterm.js's hidden textarea, which receives what is typed. */
export const terminalInput = (page: Page): Locator => page.getByRole('textbox', { name: 'Terminal input' });

/** Types a line into the terminal as a person would, then Enter. */
export async function typeLine(page: Page, line: string): Promise<void> {
  await terminalInput(page).pressSequentially(line, { delay: 5 });
  await terminalInput(page).press('Enter');
}

/** The terminal's rows as text (xterm's DOM renderer), for exact-line checks. */
export async function terminalRows(terminal: Locator): Promise<string[]> {
  return terminal
    .locator('.xterm-rows > div')
    .evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ').trimEnd()));
}
