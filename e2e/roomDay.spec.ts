import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import { verifyBundle } from '../electron/core/bundle/bundleVerifier'
import { invigil, prepareRoomSitting, type Proc } from '../test/testing/roomProcesses'
import { expectAccessible } from './support/adminUi'
import { translator } from './support/locale'
import { watchPageProblems } from './support/pageProblems'
import { seriousAxeFindings } from './support/axe'
import {
  candidatePage,
  checkInAtSeat,
  hostStation,
  seatButton,
  sendToAllSeats,
  serveRoom,
  signInToConsole,
  startOnceReleased,
  type HostedStation,
} from './support/roomStations'

// A morning in a room, every part its own process: `invigil room serve` on the proctor's PC and three lab PCs, each
// `invigil host --room` on its own data directory with the sitting installed. The proctor's console and the three
// candidates' screens are pages in Chromium. The seat map fills as candidates are checked in, who wait for the
// proctor's release of the start; an announcement, a pause-all and an extend-all reach every screen and every
// station's signed log, and the results reach the room as candidates submit.
const t = translator('en')
const CANDIDATES = [
  { id: 'C-001', name: 'Ann', seat: 'A-01' },
  { id: 'C-002', name: 'Bo', seat: 'A-02' },
  { id: 'C-003', name: 'Cy', seat: 'A-03' },
]
const started: Proc[] = []
let dir: string
let roomDir: string
let roomUrl: string
const stations: HostedStation[] = []

// Hangs show within a minute; the whole morning may take a few on a loaded machine.
test.use({ locale: 'en-US', actionTimeout: 60_000 })
test.describe.configure({ timeout: 600_000 })

test.beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'invigil-e2e-room-day-'))
  const sitting = await prepareRoomSitting(dir, started)
  const room = await serveRoom(dir, sitting, started)
  ;({ roomDir, roomUrl } = room)
  for (const [index] of CANDIDATES.entries())
    stations.push(await hostStation(join(dir, `pc-${String(index + 1)}`), sitting, room, started))
})

test.afterAll(async () => {
  for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
  await rm(dir, { recursive: true, force: true })
})

test('a room of three stations: seats fill, the start waits for its release, an announcement, pause-all and extend-all reach every screen and log, results collected', async ({
  page: console,
  browser,
}) => {
  // Console errors, warnings and failed loads of every page of the morning, by page.
  const problems = new Map<string, string[]>([['room console', watchPageProblems(console)]])
  await signInToConsole(console, roomUrl)
  const seat = (c: (typeof CANDIDATES)[number], state: string, answered: number) =>
    seatButton(console, c, state, answered)

  const pages: Page[] = []
  for (const station of stations)
    pages.push(await candidatePage(browser, station, (page) => problems.set(station.url, watchPageProblems(page))))
  // Checked in, the candidates read the rules and wait: Start is held until the proctor releases the start.
  for (const [index, candidate] of CANDIDATES.entries()) {
    const page = pages[index]
    if (!page) throw new Error('no page')
    await checkInAtSeat(page, candidate)
    await expect(page.getByTestId('waiting-for-release')).toHaveText(t('instructions.waitingForRelease'))
    await expect(page.getByRole('button', { name: 'Start the exam' })).toBeDisabled()
    await expect(seat(candidate, 'checked_in', 0)).toBeVisible({ timeout: 30_000 })
  }
  await sendToAllSeats(console, 'release_start', 'everyone is seated')
  for (const [index, candidate] of CANDIDATES.entries()) {
    const page = pages[index]
    if (!page) throw new Error('no page')
    // The screen learns of the signed release by itself: no reload.
    await startOnceReleased(page)
    await page.getByRole('radio', { name: 'True' }).check()
    await expect(page.getByRole('status').first()).toHaveText(/(^|\s)Saved$/)
    // The seat on the proctor's map follows within a heartbeat or two.
    await expect(seat(candidate, 'running', 1)).toBeVisible({ timeout: 30_000 })
  }
  await expectAccessible(console, 'the room console with three running seats')

  // An announcement reaches every screen while the candidate works, and takes no focus from their answer.
  await sendToAllSeats(console, 'announce', 'calculators seen', 'Calculators must stay in your bag.')
  for (const page of pages) {
    const notices = page.getByTestId('room-notices-panel')
    await expect(notices).toContainText('Calculators must stay in your bag.', { timeout: 30_000 })
    await expect(page.getByRole('radio', { name: 'True' })).toBeFocused()
    await expect(page.getByTestId('room-notice-live')).toContainText('Calculators must stay in your bag.')
  }
  const first = pages[0]
  if (!first) throw new Error('no page')
  expect(await seriousAxeFindings(first), 'axe-core on a candidate screen with an announcement').toEqual([])
  await first.getByRole('button', { name: t('roomNotices.hide') }).press('Enter')
  await expect(first.getByRole('button', { name: t('roomNotices.show', { count: 1 }, 1) })).toBeFocused()

  await sendToAllSeats(console, 'pause', 'fire alarm')
  for (const page of pages) await expect(page.getByRole('heading', { name: 'The exam is paused' })).toBeVisible()
  for (const candidate of CANDIDATES) await expect(seat(candidate, 'paused', 1)).toBeVisible({ timeout: 30_000 })
  await expect(console.getByTestId('room-commands').locator('[data-seq="3"]')).toContainText(
    t('room.commands.appliedEverywhere'),
    { timeout: 30_000 },
  )

  await sendToAllSeats(console, 'extend', 'time lost to the fire alarm')
  await sendToAllSeats(console, 'resume', 'all clear')
  for (const page of pages) {
    await expect(page.getByRole('heading', { name: /Question 1 of/ })).toBeVisible()
    await expect(page.getByTestId('time-added')).toContainText(t('timer.added', { minutes: 10 }, 10))
  }
  await expect(console.getByTestId('room-commands').locator('[data-seq="5"]')).toContainText(
    t('room.commands.appliedEverywhere'),
    { timeout: 30_000 },
  )

  for (const page of pages) {
    await page.getByRole('button', { name: 'Review and submit' }).click()
    await page.getByRole('button', { name: 'Submit the exam' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Submit now' }).click()
    await expect(page.getByRole('heading', { name: 'Your exam has been submitted' })).toBeVisible()
  }
  await expect(console.getByTestId('room-collected')).toHaveText(t('room.collected', { collected: 3, expected: 3 }), {
    timeout: 60_000,
  })
  for (const candidate of CANDIDATES) await expect(seat(candidate, 'submitted', 1)).toBeVisible()

  // Every station's signed log holds the five room commands, each applied there; the bundle verifies.
  for (const station of stations) {
    const files = await readdir(join(station.dir, 'room-bundles'))
    expect(files).toHaveLength(1)
    const verified = await verifyBundle(await readFile(join(station.dir, 'room-bundles', files[0] ?? '')))
    if (!verified.ok) throw new Error(`${station.dir}: ${verified.reason}`)
    const types = verified.eventLines.map((line) => (JSON.parse(line) as { type: string }).type)
    const actions = verified.eventLines
      .map((line) => JSON.parse(line) as { type: string; data: { command?: { action: string } } })
      .filter((event) => event.type === 'room_command')
      .map((event) => event.data.command?.action)
    expect(actions).toEqual(['release_start', 'announce', 'pause', 'extend', 'resume'])
    expect(types).toEqual(expect.arrayContaining(['paused', 'extended', 'resumed', 'submitted']))
  }

  // The sitting's report is built on the room PC from what the room collected.
  const report = join(dir, 'report.html')
  const built = invigil(['results', 'report', '--db', join(roomDir, 'results.db'), '-o', report], started)
  expect(await built.exited, built.err()).toBe(0)
  const html = await readFile(report, 'utf8')
  for (const candidate of CANDIDATES) expect(html).toContain(candidate.id)
  // Checked while every process still runs (afterAll stops them).
  for (const [page, found] of problems)
    expect(found, `console errors, warnings and failed loads on ${page}`).toEqual([])
})
