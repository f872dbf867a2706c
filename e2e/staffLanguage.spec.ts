import type { BrowserHost } from '../electron/host/browserHost'
import { bankSchema } from '../electron/core/bank/schema'
import { buildPackage } from '../electron/core/package/examPackage'
import { unexpectedLatinWords } from '../src/i18n/latinWords'
import { ADMIN_PASSWORD, api, authority, e2eBank, expect, PROCTOR_PIN, test } from './support/adminStation'
import { expectAccessible } from './support/adminUi'
import { translator, type UiLocale } from './support/locale'

/**
 * The proctor's and the admin's screens in Chinese, as the staff of a Chinese-speaking centre meet them: with a
 * candidate under way and then submitted, the proctor panel, the installed exam (with where it came from), the
 * sessions list with a session's story, and the grading desk show no Latin words but names, codes and numbers, and
 * axe finds nothing serious.
 */
const LOCALES: UiLocale[] = ['zh-Hant', 'zh-Hans']

/** The staff suite's small exam, written in Chinese, so only the interface could bring English onto a screen. */
const chineseBank = bankSchema.parse({
  ...e2eBank,
  id: 'e2e-staff-zh',
  title: '客戶服務測驗',
  language: 'zh-Hant',
  sections: [
    {
      id: 'written',
      title: '筆試',
      items: [
        {
          id: 'sa1',
          type: 'short_answer',
          stem: '客戶來電報修時,你首先會做甚麼?',
          points: 5,
          reference_answer: '先聆聽,再用客戶的話複述問題。',
        },
        {
          id: 'q1',
          type: 'single',
          stem: '哪些渠道需要記錄?',
          points: 1,
          options: { A: '電話', B: '所有渠道' },
          key: 'B',
        },
      ],
    },
  ],
})

async function seedChineseStation(station: BrowserHost): Promise<void> {
  await api(station, 'admin.setup', {
    adminPassword: ADMIN_PASSWORD,
    proctorPin: PROCTOR_PIN,
    authorityPublicKeyPem: authority.publicKeyPem,
  })
  const { token } = await api(station, 'admin.login', { password: ADMIN_PASSWORD })
  const packageText = await buildPackage({
    bank: chineseBank,
    authorityPrivateKeyPem: authority.privateKeyPem,
    now: new Date(),
  })
  await api(station, 'admin.installPackage', { token, packageText })
  await api(station, 'admin.importRoster', { token, csvText: 'candidate_id,name,extra_minutes\r\nC-001,陳大文,15\r\n' })
  await api(station, 'admin.logout', { token })
}

for (const locale of LOCALES) {
  test(`the proctor panel and the admin console in ${locale}: one language, axe clean`, async ({ page, station }) => {
    const t = translator(locale)
    await seedChineseStation(station)
    const proctor = await api(station, 'proctor.login', { pin: PROCTOR_PIN })
    await api(station, 'proctor.startSession', { token: proctor.token, candidateId: 'C-001' })
    await api(station, 'session.acknowledgeRules', {})
    await api(station, 'session.saveAnswer', { unitId: 'sa1', response: '我會先聆聽並確認故障。' })

    const check = async (screen: string): Promise<void> => {
      const text = await page.locator('body').innerText()
      expect(unexpectedLatinWords(text), `Latin words on ${screen} in ${locale}`).toEqual([])
      await expectAccessible(page, `${screen} in ${locale}`)
    }

    await page.goto(station.url)
    await page.getByRole('combobox').selectOption(locale)
    await expect(page.locator('html')).toHaveAttribute('lang', locale)
    await page.keyboard.press('Control+Alt+KeyP')
    const panel = page.getByRole('dialog', { name: t('proctor.title') })
    await panel.getByLabel(t('proctor.pin'), { exact: true }).fill(PROCTOR_PIN)
    await panel.getByRole('button', { name: t('proctor.unlock'), exact: true }).click()
    await expect(panel.getByText(t('proctor.candidateLine', { name: '陳大文', id: 'C-001' })).first()).toBeVisible()
    await check('the proctor panel, a session under way')

    await api(station, 'session.submit', {})
    await panel.getByRole('button', { name: t('proctor.administration'), exact: true }).click()
    await page.getByLabel(t('admin.password'), { exact: true }).fill(ADMIN_PASSWORD)
    await page.getByRole('button', { name: t('admin.signIn'), exact: true }).click()
    const sections = page.getByRole('navigation', { name: t('admin.sections.label') })
    await expect(sections).toBeVisible()
    await sections.getByRole('button', { name: t('admin.sections.exam'), exact: true }).click()
    await expect(
      page.getByText(t('admin.exam.sourcePackage', { bankId: 'e2e-staff-zh', keyId: authority.keyId })),
    ).toBeVisible()
    await check("the admin's installed exam")

    await sections.getByRole('button', { name: t('admin.sections.sessions'), exact: true }).click()
    const candidate = t('proctor.candidateLine', { name: '陳大文', id: 'C-001' })
    await expect(page.getByTestId('sessions-table')).toContainText(candidate)
    await page.getByRole('button', { name: t('admin.sessions.showStory', { candidate: 'C-001' }), exact: true }).click()
    await expect(page.getByTestId('session-audit')).toContainText(t('audit.title', { name: '陳大文', id: 'C-001' }))
    await check('the sessions list with a story')

    await sections.getByRole('button', { name: t('admin.sections.grading'), exact: true }).click()
    await expect(page.getByTestId('grading-response')).toHaveText('我會先聆聽並確認故障。')
    await check('the grading desk')
  })
}
