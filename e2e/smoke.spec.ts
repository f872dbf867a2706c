import { expect, test } from './fixtures'

test('the built renderer shows the app title in Chromium', async ({ page, app }) => {
  await page.goto(app.url)
  await expect(page).toHaveTitle('Invigil')
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Invigil')
})

test('the candidate can switch the interface language', async ({ page, app }) => {
  await page.goto(app.url)
  // The station's exam comes from the host's API: the page reached the real station.
  await expect(page.getByText('2026年IT行業客戶服務技能認證試題')).toBeVisible()
  const picker = page.getByRole('combobox')
  await picker.selectOption('zh-Hant')
  await expect(page.getByRole('button', { name: '報到' })).toBeVisible()
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-Hant')
  await picker.selectOption('en')
  await expect(page.getByRole('button', { name: 'Check in' })).toBeVisible()
})
