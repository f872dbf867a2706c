import { expect, seedStation, test } from './support/adminStation'
import {
  adminSection,
  answerText,
  closeProctorPanel,
  expectAccessible,
  openProctorPanel,
  proctorPanel,
  signInAdmin,
  startExam,
  submitExam,
} from './support/adminUi'
import { reportOsEvent } from './support/osEvents'

test('the proctor starts a roster candidate, pauses, extends with a reason and resumes; the candidate sees each step', async ({
  page,
  station,
}) => {
  await seedStation(station)
  await page.goto(station.url)
  await page.getByRole('button', { name: 'Proctor panel' }).click()
  const panel = proctorPanel(page)
  await panel.getByLabel('Proctor PIN').fill('135790')
  await panel.getByRole('button', { name: 'Unlock' }).click()

  // The roster gives the name: the proctor types part of the id and picks the candidate.
  await panel.getByLabel('Candidate ID').fill('C-00')
  await panel.getByRole('button', { name: 'Chan Tai Man (C-001)' }).click()
  await expect(panel.getByText('On the roster: Chan Tai Man (C-001)')).toBeVisible()
  await panel.getByRole('button', { name: 'Start the session' }).click()
  await expect(panel.getByTestId('proctor-session-state')).toHaveText('Checked in, not started')
  await closeProctorPanel(page)

  await expect(page.getByText('Candidate: Chan Tai Man (C-001)')).toBeVisible()
  await startExam(page)
  await answerText(page, 'I listen to the customer and confirm the fault.')

  let controls = await openProctorPanel(page)
  await expect(controls.getByText('1 of 2')).toBeVisible()
  await controls.getByRole('button', { name: 'Pause the exam' }).click()
  await expect(controls.getByTestId('proctor-session-state')).toHaveText('Paused')
  await closeProctorPanel(page)
  await expect(page.getByRole('heading', { name: 'The exam is paused' })).toBeVisible()

  controls = await openProctorPanel(page)
  await expect(controls.getByTestId('proctor-remaining')).toHaveText('10:00')
  // Past the session's limit (the exam's own 10 minutes in all): refused beside the field, nothing asked or sent.
  await controls.getByLabel('Minutes to add').fill('99999')
  await controls.getByLabel('Reason for the extra time').fill('Fire alarm in the hall')
  await controls.getByRole('button', { name: 'Add time' }).click()
  await expect(controls.getByRole('alert')).toHaveText('Extra time must be 1–10 minutes.')
  await expect(controls.getByLabel('Minutes to add')).toHaveAttribute('aria-invalid', 'true')
  await expect(controls.getByLabel('Minutes to add')).toBeFocused()
  await expect(controls.getByTestId('extend-question')).toBeHidden()
  await expect(controls.getByTestId('proctor-remaining')).toHaveText('10:00')
  await controls.getByLabel('Minutes to add').fill('5')
  await controls.getByLabel('Reason for the extra time').fill('Fire alarm in the hall')
  await controls.getByRole('button', { name: 'Add time' }).click()
  // Nothing is sent until the proctor confirms the new time left (the exam is paused, so no end time yet).
  await expect(controls.getByTestId('extend-question')).toContainText('15:00 left when the exam resumes')
  await controls.getByRole('button', { name: 'Add 5 minutes' }).click()
  await expect(controls.getByTestId('proctor-remaining')).toHaveText('15:00')
  await expect(controls.getByRole('list', { name: 'Extra time given' })).toContainText('+5 minutes at')
  await expect(controls.getByRole('list', { name: 'Extra time given' })).toContainText('Fire alarm in the hall')
  await controls.getByRole('button', { name: 'Resume the exam' }).click()
  await expect(controls.getByTestId('proctor-session-state')).toHaveText('In progress')
  await closeProctorPanel(page)

  await expect(page.getByRole('heading', { name: /Question 1 of/ })).toBeVisible()
  await expect(page.getByRole('timer').first()).toContainText('15:00')
  // The clock jumped up: the candidate is told why, and the notice stays until they close it.
  const notice = page.getByTestId('time-added')
  await expect(notice).toContainText('The proctor added 5 minutes to your exam.')
  await expectAccessible(page, "the candidate's notice of added time")
  await notice.getByRole('button', { name: 'Close this notice' }).click()
  await expect(notice).toBeHidden()
  await submitExam(page)
  controls = await openProctorPanel(page)
  await expect(controls.getByTestId('proctor-session-state')).toHaveText('Submitted')
})

test('a wrong PIN is refused; incidents appear as they happen; the proctor ends a session with a reason and unlocks the exit', async ({
  page,
  station,
}) => {
  await seedStation(station, { roster: false })
  await page.goto(station.url)
  await page.keyboard.press('Control+Alt+KeyP')
  const panel = proctorPanel(page)
  await panel.getByLabel('Proctor PIN').fill('111111')
  await panel.getByLabel('Proctor PIN').press('Enter')
  await expect(panel.getByRole('alert')).toHaveText('The proctor PIN is not correct.')
  await panel.getByLabel('Proctor PIN').fill('135790')
  await panel.getByLabel('Proctor PIN').press('Enter')

  // No roster: the proctor types the name.
  await expect(panel.getByRole('region', { name: 'Station checks' })).toContainText(
    'Displays are not checked in the browser host.',
  )
  await panel.getByLabel('Candidate ID').fill('W-17')
  await panel.getByLabel('Full name').fill('Walk-in Candidate')
  await panel.getByRole('button', { name: 'Start the session' }).click()
  await expect(panel.getByText('Walk-in Candidate (W-17)')).toBeVisible()
  // The station's environment checks ran at the start (not blocking here) and are in the session's record.
  await expect(panel.getByTestId('incident-list').getByRole('listitem').first()).toContainText('Environment check')

  // The kiosk shell swallows Alt+F4, then the window loses focus; the panel shows both, newest first, without being asked.
  expect(
    await reportOsEvent(station, {
      kind: 'key-blocked',
      keys: 'Alt+F4',
      category: 'close',
      reason: 'closing the window would leave the exam',
    }),
  ).toBe(true)
  expect(await reportOsEvent(station, { kind: 'blur' })).toBe(true)
  const incidents = panel.getByTestId('incident-list')
  await expect(incidents).toHaveAttribute('aria-live', 'polite')
  const [newest, blockedKey] = [incidents.getByRole('listitem').nth(0), incidents.getByRole('listitem').nth(1)]
  await expect(newest).toContainText('The exam window lost focus')
  await expect(blockedKey).toContainText('Blocked attempt to leave the exam')
  await expect(blockedKey).toContainText('Alt+F4 was blocked (close the window).')
  // On the test clock's fixed morning, shown in the station's time zone.
  await expect(blockedKey.locator('time')).toHaveText(/^9:00\sAM$/)
  await expectAccessible(page, 'the proctor panel')

  await panel.getByRole('button', { name: 'End the session' }).click()
  await panel.getByRole('button', { name: 'End the session' }).click()
  await expect(panel.getByText('Please give a reason.')).toBeVisible()
  await panel.getByLabel('Reason', { exact: true }).fill('Wrong candidate at this desk')
  await panel.getByRole('button', { name: 'End the session' }).click()
  await expect(panel.getByTestId('proctor-session-state')).toHaveText('Submitted')

  await panel.getByRole('button', { name: 'Unlock the exit' }).click()
  await panel.getByRole('button', { name: 'Unlock the exit' }).click()
  await expect(panel.getByText('The exit is unlocked: the window may be closed once.')).toBeVisible()
  await page.keyboard.press('Escape')
  await expect(panel).toBeHidden()
  await expect(page.getByRole('heading', { name: 'The proctor ended your exam' })).toBeVisible()

  // The admin reads the session's story afterwards: who ended it and why, and the incidents in words.
  await (await openProctorPanel(page)).getByRole('button', { name: 'Open administration' }).click()
  await signInAdmin(page)
  await adminSection(page, 'Sessions')
  await expect(page.getByRole('cell', { name: 'Ended by the proctor: Wrong candidate at this desk' })).toBeVisible()
  await page.getByRole('button', { name: 'Story of W-17' }).click()
  const story = page.getByRole('region', { name: 'Story of Walk-in Candidate (W-17)' })
  await expect(story).toBeVisible()
  await expect(story).toContainText('Ended by the proctor')
  await expect(story).toContainText('Reason: Wrong candidate at this desk')
  await expect(story).toContainText('Alt+F4 was blocked (close the window).')
  await expect(story).toContainText('The exam window lost focus')
  await expectAccessible(page, "the admin's session story")
})
