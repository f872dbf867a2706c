import type { Page } from '@playwright/test'
import { expect } from '@playwright/test'
import { ADMIN_PASSWORD, PROCTOR_PIN } from './adminStation'

export const CERTIFICATION_TITLE = '2026年IT行業客戶服務技能認證試題'
export const INTERVIEW_TITLE = '2026年客戶服務專員面試要點及參考答案'

/**
 * A development build's first start, as a developer does it by hand after `npm start`: set the station up trusting
 * the demo authority the wizard offers, install a seed exam from the list. Without `chooseEnglish` it stays in the
 * console after the install, with no language picked on the station. Shared by the browser-host suite
 * and the _electron suite, so both run the same flow.
 */
export async function setUpWithSeedExam(page: Page, title: string, { chooseEnglish = true } = {}): Promise<void> {
  await expect(page.getByRole('status')).toHaveText(/No exam is installed/)
  // Chosen, so the candidate screens stay English once a zh-Hant exam (otherwise their default language) is in.
  if (chooseEnglish) await page.getByRole('combobox', { name: 'Language' }).selectOption('en')
  await page.getByRole('button', { name: 'Administration' }).click()
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByLabel('New administrator password').fill(ADMIN_PASSWORD)
  await page.getByLabel('The same password again').fill(ADMIN_PASSWORD)
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByLabel('New proctor PIN').fill(PROCTOR_PIN)
  await page.getByLabel('The same PIN again').fill(PROCTOR_PIN)
  await page.getByRole('button', { name: 'Next' }).click()
  await expect(
    page.getByText(/Development build: the seed exams in banks\/ are signed by a demo authority/),
  ).toBeVisible()
  await page.getByRole('button', { name: 'Use the demo authority' }).click()
  await expect(page.getByLabel('Public key (PEM)')).toHaveValue(/BEGIN PUBLIC KEY/)
  await page.getByRole('button', { name: 'Finish setup' }).click()

  // Setup signs the admin in: no second password prompt.
  await expect(page.getByRole('navigation', { name: 'Administration sections' })).toBeVisible()
  const seedExams = page.getByRole('region', { name: 'Seed exams (development build)' })
  await expect(seedExams.getByRole('button', { name: `Install ${INTERVIEW_TITLE}` })).toBeVisible()
  await seedExams.getByRole('button', { name: `Install ${title}` }).click()
  await expect(seedExams.getByRole('status')).toContainText(`Installed: ${title}`)
  if (!chooseEnglish) return
  await page.getByRole('button', { name: 'Back to the station' }).click()
  await expect(page.getByText(title)).toBeVisible()
  await expect(page.getByRole('button', { name: 'Check in' })).toBeVisible()
}
