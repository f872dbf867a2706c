import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import {
  ADMIN_PASSWORD,
  api,
  authority,
  examPackage,
  expect,
  PROCTOR_PIN,
  REFERENCE_ANSWER,
  ROSTER_CSV,
  ROSTER_WITH_BAD_ROW,
  seedStation,
  START_PASSWORD,
  test,
  USB_LABEL,
} from './support/adminStation'
import { adminSection, expectAccessible, openProctorPanel, signInAdmin } from './support/adminUi'

const hexToRgb = (hex: string): string =>
  `rgb(${[1, 3, 5].map((at) => parseInt(hex.slice(at, at + 2), 16)).join(', ')})`
const file = (name: string, text: string) => ({ name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') })

test('first run: setup signs the admin in, install a signed package with its start password, import a roster after fixing a bad row', async ({
  page,
  station,
}) => {
  await page.goto(station.url)
  await expect(page.getByRole('status')).toHaveText(/No exam is installed/)
  await page.getByRole('button', { name: 'Administration' }).click()

  // The wizard: the station's own keys proven, then the two secrets, then the authority whose packages it trusts.
  await expect(page.getByRole('heading', { name: 'Station keys' })).toBeVisible()
  await expect(page.getByText('Working', { exact: true })).toHaveCount(2)
  await expectAccessible(page, 'the setup wizard')
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByLabel('New administrator password').fill(ADMIN_PASSWORD)
  await page.getByLabel('The same password again').fill(ADMIN_PASSWORD)
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByLabel('New proctor PIN').fill(PROCTOR_PIN)
  await page.getByLabel('The same PIN again').fill('000000')
  await page.getByRole('button', { name: 'Next' }).click()
  await expect(page.getByRole('alert')).toHaveText('The two PINs are not the same.')
  await page.getByLabel('The same PIN again').fill(PROCTOR_PIN)
  await page.getByRole('button', { name: 'Next' }).click()
  await page.getByLabel('Public key file').setInputFiles(file('authority.pub.pem', authority.publicKeyPem))
  await expect(page.getByLabel('Public key (PEM)')).toHaveValue(/BEGIN PUBLIC KEY/)
  await page.getByRole('button', { name: 'Finish setup' }).click()

  // Setup signs the admin in: the console opens without asking for the password just chosen.
  await expect(page.getByRole('navigation', { name: 'Administration sections' })).toBeVisible()
  await expect(page.getByLabel('Administrator password')).toHaveCount(0)
  await expect(page.getByText('No exam is installed.')).toBeVisible()
  await expect(page.getByText(`Key ${authority.keyId}`)).toBeVisible()
  await page.getByLabel('Package file').setInputFiles(file('exam.invigil', await examPackage(START_PASSWORD)))
  await page.getByRole('button', { name: 'Install', exact: true }).click()
  await expect(page.getByRole('alert')).toHaveText('This package needs its start password.')
  await page.getByLabel('Start password').fill(START_PASSWORD)
  await page.getByRole('button', { name: 'Install', exact: true }).click()
  await expect(page.getByText('Installed: Customer service check (e2e-staff-demo).')).toBeVisible()

  await adminSection(page, 'Roster')
  await page.getByLabel('Roster file (CSV)').setInputFiles(file('roster.csv', ROSTER_WITH_BAD_ROW))
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(page.getByText('Nothing was imported: fix the problem below and import the file again.')).toBeVisible()
  const errors = page.getByTestId('roster-errors')
  await expect(errors.getByRole('row').nth(1)).toHaveText(['3', 'name', 'name is empty.'].join(''))
  await expect(page.getByRole('heading', { name: 'Roster: 0 candidates' })).toBeVisible()
  await page.getByLabel('Roster file (CSV)').setInputFiles(file('roster.csv', ROSTER_CSV))
  await page.getByRole('button', { name: 'Import', exact: true }).click()
  await expect(page.getByText('Imported 2 candidates.')).toBeVisible()
  await expect(page.getByRole('row', { name: /C-002 Lam Siu Mei \+15 min/ })).toBeVisible()
  await expectAccessible(page, 'the roster import')

  await page.getByRole('button', { name: 'Back to the station' }).click()
  await expect(page.getByText('Customer service check')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Check in' })).toBeVisible()
})

test('grading beside the reference answer, export to the stick with progress, a bundle that verifies with the score, then purge', async ({
  page,
  station,
  usb,
}) => {
  await seedStation(station)
  // A candidate sat the exam (the proctor flow itself is proctor.spec's): started from the roster, answered, submitted.
  const { token } = await api(station, 'proctor.login', { pin: PROCTOR_PIN })
  await api(station, 'proctor.startSession', { token, candidateId: 'C-001' })
  await api(station, 'session.acknowledgeRules', {})
  await api(station, 'session.saveAnswer', { unitId: 'sa1', response: 'I would listen and confirm the fault.' })
  await api(station, 'session.submit', {})

  await page.goto(station.url)
  await expect(page.getByRole('heading', { name: 'Your exam has been submitted' })).toBeVisible()
  const panel = await openProctorPanel(page)
  await panel.getByRole('button', { name: 'Open administration' }).click()
  await signInAdmin(page)

  await adminSection(page, 'Sessions')
  await expect(
    page
      .getByTestId('sessions-table')
      .getByRole('row', { name: /Chan Tai Man \(C-001\) Submitted .* 0 \/ 6 \(1 to grade\)/ }),
  ).toBeVisible()

  await adminSection(page, 'Grading')
  await expect(page.getByTestId('grading-response')).toHaveText('I would listen and confirm the fault.')
  await expect(page.getByTestId('grading-reference')).toHaveText(REFERENCE_ANSWER)
  // Side by side: the reference answer is level with the response, to its right.
  const response = await page.getByTestId('grading-response').boundingBox()
  const reference = await page.getByTestId('grading-reference').boundingBox()
  expect(reference && response && reference.x > response.x && Math.abs(reference.y - response.y) < 5).toBe(true)
  await expectAccessible(page, 'the grading desk')
  // A score the question cannot have is refused where it was typed, saying the range; nothing is saved.
  for (const refused of ['7', '-1']) {
    await page.getByLabel('Score (0 to 5)').fill(refused)
    await page.getByLabel('Score (0 to 5)').press('Enter')
    await expect(page.getByRole('alert')).toHaveText(
      `${refused} is not a score for this question: enter a score from 0 to 5.`,
    )
    await expect(page.getByLabel('Score (0 to 5)')).toHaveAttribute('aria-invalid', 'true')
  }
  await expect(page.getByTestId('grading-response')).toHaveText('I would listen and confirm the fault.')
  await page.getByLabel('Score (0 to 5)').fill('4')
  await page.getByLabel('Score (0 to 5)').press('Enter')
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toContainText('0 answers left to grade.')

  await adminSection(page, 'Export')
  // The stick is picked from the list of removable drives, not typed.
  const stick = page
    .getByRole('list', { name: 'Removable drives' })
    .getByRole('button', { name: new RegExp(`^${USB_LABEL} `) })
  await expect(stick).toContainText(/ free$/)
  await stick.click()
  await expect(stick).toHaveAttribute('aria-pressed', 'true')
  await expect(page.getByLabel('Folder to export to')).toHaveValue(usb)
  await page.getByRole('button', { name: 'Start the export' }).click()
  await expect(page.getByRole('progressbar', { name: 'Export progress' })).toHaveAttribute('aria-valuenow', '100')
  await expect(page.getByText('Export finished: 1 file written.')).toBeVisible()
  await expectAccessible(page, 'the export summary')
  const [written] = readdirSync(usb)
  expect(written).toMatch(/^e2e-staff-demo_C-001_ses_[0-9a-f]{24}\.jws$/)
  await expect(page.getByTestId('export-summary')).toContainText(join(usb, written ?? ''))

  const verified = await verifyBundle(readFileSync(join(usb, written ?? '')), {
    trustedStationKeys: [station.runtime.station.publicKeyJwk],
  })
  if (!verified.ok) throw new Error(`the exported bundle does not verify: ${verified.reason}`)
  expect(verified.manifest.candidate).toEqual({ id: 'C-001', name: 'Chan Tai Man' })
  expect(verified.manifest.scores.units.find((unit) => unit.id === 'sa1')).toMatchObject({
    points: 4,
    method: 'manual',
    status: 'scored',
  })

  await adminSection(page, 'Results')
  await expect(page.getByRole('heading', { name: 'Results report' })).toBeVisible()
  await expect(page.getByTestId('pass-rate')).toBeVisible()
  await expect(page.getByTestId('item-analysis').getByRole('row', { name: /^sa1 / })).toBeVisible()
  await expectAccessible(page, 'the results report')

  await adminSection(page, 'Export')
  await page.getByRole('button', { name: 'Remove exported sessions…' }).click()
  // Removing is destructive and looks it: the confirmation is the danger red, not the primary blue.
  const removeThem = page
    .getByRole('dialog', { name: 'Remove the exported sessions?' })
    .getByRole('button', { name: 'Remove them' })
  const danger = await page.evaluate<string>(
    "getComputedStyle(document.documentElement).getPropertyValue('--color-danger').trim()",
  )
  await expect(removeThem).toHaveCSS('background-color', hexToRgb(danger))
  await expectAccessible(page, 'the purge confirmation')
  await removeThem.click()
  await expect(page.getByText('Removed 1 session.')).toBeVisible()
  await adminSection(page, 'Sessions')
  await expect(page.getByText('No sessions yet.')).toBeVisible()
  // The purged candidate's "submitted" screen is gone: the station welcomes the next one, without a reload.
  await page.getByRole('button', { name: 'Back to the station' }).click()
  await expect(page.getByRole('button', { name: 'Check in' })).toBeVisible()
  await expect(page.getByRole('heading', { name: 'Your exam has been submitted' })).toHaveCount(0)
  await expectAccessible(page, 'the welcome screen after a purge')
})
