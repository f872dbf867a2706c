import { expect, test } from './fixtures'

test('the built renderer shows the app title in Chromium', async ({ page, app }) => {
  await page.goto(app.url)
  await expect(page).toHaveTitle('Invigil')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Invigil')
})

test('the candidate can switch the interface language', async ({ page, app }) => {
  await page.goto(app.url)
  const picker = page.getByRole('combobox')
  await picker.selectOption('zh-Hant')
  await expect(page.getByRole('status')).toHaveText('本工作站尚未安裝考試，請洽監考人員。')
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant')
  await picker.selectOption('en')
  await expect(page.getByRole('status')).toContainText('No exam is installed')
})
