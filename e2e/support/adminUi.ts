import type { Locator, Page } from '@playwright/test'
import { expect } from '@playwright/test'
import { ADMIN_PASSWORD, PROCTOR_PIN } from './adminStation'
import { seriousAxeFindings } from './axe'

/** What staff and candidate do on the page, by the names a screen reader would announce. */

export const proctorPanel = (page: Page): Locator => page.getByRole('dialog', { name: 'Proctor panel' })

/** The proctor's chord and PIN: the panel opens over whatever the candidate sees. */
export async function openProctorPanel(page: Page): Promise<Locator> {
  await page.keyboard.press('Control+Alt+KeyP')
  const panel = proctorPanel(page)
  await expect(panel).toBeVisible()
  await panel.getByLabel('Proctor PIN').fill(PROCTOR_PIN)
  await panel.getByLabel('Proctor PIN').press('Enter')
  await expect(panel.getByRole('heading', { name: 'Candidate on this station' })).toBeVisible()
  return panel
}

export async function closeProctorPanel(page: Page): Promise<void> {
  await proctorPanel(page).getByRole('button', { name: 'Close and sign out' }).click()
  await expect(proctorPanel(page)).toBeHidden()
}

export async function signInAdmin(page: Page): Promise<void> {
  await page.getByLabel('Administrator password').fill(ADMIN_PASSWORD)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('navigation', { name: 'Administration sections' })).toBeVisible()
}

export const adminSection = (page: Page, name: string): Promise<void> =>
  page.getByRole('navigation', { name: 'Administration sections' }).getByRole('button', { name }).click()

/** The candidate accepts the rules and starts; the clock runs from here. */
export async function startExam(page: Page): Promise<void> {
  await page.getByLabel('I have read the rules and I accept them.').check()
  await page.getByRole('button', { name: 'Start the exam' }).click()
  await expect(page.getByRole('heading', { name: /Question 1 of/ })).toBeVisible()
}

export async function answerText(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Your answer' }).fill(text)
  await expect(page.getByRole('status').filter({ hasText: /\bSaved$/ })).toBeVisible()
}

export async function submitExam(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Review and submit' }).click()
  await page.getByRole('button', { name: 'Submit the exam' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Submit now' }).click()
  await expect(page.getByRole('heading', { name: 'Your exam has been submitted' })).toBeVisible()
}

/** axe-core over the page as it is: serious and critical violations fail, each named with where it was found. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  expect(await seriousAxeFindings(page), `axe-core on ${screen}`).toEqual([])
}
